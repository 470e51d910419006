"""The words the service has agreed not to use with the people it supports.

docs/domain.md#words: letters must read as a partner, not an auditor. Tests
scan every template and generated message with `unwelcome_words`.
"""

import re

from django.core.exceptions import ValidationError

# Each pattern, and the words to use instead.
UNWELCOME = {
    r"\baudit(s|ed|ing)?\b": "financial check-up",
    r"\bunauthori[sz]ed\b": "not in your support plan",
    r"\bmisspen(t|d|ds|ding)\b": "spending that is not in your support plan",
    r"\bmisus(e|ed|es|ing)\b": "spending that is not in your support plan",
    r"\bfraud(s|ulent|ulently|ster|sters)?\b": "a question about how the money was spent",
    r"\bclaw ?-?back\b": "asking for unspent money back",
    r"\bterminat(e|ed|es|ing|ion)\b": "ending your direct payment",
    r"\bservice[\s-]+users?\b": "the person's name, or “you”",
    # The threats of the old letters: say what will happen, and that we talk first.
    r"\brefer(s|red|ring)? (your|their|his|her|the) case\b": "we will talk with you about what happens next",
    r"\bsuspen(d|ds|ded|ding|sion)\b": "pause",
    r"\bcommissioned (care|support|services?)\b": "care and support the council arranges for you",
}
_PATTERNS = [(re.compile(pattern, re.IGNORECASE), instead) for pattern, instead in UNWELCOME.items()]


def unwelcome_words(text: str) -> list[tuple[str, str]]:
    """Each unwelcome phrase found in `text`, with what to say instead."""
    return [(match.group(0), instead) for pattern, instead in _PATTERNS for match in pattern.finditer(text)]


def kinder_words(text: str) -> list[str]:
    """A message for each unwelcome word in `text` (each word once), offering the kinder word."""
    messages: list[str] = []
    seen: set[str] = set()
    for word, instead in unwelcome_words(str(text or "")):
        if word.lower() not in seen:
            seen.add(word.lower())
            kinder = instead if "“" in instead else f"“{instead}”"
            messages.append(f"The person will read this: instead of “{word}”, write {kinder}")
    return messages


def words_check(*, keep: bool = False, **texts: str) -> None:
    """At the point of sending: refuse staff-typed `texts` (field name: text) that a person will read and
    that hold unwelcome words, offering the kinder word on each field, unless the member of staff chose to
    `keep` their words (the word is right there, say because the person used it first).

    docs/domain.md#words: this is where replies, notes and reasons that go to people are checked."""
    if keep:
        return
    errors = {field: found for field, text in texts.items() if (found := kinder_words(text))}
    if errors:
        raise ValidationError(errors)
