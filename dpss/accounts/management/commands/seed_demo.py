from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dpss.accounts.demo import DEMO_PASSWORD, DEMO_SEEDERS, DEMO_TOTP_SECRET, seed_demo_accounts
from dpss.accounts.models import Role


class Command(BaseCommand):
    help = "Load the demo accounts (safe to run again). Refuses to run in production."

    def handle(self, *args: object, **options: object) -> None:
        try:
            with transaction.atomic():
                accounts = seed_demo_accounts()
                extra_lines = [line for seeder in DEMO_SEEDERS for line in seeder()]
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for account in accounts:
            roles = ", ".join(Role(role).label for role in account.roles)
            self.stdout.write(f"  {account.email:<28} {roles}")
        self.stdout.write(
            f"Staff and practitioner accounts ask for an authenticator code: add the secret {DEMO_TOTP_SECRET} "
            "to an authenticator app, or run `.venv/bin/python manage.py demo_totp_code`."
        )
        for line in extra_lines:
            self.stdout.write(line)
