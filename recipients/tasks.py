"""Celery tasks of the direct payment record: ids in, a service call, nothing else."""

from celery import shared_task

from .services import checkups, documents, imports


@shared_task(ignore_result=True)
def document_version_render(version_id: int) -> None:
    documents.document_version_render(version_id=version_id)


@shared_task(ignore_result=True)
def document_versions_sweep() -> None:
    documents.document_versions_sweep()


@shared_task(ignore_result=True)
def checkups_schedule() -> None:
    """Daily: open the financial check-ups that are due (docs/domain.md#rule-13)."""
    checkups.checkups_schedule()


@shared_task(ignore_result=True)
def import_run_execute(run_id: int) -> None:
    imports.import_run_execute(run_id=run_id)


@shared_task(ignore_result=True)
def import_runs_sweep() -> None:
    imports.import_runs_sweep()
