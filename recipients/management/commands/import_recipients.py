"""manage.py import_recipients FILE.csv: bring in people (and their direct payments) by council reference."""

from recipients.models import ImportRun

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import recipients from a CSV file, updating people already in the portal by their council reference."
    kind = ImportRun.Kind.RECIPIENTS
