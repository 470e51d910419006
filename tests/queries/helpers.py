"""Helpers the queries tests share (fixtures they share are in conftest.py)."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from queries.models import Query, QueryEvent
from queries.services.timeline import event_add
from tests.queries.factories import QueryFactory

LONDON = ZoneInfo("Europe/London")
# A Tuesday morning in working hours, far from bank holidays.
TUESDAY_10AM = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
# What a caller says when staff log a query for them (it matches the payroll topic's rules).
PAYROLL_LOGGED = "Her PA's payslip is wrong and the payroll company does not answer."


def text(response) -> str:
    """The page's HTML with its white space folded, as a person reading it would meet the words."""
    return " ".join(response.content.decode().split())


def pdf(name="letter.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name="photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def raised_query(**kwargs) -> Query:
    """A query as raising one leaves it: a row and its "raised" event, with its clocks worked out."""
    kwargs.setdefault("requester_email", "")
    query = QueryFactory(**kwargs)
    event_add(query=query, kind=QueryEvent.Kind.RAISED, body=query.description, is_public=True, at=query.created_at)
    query.refresh_from_db()
    return query
