"""`manage.py queries_recompute`: work out every open query's clocks again from its timeline."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from queries.services import sla


class Command(BaseCommand):
    help = "Recompute the clocks of every open query from its timeline, in batches, printing progress."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="queries per batch (default 500)")

    def handle(self, *args, batch_size: int, **options) -> None:
        total = sla.open_queries().count()
        self.stdout.write(f"Recomputing the clocks of {total:,} open queries")

        def progress(done: int) -> None:
            self.stdout.write(f"  {done:,} of {total:,} done")

        done = sla.sla_recompute_open(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Recomputed {done:,} open queries."))
