"""UK postcodes as the record keeps them: upper case, one space between the two halves ("SO23 8UJ")."""

from __future__ import annotations

import re

# A whole postcode typed without its space, like "so238uj": outward code, then inward code.
_WITHOUT_SPACE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{0,2})$")
_WHOLE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")


def normalise(text: str) -> str:
    """Upper case, one space, and the space put back if it was left out.

    "so23" stays "SO23" (a partial postcode); "so238uj" and "SO23  8UJ" become "SO23 8UJ".
    """
    compact = "".join(text.upper().split())
    match = _WITHOUT_SPACE.match(compact) if len(compact) >= 5 else None
    if match:
        return f"{match.group(1)} {match.group(2)}"
    return " ".join(text.upper().split())


def is_whole_postcode(text: str) -> bool:
    """Is `text` (already normalised) a whole UK postcode, like "SO23 8UJ" or "PO1 2DX"?"""
    return bool(_WHOLE.match(text))
