"""The staff queue: queries for advisers and managers, what is due first.

One page costs the same few SQL queries whatever its size (docs/quality.md#query-counts): the
rows come with their topic, team, assignee and person in one joined query, the
count is one more, and the filter options come from small tables (topics,
teams, staff) and the districts people live in (walked along the index on the
recipients' area, as the people search does, never a DISTINCT over every
query).

The default list, every query still open, matches the partial index
`query_open_due` exactly (the same NOT IN, in the same order), so PostgreSQL
reads the first page straight from it, in due order. Assignee and team filters
use `query_assignee_due` and `query_team_due`; a chosen status uses
`query_status_due`.

Two things keep a page cheap however many rows match (bench/results/queries.md):

- the page's ids are found first, along the index order, and only those
  rows are read with their joins (a "deferred join", in the same SQL
  statement): an OFFSET then skips index entries, not joined rows;
- the count stops at 10,001 rows. Past 10,000 the page says "more than
  10,000" and the first 10,000 (400 pages of 25) can be paged through; the
  filters narrow the rest.

The search box and the "Due" filter are in `queue_search`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Field, Model, Q, QuerySet
from django.utils import timezone

from dpss.accounts.models import STAFF_ROLES, RoleGrant, User
from recipients.models import Recipient

from ..business_time import WorkingCalendar
from ..models import FINISHED_STATUSES, ClosureDay, Query, Team, Topic
from .queue_search import DUE_OVERDUE, DUE_TODAY, due_when, reference_typed, searched

# The statuses a query is finished in, in the order of the partial index's condition (models/query.py):
# PostgreSQL only uses a partial index when the query repeats its condition.
FINISHED_IN_INDEX_ORDER = ("resolved", "closed", "merged", "withdrawn", "redirected")

STATUS_OPEN = ""  # the default: every status a query can still be worked on in
STATUS_ANY = "any"
ASSIGNEE_ME = "me"
ASSIGNEE_NOBODY = "nobody"

# What a row of the queue's table reads, in this order (the joins are those of `queue_rows`).
ROW_FIELDS = (
    "pk",
    "reference",
    "subject",
    "is_complaint",
    "safeguarding",
    "requester_name",
    "requester_role",
    "status",
    "priority",
    "due_at",
    "sla_state",
    "topic__name",
    "team_id",
    "team__name",
    "assignee_id",
    "assignee__full_name",
    "assignee__email",
    "about_id",
    "about__full_name",
)
# What the queue reads of each row and the rows it joins: enough for the table, nothing more.
QUEUE_FIELDS = ("created_at", "requester_id", *ROW_FIELDS)


@dataclass(frozen=True)
class QueueFilters:
    """What the person looking at the queue asked for. Empty values mean "any"."""

    status: str = STATUS_OPEN
    topic: int | None = None
    team: int | None = None
    # A member of staff's pk (as text), "me" or "nobody".
    assignee: str = ""
    priority: str = ""
    area: str = ""
    sla_state: str = ""
    due: str = ""  # DUE_OVERDUE or DUE_TODAY: worked out from the due time now, not from `sla_state`
    requester_role: str = ""
    complaint: bool = False
    safeguarding: bool = False
    # What was typed in the search box: a reference, a name, an email address or words (`_searched`).
    search: str = ""

    @property
    def has_filters(self) -> bool:
        return self != QueueFilters()


def _by_status_and_assignee(queries: QuerySet[Query], *, filters: QueueFilters, fetched_by: User) -> QuerySet[Query]:
    # A reference finds its query whatever its status (left at "still open"): it is what the person on the
    # phone reads out, and their query may be closed.
    if filters.status == STATUS_OPEN:
        if not reference_typed(filters.search):
            queries = queries.exclude(status__in=FINISHED_IN_INDEX_ORDER)
    elif filters.status != STATUS_ANY:
        queries = queries.filter(status=filters.status)
    if filters.assignee == ASSIGNEE_ME:
        return queries.filter(assignee=fetched_by)
    if filters.assignee == ASSIGNEE_NOBODY:
        return queries.filter(assignee__isnull=True)
    if filters.assignee:
        return queries.filter(assignee_id=int(filters.assignee))
    return queries


def _filtered(queries: QuerySet[Query], *, filters: QueueFilters, fetched_by: User) -> QuerySet[Query]:
    queries = _by_status_and_assignee(queries, filters=filters, fetched_by=fetched_by)
    chosen = {
        "topic_id": filters.topic,
        "team_id": filters.team,
        "priority": filters.priority or None,
        "area": filters.area or None,
        "sla_state": filters.sla_state or None,
        "requester_role": filters.requester_role or None,
        "is_complaint": True if filters.complaint else None,
        "safeguarding": True if filters.safeguarding else None,
    }
    queries = queries.filter(**{name: value for name, value in chosen.items() if value is not None})
    if filters.due:
        queries = queries.filter(due_when(filters.due, now=timezone.now()))
    return searched(queries, filters.search) if filters.search else queries


# The count stops here: past it the queue says "more than 10,000" and offers only these rows' pages.
COUNT_CAP = 10_000
# Due first: `due_at` ascending with the paused and finished ones (no due time) last, then the oldest, then
# by id so pages never overlap.
QUEUE_ORDER = (F("due_at").asc(nulls_last=True), "created_at", "id")


def staff_queue_queryset(*, fetched_by: User, filters: QueueFilters) -> QuerySet[Query]:
    """The queries `fetched_by` may triage that match `filters`, what is due first (ids only are needed
    from it: `staff_queue` reads the rows of one page with their joins)."""
    queries = _filtered(Query.objects.visible_to(fetched_by), filters=filters, fetched_by=fetched_by)
    return queries.order_by(*QUEUE_ORDER)


def queue_rows(ids: QuerySet[Query, Any] | list[int]) -> QuerySet[Query]:
    """The queue's rows for `ids` (a queryset of ids, or a list), with what the table shows, due first."""
    return (
        Query.objects.filter(pk__in=ids)
        .select_related("topic", "team", "assignee", "about")
        .only(*QUEUE_FIELDS)
        .order_by(*QUEUE_ORDER)
    )


# Turns one page's ids (a queryset of {"pk": ...}) into the rows the page shows.
ReadRows = Callable[[QuerySet[Query, Any]], list[Any]]


class QueuePaginator(Paginator):  # of any rows: `read` says what they are
    """Pages of the queue: a count capped at COUNT_CAP, and each page's rows read by id (deferred join).

    `read` turns the page's ids (a queryset) into its rows: by default `queue_rows`' model instances."""

    def __init__(
        self, object_list: QuerySet[Query], per_page: int, *, read: ReadRows | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        # The queryset itself (the paginator's `object_list` is typed as any sliceable sequence).
        self.queries = object_list
        self.read: ReadRows = read or (lambda ids: list(queue_rows(ids)))

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a LIMITed subquery: the scan stops after COUNT_CAP + 1 rows.
        return self.queries.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def more(self) -> bool:
        """More queries match than the queue offers to page through."""
        return self._counted > COUNT_CAP

    def page(self, number: int | str) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.more or (self.orphans and top + self.orphans >= self.count):
            top = min(top, self.count) if self.more else self.count
        # Otherwise not cut to the count, so an empty page still asks: the same SQL queries whatever matches.
        # One statement: the page's ids along the index order, then only those rows joined.
        ids = self.queries.values("pk")[bottom:top]
        return Page(self.read(ids), number, self)


def staff_queue(
    *, fetched_by: User, filters: QueueFilters, page: int | str | None, page_size: int, read: ReadRows | None = None
) -> Page[Any]:
    """One page of the queue: two SQL queries (the capped count, and the page's rows read by their ids),
    whatever `page_size` and however deep the page. `read` is as for `QueuePaginator` (the queue page
    reads values: `selectors.queue_table`)."""
    paginator = QueuePaginator(staff_queue_queryset(fetched_by=fetched_by, filters=filters), page_size, read=read)
    return paginator.get_page(page)


@dataclass(frozen=True)
class QueueCounts:
    """The open queries on the staff dashboard: each count is what the queue shows with one filter."""

    new: int
    due_today: int
    overdue: int
    assigned_to_me: int


def queue_counts(*, fetched_by: User, now: datetime) -> QueueCounts:
    """How many open queries are new, due later today, overdue and assigned to `fetched_by`: one SQL query."""
    counts = (
        Query.objects.visible_to(fetched_by)
        .exclude(status__in=FINISHED_IN_INDEX_ORDER)
        .aggregate(
            new=Count("pk", filter=Q(status=Query.Status.NEW)),
            due_today=Count("pk", filter=due_when(DUE_TODAY, now=now)),
            overdue=Count("pk", filter=due_when(DUE_OVERDUE, now=now)),
            assigned_to_me=Count("pk", filter=Q(assignee=fetched_by)),
        )
    )
    return QueueCounts(**{name: counts[name] or 0 for name in ("new", "due_today", "overdue", "assigned_to_me")})


@dataclass(frozen=True)
class TriageOptions:
    """What the queue's filters and the query page's forms offer: (value, label) pairs, and the closed days
    the working calendar needs to say how long is left."""

    topics: list[tuple[str, str]]
    teams: list[tuple[str, str]]
    staff: list[tuple[str, str]]
    areas: list[str]
    closed_dates: frozenset[date]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def triage_options(*, today: date | None = None) -> TriageOptions:
    """Topics, teams, staff, districts and the closed days from today on, in one SQL query.

    These are small tables (a few dozen rows each); the districts are walked
    along the index on the recipients' area, one probe per district, as the
    people search does (`recipients.selectors.search.area_choices`), never a
    DISTINCT over every row. One round trip keeps the queue page within its
    budget of SQL queries.
    """
    today = today or timezone.localdate()
    q = connection.ops.quote_name

    def table(model: type[Model]) -> str:
        return q(model._meta.db_table)

    def column(model: type[Model], name: str) -> str:
        field = model._meta.get_field(name)
        # Only concrete fields are named here, and each has a column.
        assert isinstance(field, Field) and field.column is not None
        return q(field.column)

    recipients, area = table(Recipient), column(Recipient, "area")
    role_grant = RoleGrant
    # Table and column names come from the models, never from input; values are parameters.
    sql = f"""
        WITH RECURSIVE areas(area) AS (
            SELECT MIN({area}) FROM {recipients}
            UNION ALL
            SELECT (SELECT MIN({area}) FROM {recipients} WHERE {area} > areas.area) FROM areas
            WHERE areas.area IS NOT NULL
        )
        SELECT 1, {column(Topic, "id")}, {column(Topic, "name")}, {column(Topic, "order")} FROM {table(Topic)}
        UNION ALL
        SELECT 2, {column(Team, "id")}, {column(Team, "name")}, 0 FROM {table(Team)}
        UNION ALL
        SELECT 3, u.{column(User, "id")},
            COALESCE(NULLIF(u.{column(User, "full_name")}, ''), u.{column(User, "email")}), 0
        FROM {table(User)} u
        WHERE u.{column(User, "is_active")} = %s AND EXISTS (
            SELECT 1 FROM {table(role_grant)} g
            WHERE g.{column(role_grant, "user")} = u.{column(User, "id")} AND g.{column(role_grant, "role")} IN (%s, %s)
        )
        UNION ALL
        SELECT 4, NULL, area, 0 FROM areas WHERE area IS NOT NULL
        UNION ALL
        SELECT 5, NULL, CAST({column(ClosureDay, "day")} AS TEXT), 0 FROM {table(ClosureDay)}
        WHERE {column(ClosureDay, "is_closed")} = %s AND {column(ClosureDay, "day")} >= %s
    """  # noqa: S608
    roles = sorted(STAFF_ROLES)
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, roles[0], roles[1], True, today])
        rows = cursor.fetchall()
    by_kind: dict[int, list[tuple]] = {1: [], 2: [], 3: [], 4: [], 5: []}
    for kind, pk, label, order in rows:
        by_kind[kind].append((order, str(label).lower(), pk, label))
    for kind in by_kind:
        by_kind[kind].sort(key=lambda row: (row[0], row[1], row[2] or 0))
    return TriageOptions(
        topics=[(str(pk), label) for _, _, pk, label in by_kind[1]],
        teams=[(str(pk), label) for _, _, pk, label in by_kind[2]],
        staff=[(str(pk), label) for _, _, pk, label in by_kind[3]],
        areas=sorted(label for _, _, _, label in by_kind[4]),
        closed_dates=frozenset(_as_date(label) for _, _, _, label in by_kind[5]),
    )


# --- How the queue says when something is due ---------------------------------------------------


def _amount(seconds: float, unit: str, size: int) -> str:
    count = max(1, round(seconds / size))
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _wall_clock(seconds: float) -> str:
    if seconds < 3600:
        return _amount(seconds, "minute", 60)
    if seconds < 2 * 86400:
        return _amount(seconds, "hour", 3600)
    return _amount(seconds, "day", 86400)


def due_in_words(*, query: Query, now: datetime, calendar: WorkingCalendar) -> str:
    """When the query is due, as people say it: "due in 3 working hours", "overdue by 2 hours", "paused".

    Time still to go is counted in working time (that is what the clock
    counts); time overdue in plain hours and days, as the person waiting
    feels it.
    """
    return due_words(status=query.status, sla_state=query.sla_state, due_at=query.due_at, now=now, calendar=calendar)


def due_words(*, status: str, sla_state: str, due_at: datetime | None, now: datetime, calendar: WorkingCalendar) -> str:
    """`due_in_words` from a query's values (the queue's rows are read as values, not model instances)."""
    if status in FINISHED_STATUSES:
        return "finished"
    if status == Query.Status.AWAITING_REQUESTER or sla_state == Query.SlaState.PAUSED or due_at is None:
        return "paused"
    if due_at <= now:
        return f"overdue by {_wall_clock((now - due_at).total_seconds())}"
    working = calendar.working_seconds_between(now, due_at)
    if working < 3600:
        return f"due in {_amount(max(working, 60), 'working minute', 60)}"
    if working <= 2 * calendar.day_seconds:
        return f"due in {_amount(working, 'working hour', 3600)}"
    return f"due in {_amount(working, 'working day', calendar.day_seconds)}"
