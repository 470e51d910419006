"""Free text people type, checked once before it is stored, with one wording for every refusal.

PostgreSQL cannot store a NUL character, so text holding one is refused with
`UNUSUAL_CHARACTER` (forms use the same words: `dpss.ui.forms.text_field`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def unusual_character_message(where: str = "this text") -> str:
    """The one wording for text holding a NUL character: “Remove the unusual character from `where`, then try
    again.” (a form says “this text”; an import names its column)."""
    return f"Remove the unusual character from {where}, then try again."


UNUSUAL_CHARACTER = unusual_character_message()
# The longest free text staff or people may type in one box (a reply, a note).
TEXT_MOST = 10_000


def too_long_message(what: str, most: int) -> str:
    """“Your reply must be 10,000 characters or fewer”: `what` names the text in a sentence, in lower case,
    like “your reply” or “the subject”, never a question label like “What do you need help with?”."""
    return f"{what[0].upper()}{what[1:]} must be {most:,} characters or fewer"


def clean_text(value: str, *, field: str) -> str:
    """The text without surrounding spaces. A NUL character is refused, on `field`."""
    value = str(value or "")
    if "\x00" in value:
        raise ValidationError({field: UNUSUAL_CHARACTER})
    return value.strip()


def text_checked(value: object, *, field: str, what: str, required: bool = True, most: int = TEXT_MOST) -> str:
    """Typed text, checked: a string, no NUL character, not empty when required, not longer than `most`.
    Each refusal is on `field` and names the text (`what`, like “your reply”)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: f"Enter {what} as text"})
    value = clean_text(value, field=field)
    if required and not value:
        raise ValidationError({field: f"Enter {what}"})
    if len(value) > most:
        raise ValidationError({field: f"{too_long_message(what, most)} (it is {len(value):,})"})
    return value
