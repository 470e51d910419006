"""Inserting many rows at once for imports: COPY on PostgreSQL, bulk_create anywhere else.

Measured in `bench/run_recipients_bench.py`: for 20,000 audit log entries,
bulk_create took 1.4 s and COPY 0.6 s, because bulk_create prepares every
value of every object in Python and the database parses a large INSERT. An
import writes each record and an audit entry for it, so COPY is what brings
a 100,000-row file above 5,000 rows a second. To let records and their
audit entries refer to each other, the rows' ids are taken from the table's
sequence first, in one query.

Only fields of plain types are written (text, numbers, booleans, dates,
foreign keys, JSON); a field of any other type is an error, not a guess, and
PostgreSQL refuses a value that does not fit its column, which rolls the
whole import back. Other databases (SQLite, the embedded default) use
bulk_create.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 1000


def insert_objects(objs: Sequence[models.Model]) -> None:
    """Insert unsaved model instances and give each its primary key, as bulk_create does."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
    ids = _next_ids(model, len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    columns = [model._meta.pk, *fields]
    _copy(model, columns, ([getattr(obj, f.attname) for f in columns] for obj in objs))


def insert_rows(model: type[models.Model], rows: list[dict[str, object]]) -> None:
    """Insert rows given as {field attname: value}; fields left out get their defaults. Ids are not returned."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [(f.attname, f.get_default()) for f in fields]
    _copy(model, fields, ([row.get(name, default) for name, default in columns] for row in rows))


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], fields: list[models.Field[Any, Any]], rows: Iterable[list[Any]]) -> None:
    """COPY the rows in CSV format, written by Python's csv module (in C).

    With QUOTE_NONNUMERIC every text, date and JSON value is quoted, so no value,
    however awkward ("\\N", tabs, new lines, ""), can be mistaken for another.
    COPY's CSV format reads NULL from an unquoted empty field, which the csv
    module (before Python 3.12's QUOTE_NOTNULL) writes only for a number: hence
    `_NULL`, a number that prints as nothing.
    """
    json_columns = [i for i, field in enumerate(fields) if field.get_internal_type() == "JSONField"]
    money_columns = [i for i, field in enumerate(fields) if field.get_internal_type() == "DecimalField"]
    for field in fields:
        _check_writable(field)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for row in rows:
        for i in money_columns:  # money is a Decimal, never a float (a float would be written, and be wrong)
            if row[i] is not None and type(row[i]) is not Decimal:
                raise TypeError(f"Expected a Decimal for {fields[i].name}, got {type(row[i]).__name__}: {row[i]!r}")
        for i in json_columns:
            if row[i] is not None:
                row[i] = json.dumps(row[i])
        writer.writerow([_NULL if value is None else value for value in row])
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())


class _Null(int):
    """Written by the csv module as an unquoted empty field: NULL to COPY."""

    def __str__(self) -> str:
        return ""


_NULL = _Null()

WRITABLE = {
    "JSONField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "CharField",
    "TextField",
    "EmailField",
    "SlugField",
    "FileField",
    "GenericIPAddressField",
    "DecimalField",
    "ForeignKey",
    "OneToOneField",
}


def _check_writable(field: models.Field) -> None:
    """Only plain values go through COPY; a field of another type is an error, not a guess."""
    kind = field.get_internal_type()
    if kind not in WRITABLE and not kind.endswith(("IntegerField", "AutoField")):
        raise TypeError(f"{field.model.__name__}.{field.name} ({kind}) cannot be written with COPY")
