"""Amounts of money as people type them, read one strict way for the whole project.

`parse_pounds` is the only reader of typed or imported money: every money box on a form
(`dpss.ui.forms.MoneyField`) and every money column of an import use it, so "1E9", "1,2,3" or digits
from another script never become an amount (docs/gotchas.md#gotcha-money-parsing).

It takes pounds and pence: an optional "£", the digits 0 to 9, commas only between groups of three
("1,540.00"; not "1,5,40" or "15,40"), at most two decimal places, and a minus sign ("-25.00", "-£25.00",
or "−£25.00" as `dpss.formatting.pounds` writes it) only where the amount may be below zero. Anything bigger
than `most` (by default `MONEY_MOST`, £1,000,000: far more than any one payment or answer; a bigger figure
is a typing slip) is refused. Each refusal is a `ValidationError` whose code says what is wrong and whose
message says how to put it right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The largest amount (either side of zero) any one money field takes unless it sets its own `most`.
MONEY_MOST = Decimal("1000000")
# Longer than any amount up to a billion written with commas, "£" and pence: anything longer is not money.
LONGEST = 30

_SHAPE = re.compile(r"(?P<minus>[-−]?)(?:£ *)?(?P<minus_after>[-−]?)(?P<whole>[0-9,]+)(?:\.(?P<pence>[0-9]+))?")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_ASCII_DIGITS = frozenset("0123456789")


def money_messages(what: str, *, most: Decimal = MONEY_MOST, allow_negative: bool = False) -> dict[str, str]:
    """What `parse_pounds` says for each refusal, by code; `what` names the amount ("the balance")."""
    limit = f"£{most:,.2f}".replace(".00", "")
    largest = f"between -{limit} and {limit}" if allow_negative else f"{limit} or less"
    return {
        "invalid": f"Enter {what} as an amount of money, like 1540.00",
        "digits": f"Enter {what} using the numbers 0 to 9, like 1540.00",
        "commas": f"Enter {what} with commas only between groups of 3 numbers, like 1,540.00, or with no commas",
        "max_decimal_places": f"Enter {what} to the nearest penny, like 12.50",
        "negative": f"{what[:1].upper()}{what[1:]} cannot be less than £0. Remove the minus sign",
        "too_large": f"Check {what}: it must be {largest}",
    }


def parse_pounds(
    text: str,
    *,
    what: str = "the amount",
    allow_negative: bool = False,
    most: Decimal = MONEY_MOST,
    messages: Mapping[str, StrOrPromise] | None = None,
) -> Decimal:
    """`text` as pounds and pence, a `Decimal` with 2 places ("£1,540" is Decimal("1540.00")).

    Raises `ValidationError` with one of the codes of `money_messages` (its wording, or `messages`'s for
    that code). Blank text is "invalid": a form decides for itself whether an amount may be left out.
    """
    said: dict[str, StrOrPromise] = {
        **money_messages(what, most=most, allow_negative=allow_negative),
        **(messages or {}),
    }

    def refuse(code: str) -> ValidationError:
        return ValidationError(said[code], code=code)

    text = text.strip()
    shape = _SHAPE.fullmatch(text) if len(text) <= LONGEST else None
    if shape is None or (shape["minus"] and shape["minus_after"]):
        if any(character.isdigit() and character not in _ASCII_DIGITS for character in text):
            raise refuse("digits")
        raise refuse("invalid")
    whole, pence = shape["whole"], shape["pence"] or ""
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise refuse("commas")
    if len(pence) > 2:
        raise refuse("max_decimal_places")
    value = Decimal(f"{whole.replace(',', '')}.{pence:0<2}")
    negative = bool(shape["minus"] or shape["minus_after"]) and value != 0
    if negative and not allow_negative:
        raise refuse("negative")
    if value > most:
        raise refuse("too_large")
    return -value if negative else value
