"""A form sent twice is done once (docs/adr/0011-a-form-sent-twice-is-done-once.md).

A double click, two tabs, the browser sending a form again, or the back button and the button pressed again
all send the same thing to the same page. Its fingerprint (who, which page, every value and file sent) is the
submission's idempotency key: `submission_claim` inserts it in a savepoint before the service runs, and the
database's unique index decides. A second identical send that arrives while the first is still running waits
for the first to commit (PostgreSQL holds the second insert on the index) and then fails the unique check; it
gets the first one's row, never a second query, payment or email. If the first is refused (a `ValidationError`
rolls its savepoint back) the key is free again, so the second is done, or refused, as if it came alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Submission

#: How long the same thing sent again to the same page counts as the same submission.
REPEAT_WINDOW = timedelta(minutes=10)
#: Fields that change from one sending of the same form to the next, so they are not part of what was sent.
NOT_SENT_BY_THE_PERSON = frozenset({"csrfmiddlewaretoken"})


class AlreadySent(Exception):
    """The same form was sent a moment ago; `earlier` is its row (None if it was forgotten meanwhile)."""

    def __init__(self, earlier: Submission | None) -> None:
        super().__init__("This form was already sent.")
        self.earlier = earlier


def submission_fingerprint(
    *,
    sender: str,
    page: str,
    values: Iterable[tuple[str, list[str]]],
    files: Iterable[tuple[str, list[UploadedFile]]] = (),
) -> str:
    """A SHA-256 of who sent the form (`sender`: a user or session), the page it was sent to and what was sent.

    Nothing readable is kept: a query's text or a payment's amount is only part of the hash."""
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)

    add(sender, page)
    for name, sent in sorted(values):
        if name not in NOT_SENT_BY_THE_PERSON:
            add("value", name, *sent)
    for name, uploads in sorted(files, key=lambda item: item[0]):
        for upload in uploads:
            add("file", name, upload.name or "", str(upload.size))
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def submission_claim(*, fingerprint: str, window: timedelta = REPEAT_WINDOW) -> Submission:
    """Record that this form is being done, in the caller's transaction; raise `AlreadySent` when the same
    was done within `window` (or is being done now: the insert waits for that transaction to end)."""
    now = timezone.now()
    Submission.objects.filter(fingerprint=fingerprint, created_at__lt=now - window).delete()
    try:
        with transaction.atomic():
            return Submission.objects.create(fingerprint=fingerprint, created_at=now)
    except IntegrityError:
        raise AlreadySent(Submission.objects.filter(fingerprint=fingerprint).first()) from None


def submission_done(*, submission: Submission, result_url: str) -> None:
    """Keep where the first send went next, for a second one to go there too."""
    longest = Submission._meta.get_field("result_url").max_length or 0
    submission.result_url = result_url if len(result_url) <= longest else ""
    submission.save(update_fields=["result_url"])


def submissions_forget(*, window: timedelta = REPEAT_WINDOW) -> int:
    """Delete the rows of forms sent longer ago than the repeat window (beat runs it every hour)."""
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - window).delete()
    return deleted
