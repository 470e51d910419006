"""What `import_recipients` and `import_payments` share: one service, the same report as the upload page."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dpss.accounts.models import User
from recipients.models import ImportRun
from recipients.services import imports


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, first row naming the columns)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the rows that are right and list the rest (otherwise nothing is imported until all are)",
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="the portal account of the person importing: the log of changes names them",
        )

    def handle(self, *args, file: Path, skip_invalid: bool, by: str | None, **options) -> None:
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active account has the email address {by}.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        try:
            run = imports.import_file(kind=self.kind, path=file, skip_invalid=skip_invalid, actor=actor)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        summary = imports.import_run_summary(run)
        self.stdout.write(summary.headline)
        for line in summary.lines:
            self.stdout.write(f"  {line}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError("The import failed.")
        if run.error_count:
            raise CommandError(f"{run.error_count:,} rows were rejected.", returncode=2)
