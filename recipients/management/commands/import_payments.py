"""manage.py import_payments FILE.csv: bring in payments (and balances) from a Virtual Wallet or finance export."""

from recipients.models import ImportRun

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import payments from a CSV file, updating payments already recorded by their reference."
    kind = ImportRun.Kind.PAYMENTS
