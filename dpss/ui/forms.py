"""Form pieces every app shares, each written once: money, checked text, several files, choices and radios,
a GOV.UK date input, and putting a service's refusal on a form.

Every field's refusals say what to type. A form that meets a service whose `ValidationError` names
its own keys (say `suspension_reason`) declares once which field shows each: `service_error_fields =
{"suspension_reason": "reason"}` on the form class; `add_service_errors` reads it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import ProhibitNullCharactersValidator

from dpss.money import MONEY_MOST, money_messages, parse_pounds
from dpss.text import TEXT_MOST, UNUSUAL_CHARACTER, too_long_message

ANY = [("", "Any")]


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None, field: str | None = None
) -> None:
    """Put a service's ValidationError on the form: on the field it names (after the form's
    `service_error_fields` and `rename`), else on `field` or at the top of the form, where the error summary
    shows it."""
    rename = {**getattr(form, "service_error_fields", {}), **(rename or {})}
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
    Each part's errors go on its own box, so the error summary links to `id_<name>_0`
    (docs/gotchas.md#gotcha-error-summary-focus).
    """

    def __init__(
        self,
        *,
        what: str,
        example: str | Callable[[], str] = "27 3 2027",
        years: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
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

    def clean(self, value: Any) -> date | None:
        self._set_messages()
        try:
            cleaned: date | None = super().clean(value)
            return cleaned
        except ValidationError as error:
            if getattr(error, "code", None) in ("required", "year"):
                raise
            if self.error_messages["incomplete"] in error.messages:
                raise ValidationError(self.error_messages["incomplete"], code="incomplete") from error
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def compress(self, data_list: list[str]) -> date | None:
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
    label: str,
    choices: Any,
    *,
    message: str,
    invalid: str = "",
    hint: str = "",
    coerce: Callable[[Any], Any] | None = None,
    **kwargs: Any,
) -> forms.ChoiceField:
    """GOV.UK radios whose `message` says what to choose when nothing is chosen, and when something not
    listed is sent (or `invalid`, if given). With `coerce` (like `int`) the chosen value is converted."""
    field_class: type[forms.ChoiceField] = forms.TypedChoiceField if coerce else forms.ChoiceField
    extra: dict[str, Any] = {"coerce": coerce} if coerce else {}
    return field_class(
        label=label,
        help_text=hint,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": invalid or message},
        **extra,
        **kwargs,
    )


def choice_field(label: str, choices: Any, *, what: str, required: bool = False, **kwargs: Any) -> forms.ChoiceField:
    """A select box (a filter, say) whose refusal of a value not listed says “Choose `what` from the list”."""
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=list(choices),
        error_messages={"invalid_choice": f"Choose {what} from the list", "required": f"Choose {what}"},
        **kwargs,
    )


class CheckedTextField(forms.CharField):
    """Text whose refusal of a NUL character (PostgreSQL cannot store one) uses the one wording."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(ProhibitNullCharactersValidator(message=UNUSUAL_CHARACTER))


def text_field(
    label: str,
    *,
    most: int = TEXT_MOST,
    what: str = "",
    required: bool = True,
    required_message: str = "",
    rows: int = 0,
    attrs: dict[str, Any] | None = None,
    error_messages: dict[str, str] | None = None,
    **kwargs: Any,
) -> CheckedTextField:
    """A text box (or, with `rows`, a text area) whose every refusal says what to do: missing (“Enter
    `what`”, or `required_message`), longer than `most`, or holding a NUL character. `what` defaults to the
    label in lower case, like “the subject”; `error_messages` may replace any message. A text area is where
    people write in their own words, so the browser checks its spelling."""
    what = what or "the " + str(label).replace(" (optional)", "").lower()
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={"rows": rows, "spellcheck": "true", **(attrs or {})})
    else:
        widget = forms.TextInput(attrs=attrs)
    return CheckedTextField(
        label=label,
        required=required,
        max_length=most,
        widget=widget,
        error_messages={
            "required": required_message or f"Enter {what}",
            "max_length": too_long_message(what, most),
            **(error_messages or {}),
        },
        **kwargs,
    )


class MoneyField(forms.DecimalField):
    """Pounds and pence typed as text (“£1,540.00” or “1540”), as a `Decimal` to the penny.

    Read by `dpss.money.parse_pounds`, strictly: the digits 0 to 9, commas only between groups of three, at
    most 2 decimal places, no exponent, a minus sign only with `allow_negative`, and no more than `most`
    either side of zero (`MONEY_MOST`, £1,000,000, unless the field sets its own). A text box with
    `inputmode="decimal"`: a number box gets no GOV.UK style and its browser checks refuse “£1,250.50”
    (docs/gotchas.md#gotcha-decimal-input). `what` names the amount in messages (“the balance”; by default the
    label in lower case); `error_messages` may replace any message, by the codes of `dpss.money.money_messages`
    or "required".
    """

    widget = forms.TextInput

    def __init__(
        self,
        *,
        label: str,
        what: str = "",
        allow_negative: bool = False,
        most: Decimal = MONEY_MOST,
        error_messages: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.allow_negative, self.most = allow_negative, most
        self.what = what or "the " + str(label).replace(" (optional)", "").lower()
        messages = {
            "required": f"Enter {self.what}",
            **money_messages(self.what, most=most, allow_negative=allow_negative),
        }
        super().__init__(
            label=label,
            max_digits=12,
            decimal_places=2,
            error_messages={**messages, **(error_messages or {})},
            **kwargs,
        )
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}
        )

    # django-stubs gives DecimalField IntegerField's to_python (int | None), hence the ignore.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        # A Decimal or int (an initial value, a test) is read as its plain digits, like typed text.
        text = value if isinstance(value, str) else format(value, "f") if isinstance(value, Decimal) else str(value)
        return parse_pounds(
            text,
            what=self.what,
            allow_negative=self.allow_negative,
            most=self.most,
            messages=self.error_messages,
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No HTML min or step: the text box must take “£1,250.50” without the browser refusing it.
        return {}


class FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.Field):
    """Any number of uploaded files, as a list. Only collected here: the service checks each one by its
    content (`dpss.uploads.check_upload`) and says what is wrong with it."""

    widget = FilesInput

    def to_python(self, data: Any) -> list[UploadedFile]:
        items = data if isinstance(data, (list, tuple)) else [data]
        return [item for item in items if isinstance(item, UploadedFile)]


def valid_filters(form: forms.Form, into: type[Any], *, renames: dict[str, str] | None = None) -> Any:
    """The filters of a search or list form (sent with GET) as the dataclass `into`: each value that is valid,
    under its field's name (or the dataclass name `renames` gives it). A value that is not valid is reported on
    the form and left at the dataclass's default, so the other filters still apply."""
    form.is_valid()
    renames = renames or {}
    names = {field.name for field in dataclasses.fields(into)}
    values = {renames.get(name, name): value for name, value in getattr(form, "cleaned_data", {}).items()}
    return into(**{name: value for name, value in values.items() if name in names})
