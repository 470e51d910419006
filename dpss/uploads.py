"""Checking files people upload: by what is inside them, not by their name (docs/quality.md#uploads).

A file is accepted only when its bytes are a PDF, JPEG or PNG: a PDF must
start with the PDF signature, and an image must open in Pillow (the library
Django's own ImageField uses) as a JPEG or PNG. Empty files, files over the
size cap and names with a second file ending hidden inside them
("invoice.php.pdf") are refused. Every refusal says what to do next.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from PIL import Image

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSION = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
ALLOWED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png"}
PIL_FORMATS = {"JPEG": JPEG, "PNG": PNG}
PDF_SIGNATURE = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# An inner ending that looks like a file type (".php", ".exe", ".pdf"), not a
# date or version number (".03", ".2025").
_INNER_ENDING = re.compile(r"^\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,4}$", re.IGNORECASE)
NAME_LIMIT = 200


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the name to show people, made safe
    content_type: str
    extension: str  # what we store it as, from its content
    size: int


def display_name(raw: str) -> str:
    """The file's own name, without folders or control characters, short enough to keep."""
    name = PurePosixPath(str(raw).replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > NAME_LIMIT:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: NAME_LIMIT - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 5 else name[:NAME_LIMIT]
    return name or "file"


def check_upload(upload: UploadedFile, *, max_bytes: int) -> CheckedFile:
    """Accept a PDF, JPEG or PNG up to `max_bytes`, judged by its content; else ValidationError."""
    name = display_name(upload.name or "")
    size = upload.size or 0
    megabytes = max_bytes // (1024 * 1024)
    if size == 0:
        raise ValidationError(f"“{name}” is empty. Check it opens on your device, then choose it again.")
    if size > max_bytes:
        raise ValidationError(
            f"“{name}” is bigger than {megabytes} MB. Try a smaller photo or scan, or send the pages as separate files."
        )
    suffixes = PurePosixPath(name.lower()).suffixes
    if any(_INNER_ENDING.match(suffix) for suffix in suffixes[:-1]):
        raise ValidationError(
            f"“{name}” has more than one file ending. Rename it so it ends only in .pdf, .jpg or .png, then try again."
        )
    wrong_type = ValidationError(
        f"“{name}” is not a PDF, JPEG or PNG file. Save or scan it as a PDF, JPEG or PNG, then try again."
    )
    if not suffixes or suffixes[-1] not in ALLOWED_SUFFIXES:
        raise wrong_type
    content_type = _sniff(upload)
    if content_type is None:
        raise wrong_type
    return CheckedFile(name=name, content_type=content_type, extension=EXTENSION[content_type], size=size)


class UploadRecord(Protocol):
    """A model instance with the fields `checked_upload_save` fills (a query attachment, check-up evidence)."""

    original_name: str
    content_type: str
    size: int
    sha256: str
    file: FieldFile

    def full_clean(self, exclude: list[str]) -> None: ...

    def save(self) -> None: ...


def checked_upload_save(record: UploadRecord, *, upload: UploadedFile, checked: CheckedFile) -> None:
    """Keep a file `check_upload` accepted on `record`, a new model instance with `file`, `original_name`,
    `content_type`, `size` and `sha256`: stored under a random name with what it is and its checksum, then
    the record saved (call inside the service's transaction). If the record cannot be saved the stored file
    is removed and the error raised."""
    record.original_name = checked.name
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = _sha256(upload)
    record.file.save(f"{uuid.uuid4().hex}.{checked.extension}", upload, save=False)
    name = record.file.name
    try:
        record.full_clean(exclude=["file"])
        record.save()
    except Exception:
        if name:
            record.file.storage.delete(name)
        raise


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(PDF_SIGNATURE):
            return PDF
        if head.startswith(PNG_SIGNATURE) or head.startswith(JPEG_SIGNATURE):
            return _image_type(upload)
        return None
    finally:
        upload.seek(0)


def _image_type(upload: UploadedFile) -> str | None:
    """JPEG or PNG if Pillow can read the image's structure; None for anything else or a broken file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = PIL_FORMATS.get(image.format or "")
                image.verify()
    except Exception:  # Pillow raises many kinds of error for files that are not images
        return None
    return found
