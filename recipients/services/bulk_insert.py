"""Inserting many rows at once for imports: COPY on PostgreSQL, bulk_create anywhere else.

Measured in `bench/run_recipients_bench.py`: for 20,000 audit log entries,
bulk_create took 1.4 s and COPY 0.6 s, because bulk_create prepares every
value of every object in Python and the database parses a large INSERT. An
import writes each record and an audit entry for it, so COPY is what brings
a 100,000-row file above 5,000 rows a second. To let records and their
audit entries refer to each other, the rows' ids are taken from the table's
sequence first, in one query.

Only plain values are written, checked against each field's type: None,
bool, int, Decimal, str, date, datetime and (for JSON fields) anything
json.dumps takes. Anything else is an error, not a guess. Other databases
(SQLite, the embedded default) use bulk_create.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

BATCH = 1000


def insert_objects(objs: list[models.Model]) -> None:
    """Insert unsaved model instances and give each its primary key, as bulk_create does."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
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
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
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


def _copy(model: type[models.Model], fields: list[models.Field], rows) -> None:
    writers = [_writer(field) for field in fields]
    buffer = io.StringIO()
    for row in rows:
        buffer.write(
            "\t".join(["\\N" if value is None else write(value) for write, value in zip(writers, row, strict=True)])
        )
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, buffer)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escaped(value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Expected text, got {type(value).__name__}: {value!r}")
    return value.translate(_ESCAPES)


def _boolean(value: bool) -> str:
    if not isinstance(value, bool):
        raise TypeError(f"Expected True or False, got {type(value).__name__}: {value!r}")
    return "t" if value else "f"


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"Expected a number, got {type(value).__name__}: {value!r}")
    return str(value)


def _moment(value) -> str:
    if not isinstance(value, (datetime.date, datetime.datetime)):
        raise TypeError(f"Expected a date, got {type(value).__name__}: {value!r}")
    return value.isoformat()


def _json(value) -> str:
    return json.dumps(value).translate(_ESCAPES)


def _writer(field: models.Field):
    """How a field's values are written in COPY's text format (None is always \\N)."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return _json
    if kind == "BooleanField":
        return _boolean
    if kind in ("DateField", "DateTimeField"):
        return _moment
    if kind in ("CharField", "TextField", "EmailField", "SlugField", "FileField", "GenericIPAddressField"):
        return _escaped
    if (
        kind in ("DecimalField", "ForeignKey", "OneToOneField")
        or kind.endswith("IntegerField")
        or kind.endswith("AutoField")
    ):
        return _number
    raise TypeError(f"{field.model.__name__}.{field.name} ({kind}) cannot be written with COPY")
