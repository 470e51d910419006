"""Form pieces every app shares: a GOV.UK date input, and putting a service's refusal on a form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
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


class DateField(DateInputField):
    """A GOV.UK date input (day, month and year boxes) whose every refusal says what to type.

    `what` names the date in a message ("the review-by date"); `example` is a date as typed, like "27 3 2027"
    (or a function giving one, such as today's date). Anything that is not a real date (an impossible day,
    letters, a NUL byte, a box longer than 4 numbers) gets one message. `years` optionally bounds the year.
    Each part's errors go on its own box, so the error summary links to `id_<name>_0` (GOTCHAS.md).
    """

    def __init__(
        self,
        *,
        what: str,
        example: str | Callable[[], str] = "27 3 2027",
        years: tuple[int, int] | None = None,
        **kwargs,
    ):
        super().__init__(require_all_fields=False, **kwargs)
        self.what, self.example, self.years = what, example, years
        for part in self.fields:
            part.max_length = 4
        self._set_messages()

    def _set_messages(self) -> None:
        example = self.example() if callable(self.example) else self.example
        self.error_messages["required"] = f"Enter {self.what}, like {example}"
        self.error_messages["incomplete"] = f"Enter {self.what} as a day, month and year, like {example}"
        self.error_messages["invalid"] = f"Enter {self.what} as a real date, like {example}"
        for part in self.fields:
            part.error_messages["incomplete"] = self.error_messages["incomplete"]

    def clean(self, value):
        self._set_messages()
        try:
            return super().clean(value)
        except ValidationError as error:
            if getattr(error, "code", None) in ("required", "year"):
                raise
            if self.error_messages["incomplete"] in error.messages:
                raise ValidationError(self.error_messages["incomplete"], code="incomplete") from error
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = data_list
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (TypeError, ValueError, OverflowError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if self.years and not self.years[0] <= value.year <= self.years[1]:
            earliest, latest = self.years
            raise ValidationError(f"Enter a year between {earliest} and {latest} for {self.what}", code="year")
        return value


def radios(
    label: str, choices, *, message: str, invalid: str = "", hint: str = "", coerce=None, **kwargs
) -> forms.ChoiceField:
    """GOV.UK radios whose `message` says what to choose when nothing is chosen, and when something not
    listed is sent (or `invalid`, if given). With `coerce` (like `int`) the chosen value is converted."""
    field_class, extra = (forms.TypedChoiceField, {"coerce": coerce}) if coerce else (forms.ChoiceField, {})
    return field_class(
        label=label,
        help_text=hint,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": invalid or message},
        **extra,
        **kwargs,
    )
