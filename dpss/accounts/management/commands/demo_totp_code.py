from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dpss.accounts.demo import current_demo_totp_code


class Command(BaseCommand):
    help = "Print the current authenticator code of the demo staff and practitioner accounts."

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("There are no demo accounts in production.")
        self.stdout.write(current_demo_totp_code())
