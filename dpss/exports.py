"""Cells of CSV files people download and open in a spreadsheet, and the names of files.

Text that a spreadsheet could run as a formula (it starts with = + - @, a tab
or a carriage return) gets an apostrophe in front, so opening the file runs
nothing. Amounts are written as plain numbers to the penny.

A file name, for a download (`Content-Disposition`) or for storage, is built
with `safe_filename` from safe parts only: letters, digits, spaces and
`. _ - ( )`, never a new line, a quote, a slash or `..`, however the parts
were typed or imported (docs/gotchas.md#gotcha-council-references).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils.http import content_disposition_header

# Anything but letters, digits, the underscore, a space and . ( ) -: replaced by a hyphen.
_UNSAFE_IN_NAMES = re.compile(r"[^\w .()-]+")
_MAX_NAME = 120

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet will treat as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_filename(stem: str, extension: str) -> str:
    """`stem.extension` with only safe characters, never empty, never starting with a dot or hyphen."""
    text = _UNSAFE_IN_NAMES.sub("-", unicodedata.normalize("NFKC", stem))
    text = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", re.sub(r" {2,}", " ", text)))
    text = text.strip(" ._-")[:_MAX_NAME].strip(" ._-") or "download"
    suffix = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    return f"{text}.{suffix}" if suffix else text


def attachment_disposition(filename: str) -> str:
    """A `Content-Disposition` header value for a download named (safely) after `filename`."""
    stem, dot, extension = filename.rpartition(".")
    safe = safe_filename(stem, extension) if dot else safe_filename(filename, "")
    header: str = content_disposition_header(True, safe) or "attachment"
    return header
