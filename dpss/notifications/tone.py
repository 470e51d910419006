"""The words the service has agreed not to use with the people it supports.

docs/domain.md#words: letters must read as a partner, not an auditor. Tests
scan every template and generated message with `unwelcome_words`.
"""

import re

# Each pattern, and the words to use instead.
UNWELCOME = {
    r"\baudit(s|ed|ing)?\b": "financial check-up",
    r"\bunauthori[sz]ed (expenditure|spending)\b": "spending that is not in your support plan",
    r"\bmisspen[td]\b": "spending that is not in your support plan",
    r"\bclaw ?-?back\b": "asking for unspent money back",
    r"\bterminat(e|ed|es|ing|ion)\b": "ending your direct payment",
    r"\bservice users?\b": "the person's name, or “you”",
}
_PATTERNS = [(re.compile(pattern, re.IGNORECASE), instead) for pattern, instead in UNWELCOME.items()]


def unwelcome_words(text: str) -> list[tuple[str, str]]:
    """Each unwelcome phrase found in `text`, with what to say instead."""
    return [(match.group(0), instead) for pattern, instead in _PATTERNS for match in pattern.finditer(text)]
