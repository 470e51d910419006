"""Helpers for views that turn a service's refusal into form errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def add_service_errors(
    form, error: ValidationError, *, rename: dict[str, str] | None = None, field: str | None = None
) -> None:
    """Put a service's ValidationError on the form: on the field it names (after `rename`), else on `field`
    or at the top of the form, where the error summary shows it."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            name = rename.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error.messages)
