"""Free text typed by staff, checked once before it is stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def clean_text(value: str, *, field: str) -> str:
    """The text without surrounding spaces. A NUL character is refused (PostgreSQL cannot store one)."""
    value = str(value or "")
    if "\x00" in value:
        raise ValidationError({field: "Remove the unusual character from this text, then try again."})
    return value.strip()
