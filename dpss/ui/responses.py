"""Answers every app's views give the same way: "not found" for what the person may not see or that does not
exist, and a stored file sent as a download."""

from __future__ import annotations

from typing import TypeVar

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from dpss.exports import attachment_disposition

T = TypeVar("T")


def found_or_404(value: T | None, message: str) -> T:
    """`value`, or 404 with `message` when a selector found nothing (or nothing this person may see)."""
    if value is None:
        raise Http404(message)
    return value


def stored_file_download(file: FieldFile | None, *, filename: str, content_type: str, missing: str) -> FileResponse:
    """A stored file as an attachment that the browser never renders or sniffs; 404 (`missing`) when the record
    has no file or the file has gone from storage."""
    if not file:
        raise Http404(missing)
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404(missing) from error
    response = FileResponse(handle, as_attachment=True, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(filename)  # safe parts only, whatever was uploaded
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
