"""Reading an import file and its cells, before anything touches the database.

A file is checked as a whole first (not empty, text rather than a workbook or
a picture, UTF-8, one extension, the expected header), then each row cell by
cell. Every message says what is wrong and what to do, in words a person
who exported the file from a finance system can act on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from dpss.money import parse_pounds
from dpss.text import unusual_character_message

from .. import postcodes

# The first bytes of files people upload by mistake, and what to say about them.
SIGNATURES = (
    (b"PK\x03\x04", "This is an Excel workbook or a zip file, not a CSV file."),
    (b"\xd0\xcf\x11\xe0", "This is an older Excel or Word file, not a CSV file."),
    (b"%PDF", "This is a PDF, not a CSV file."),
    (b"\x89PNG", "This is a picture, not a CSV file."),
    (b"\xff\xd8\xff", "This is a picture, not a CSV file."),
    (b"GIF8", "This is a picture, not a CSV file."),
    (b"MZ", "This is a program, not a CSV file."),
    (b"\x7fELF", "This is a program, not a CSV file."),
)
SAVE_AS_CSV = "In your spreadsheet, choose Save As and the type CSV UTF-8, then upload that file."
# Another extension before ".csv" (like "payments.xlsx.csv") hides what the file really is.
OTHER_EXTENSIONS = frozenset(
    [
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "ps1",
        "vbs",
        "js",
        "mjs",
        "jar",
        "sh",
        "py",
        "pl",
        "php",
        "phtml",
        "cgi",
        "asp",
        "aspx",
        "jsp",
        "html",
        "htm",
        "svg",
        "xml",
        "json",
        "xls",
        "xlsx",
        "xlsm",
        "xlsb",
        "ods",
        "doc",
        "docx",
        "odt",
        "pdf",
        "zip",
        "gz",
        "rar",
        "7z",
        "txt",
        "csv",
    ]
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# No amount in a direct payment comes near this; anything bigger is a mistake in the file.
MONEY_LIMIT = Decimal("100000000")
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})


class RowRejected(Exception):
    """This row cannot be imported; the message says why."""


def header_key(cell: str) -> str:
    """A header cell as a column name: "Council reference" and "council-reference" both mean council_reference."""
    return re.sub(r"[\s\-]+", "_", cell.strip().lstrip("\ufeff").strip().lower())


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object]
    # Must be in the header and filled in on every row.
    required: bool = False


@dataclass
class CsvFile:
    header: list[str]
    # (row number as a spreadsheet shows it, the header being row 1; the cells)
    rows: list[tuple[int, list[str]]]


def check_name(name: str) -> None:
    lowered = name.lower().strip()
    if not lowered.endswith(".csv"):
        raise ValidationError("The file name must end in .csv. " + SAVE_AS_CSV)
    inner = lowered[: -len(".csv")].split(".")[1:]
    doubled = [part for part in inner if part in OTHER_EXTENSIONS]
    if doubled:
        raise ValidationError(
            f"The file name has two extensions (.{doubled[-1]}.csv), which can hide what a file really is. "
            "Save it with one, like payments.csv, and upload it again."
        )


def read_csv(*, content: bytes, name: str, columns: Mapping[str, Column]) -> CsvFile:
    """Check a whole file and split it into rows. Raises ValidationError for a file that cannot be read."""
    check_name(name)
    if not content.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise ValidationError("The file is empty. Check you chose the right file.")
    for signature, what in SIGNATURES:
        if content.startswith(signature):
            raise ValidationError(f"{what} {SAVE_AS_CSV}")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(f"The file is saved as Unicode (UTF-16), not UTF-8. {SAVE_AS_CSV}")
    start = content[:8192]
    if start.count(b"\x00") * 100 > len(start):
        # Text has no NUL bytes; a stray one in a cell is reported with its row instead.
        raise ValidationError(f"The file is not plain text. {SAVE_AS_CSV}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ValidationError(f"The file is not saved as UTF-8 text (see line {line}). {SAVE_AS_CSV}") from error
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ValidationError(f"The file cannot be read as CSV: {error}. {SAVE_AS_CSV}") from error
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if any(c.strip() for c in cells)]
    if not numbered:
        raise ValidationError("The file is empty. Check you chose the right file.")
    header = [header_key(cell) for cell in numbered[0][1]]
    _check_header(header, columns)
    rows = numbered[1:]
    if not rows:
        raise ValidationError("The file has a header row but no rows under it. Check you chose the right file.")
    return CsvFile(header=header, rows=rows)


def _check_header(header: list[str], columns: Mapping[str, Column]) -> None:
    expected = ", ".join(name for name, column in columns.items() if column.required)
    if "" in header:
        raise ValidationError(
            f"A column in the first row has no name. The first row must name the columns, like: {expected}."
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ValidationError(f"These columns appear more than once: {', '.join(repeated)}. Keep one of each.")
    unknown = [name for name in header if name not in columns]
    missing = [name for name, column in columns.items() if column.required and name not in header]
    if missing and len(unknown) == len(header):
        raise ValidationError(
            f"The first row must name the columns, like: {expected}. Check it is the right kind of file."
        )
    if missing:
        raise ValidationError(f"These columns are missing: {', '.join(missing)}. Add them to the first row.")
    if unknown:
        raise ValidationError(
            f"We do not recognise these columns: {', '.join(unknown)}. Check the spelling, or remove them. "
            f"The columns we use are: {', '.join(columns)}."
        )


def row_values(*, header: list[str], cells: list[str], columns: Mapping[str, Column]) -> dict[str, object]:
    """The row's filled-in cells as Python values, by column name. An empty cell is left out."""
    if len(cells) != len(header):
        raise RowRejected(
            f"This row has {len(cells)} cells but the first row names {len(header)} columns. "
            "Check for a missing or extra comma."
        )
    values = {}
    for name, cell in zip(header, cells, strict=True):
        column = columns[name]
        if "\x00" in cell:
            raise RowRejected(unusual_character_message(f"the {name} cell"))
        cell = cell.strip()
        if not cell:
            if column.required:
                raise RowRejected(f"{name} is empty. Fill it in.")
            continue
        values[name] = column.parse(cell)
    return values


_Value = TypeVar("_Value")


def value_of(values: Mapping[str, object], name: str, kind: type[_Value]) -> _Value:
    """A filled-in cell's value, of the type its column's parser gives (a required column is always there)."""
    value = values[name]
    if not isinstance(value, kind):  # each parser below gives one type: anything else is a mistake in this code
        raise TypeError(f"{name}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def optional_value_of(values: Mapping[str, object], name: str, kind: type[_Value]) -> _Value | None:
    """A cell's value as `value_of` gives it, or None for a cell left empty (or a column left out)."""
    return value_of(values, name, kind) if values.get(name) is not None else None


# --- Cells ----------------------------------------------------------------------


def text(field: models.Field) -> Callable[[str], str]:
    """Text for a model field: its length limit and validators (an NHS number's 10 digits, an email address)."""

    validators = field.validators  # the length limit is among them

    def parse(cell: str) -> str:
        try:
            for validate in validators:
                validate(cell)
        except ValidationError as error:
            raise RowRejected(f"{field.name}: {' '.join(error.messages)}") from error
        return cell

    return parse


def digits(field: models.Field) -> Callable[[str], str]:
    """A number written with spaces, like an NHS number "485 777 3456"."""
    check = text(field)
    return lambda cell: check("".join(cell.split()))


def postcode(name: str) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        value = postcodes.normalise(cell)
        if not postcodes.is_whole_postcode(value):
            raise RowRejected(f"{name}: “{cell[:20]}” is not a whole UK postcode. Write it like SO23 8UJ.")
        return value

    return parse


def a_date(name: str) -> Callable[[str], date]:
    def parse(cell: str) -> date:
        if len(cell) == 10 and cell[4] == "-":  # 2025-04-30, the usual export: the quick way
            try:
                value = date.fromisoformat(cell)
            except ValueError:
                value = None
            if value is not None and 1900 <= value.year <= 2100:
                return value
        for pattern in DATE_FORMATS:
            try:
                value = datetime.strptime(cell, pattern).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
            if not 1900 <= value.year <= 2100:
                break
            return value
        raise RowRejected(f"{name}: “{cell[:20]}” is not a date. Write dates like 2025-04-30 or 30/04/2025.")

    return parse


def an_amount(name: str, *, negative: bool = False) -> Callable[[str], Decimal]:
    """Money in pounds, to the penny, read as every money box reads it (dpss.money.parse_pounds):
    "1234.50", "1,234.50" and "£1,234.50" are the same; "1E9", "1,2,3" or other scripts' digits are refused."""

    def parse(cell: str) -> Decimal:
        try:
            return parse_pounds(cell.strip(), what="the amount", allow_negative=negative, most=MONEY_LIMIT)
        except ValidationError as error:
            raise RowRejected(f"{name}: “{cell[:20]}” is not accepted. {error.messages[0]}.") from error

    return parse


def a_choice(
    name: str, choices: type[models.TextChoices], *, allowed: Iterable[str] | None = None
) -> Callable[[str], str]:
    """One of a list, written as the value ("virtual_wallet") or as people read it ("Virtual Wallet")."""
    allowed = list(allowed if allowed is not None else choices.values)
    lookup: dict[str, str] = {}
    for value in allowed:
        label = str(choices(value).label)
        for spelling in (value, label, value.replace("_", " ")):
            lookup[spelling.lower()] = value

    def parse(cell: str) -> str:
        value = lookup.get(" ".join(cell.lower().split()))
        if value is None:
            raise RowRejected(f"{name}: “{cell[:40]}” is not one of: {', '.join(allowed)}.")
        return value

    return parse


def yes_or_no(name: str) -> Callable[[str], bool]:
    def parse(cell: str) -> bool:
        lowered = cell.lower()
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        raise RowRejected(f"{name}: write yes or no, not “{cell[:20]}”.")

    return parse
