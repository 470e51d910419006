"""Files sent with a query or a reply: checked by what is inside them and by size, then kept with a checksum.

Only PDF, JPEG and PNG files are accepted, judged by their content
(`dpss.uploads.check_upload`, which also refuses empty files and names
with a second file ending). Every file is checked before anything is kept,
so a refusal keeps nothing and the form can say which file and why, with
everything the person typed still there. Files are stored under a random
name outside the web root and served only through a permission-checked view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from dpss.uploads import CheckedFile, check_upload, checked_upload_save

from ..models import QueryAttachment, QueryEvent

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
FIELD = "attachments"


def attachments_check(files: Iterable[UploadedFile]) -> list[CheckedFile]:
    """Check every file; refuse them all with one message per bad file (under "attachments"), or say which are fine."""
    files = list(files)
    if len(files) > MAX_FILES:
        raise ValidationError(
            {
                FIELD: f"You can send up to {MAX_FILES} files with a query or a reply. You chose {len(files)}. "
                "Choose fewer files, or put several pages in one PDF."
            }
        )
    checked: list[CheckedFile] = []
    problems: list[str] = []
    for upload in files:
        try:
            checked.append(check_upload(upload, max_bytes=MAX_BYTES))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        if checked:
            problems.append("Nothing has been sent yet. Choose the files again (without the ones above), then send.")
        raise ValidationError({FIELD: problems})
    return checked


def attachments_save(*, event: QueryEvent, files: Sequence[UploadedFile]) -> list[QueryAttachment]:
    """Keep the files on one timeline event (call inside the service's transaction). Checked first: all or none."""
    files = list(files)
    checked = attachments_check(files)
    saved: list[QueryAttachment] = []
    try:
        for upload, item in zip(files, checked, strict=True):
            saved.append(_save_one(event=event, upload=upload, checked=item))
    except Exception:
        for attachment in saved:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return saved


def _save_one(*, event: QueryEvent, upload: UploadedFile, checked: CheckedFile) -> QueryAttachment:
    attachment = QueryAttachment(event=event)
    checked_upload_save(attachment, upload=upload, checked=checked)
    return attachment
