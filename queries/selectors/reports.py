"""Figures about queries for managers: what people ask about and where, how soon we first contact them,
complaints per person with a direct payment, satisfaction, and how often a help article answers first.

Every figure is counted by the database (GROUP BY and conditional aggregates over the period's rows);
Python only lays the counted groups out as tables and adds up those groups for the totals. The same code
runs on SQLite and PostgreSQL.

Months are calendar months in Europe/London, whatever the database's time zone, so a query raised at
00:30 on 1 April (BST) counts in April. The month of a row is found by comparing its time with the
months' London-midnight boundaries (a CASE of plain timestamp comparisons) rather than with
`TruncMonth(..., tzinfo=London)`: converting every row's time to London time (`AT TIME ZONE`) cost about
80 ms per 130,000 rows on the bench machine, a scan the page makes twice (bench/results/queries.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from recipients.models import DirectPayment

from ..models import (
    OPEN_STATUSES,
    ArticleFeedback,
    HelpOffer,
    Query,
    SatisfactionSurvey,
    Topic,
)
from .report_periods import MonthlyReport, in_period, month_index, months_in, percent

# What a query without a district is counted under.
NOT_KNOWN = "Not known"
# "Contacted within 24 hours" is first contact by the first-contact clock's due time: 8 working hours
# (one working day) from when the query was raised, plus any time paused waiting on the person, as
# services/sla.py counts it. The wall-clock figure (24 hours, pauses included) is kept so the result can
# be stated either way.
DAY_SECONDS = 24 * 3600
SATISFIED_FROM = 4  # a score of 4 or 5


# --- Queries received by topic, area and month -------------------------------------------


@dataclass(frozen=True)
class Cell:
    """How many queries on one topic, from one area, were received in one month."""

    month: date
    topic: str
    area: str
    count: int


@dataclass(frozen=True)
class CrosstabRow:
    label: str
    counts: list[int]  # one per month of the period
    total: int


@dataclass(frozen=True)
class Crosstab:
    """Rows (topics or areas) by months, with the total of each row and each month."""

    rows: list[CrosstabRow]
    month_totals: list[int]
    total: int


@dataclass(frozen=True)
class TopicAreaMonthReport:
    start: date
    end: date
    months: list[date]
    cells: list[Cell]  # only the combinations with at least one query, by month, topic order, then area
    by_topic: Crosstab  # every topic, those with no queries too
    by_area: Crosstab  # every area queries came from, "Not known" last
    total: int


def _crosstab(
    rows: Sequence[tuple[object, str]], months: list[date], counted: dict[tuple[object, date], int]
) -> Crosstab:
    """`rows` are (key, label) pairs; `counted` the SQL counts by (key, month)."""
    table = []
    for key, label in rows:
        counts = [counted.get((key, month), 0) for month in months]
        table.append(CrosstabRow(label=label, counts=counts, total=sum(counts)))
    month_totals = [sum(row.counts[i] for row in table) for i in range(len(months))]
    return Crosstab(rows=table, month_totals=month_totals, total=sum(month_totals))


def _area_expression() -> Case:
    return Case(When(area="", then=Value(NOT_KNOWN)), default=F("area"), output_field=CharField())


def _area_key(area: str) -> tuple[bool, str]:
    return (area == NOT_KNOWN, area.casefold())


def queries_by_topic_area_month(*, start: date, end: date) -> TopicAreaMonthReport:
    """Queries received (by the date they were raised) per topic, area and month, in two SQL queries:
    the topics, and one GROUP BY topic, area and month over the period. The totals are the sums of those
    counted groups. A query with no district counts under "Not known"."""
    months = months_in(start=start, end=end)
    topics = list(Topic.objects.order_by("order", "name").values_list("pk", "name"))
    rank = {pk: n for n, (pk, _name) in enumerate(topics)}
    names = dict(topics)
    grouped = sorted(
        (
            (months[row["month"]], row["topic_id"], row["district"], row["count"])
            for row in Query.objects.filter(in_period("created_at", start=start, end=end))
            .annotate(month=month_index("created_at", months), district=_area_expression())
            .values("topic_id", "district", "month")
            .annotate(count=Count("*"))
            .order_by()
        ),
        key=lambda group: (group[0], rank[group[1]], _area_key(group[2])),
    )
    by_topic: dict[tuple[object, date], int] = {}
    by_area: dict[tuple[object, date], int] = {}
    for month, topic_id, area, count in grouped:
        by_topic[topic_id, month] = by_topic.get((topic_id, month), 0) + count
        by_area[area, month] = by_area.get((area, month), 0) + count
    areas = sorted({area for _month_, _topic, area, _count in grouped}, key=_area_key)
    topic_table = _crosstab(topics, months, by_topic)
    return TopicAreaMonthReport(
        start=start,
        end=end,
        months=months,
        cells=[Cell(month=m, topic=names[t], area=a, count=n) for m, t, a, n in grouped],
        by_topic=topic_table,
        by_area=_crosstab([(area, area) for area in areas], months, by_area),
        total=topic_table.total,
    )


# --- First contact -----------------------------------------------------------------------


@dataclass(frozen=True)
class FirstContactMonth:
    """Queries received in a month, and how soon someone first contacted the person who asked.

    The clocks are filled by services/sla.sla_recompute from the timeline. "Within 8 working hours" is
    the service's "contacted within 24 hours", counted as the clocks count it: first contact no later than
    the first-contact due time (`first_contact_due_at`, which adds the time paused waiting on the
    person), so this figure and the on-time state staff see always agree. "Within 24 hours" counts
    wall-clock time from raising to first contact instead, pauses included.
    """

    month: date | None  # None for the period's total
    received: int
    contacted: int
    within_working_day: int
    within_24_hours: int
    not_yet_contacted: int  # still open, nobody has been in touch yet

    @property
    def percent_contacted(self) -> Decimal | None:
        return percent(self.contacted, self.received)

    @property
    def percent_within_working_day(self) -> Decimal | None:
        return percent(self.within_working_day, self.received)

    @property
    def percent_within_24_hours(self) -> Decimal | None:
        return percent(self.within_24_hours, self.received)


def first_contact_by_month(*, start: date, end: date) -> MonthlyReport[FirstContactMonth]:
    """One GROUP BY month over the queries raised in the period, counting each figure conditionally.

    Every column it reads is in the index `query_report` (models/query.py), so PostgreSQL reads the
    index alone. The conditional counts count `created_at` (never empty) rather than the id, which that
    index does not hold. (Folding these counts into the topic, area and month GROUP BY saves a scan, but
    PostgreSQL then sorts the 116,000 rows to group them instead of hashing: 300 ms instead of 70.)"""
    periods = months_in(start=start, end=end)
    counted = {
        periods[row["month"]]: row
        for row in Query.objects.filter(in_period("created_at", start=start, end=end))
        .annotate(month=month_index("created_at", periods))
        .values("month")
        .annotate(
            received=Count("*"),
            contacted=Count("created_at", filter=Q(first_contact_at__isnull=False)),
            within_working_day=Count("created_at", filter=Q(first_contact_at__lte=F("first_contact_due_at"))),
            within_24_hours=Count("created_at", filter=Q(first_contact_wall_seconds__lte=DAY_SECONDS)),
            not_yet_contacted=Count(
                "created_at", filter=Q(first_contact_at__isnull=True, status__in=sorted(OPEN_STATUSES))
            ),
        )
        .order_by()
    }
    return MonthlyReport.of(FirstContactMonth, periods, counted)


# --- Complaints per person with a direct payment -----------------------------------------


@dataclass(frozen=True)
class ComplaintRate:
    complaints: int
    people_with_active_dp: int

    @property
    def per_person(self) -> Decimal | None:
        if not self.people_with_active_dp:
            return None
        return (Decimal(self.complaints) / self.people_with_active_dp).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def per_thousand(self) -> Decimal | None:
        if not self.people_with_active_dp:
            return None
        return (Decimal(self.complaints) * 1000 / self.people_with_active_dp).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _complaints_in_period(*, start: date, end: date) -> QuerySet:
    """Queries marked as a complaint in the period, by when they were marked (`complaint_at`, which
    services/triage.query_mark_complaint always sets)."""
    return Query.objects.filter(Q(is_complaint=True) & in_period("complaint_at", start=start, end=end))


def complaints_per_dp_user(*, start: date, end: date) -> ComplaintRate:
    """Complaints in the period divided by the people with an active direct payment today (each person
    once, however many direct payments they have)."""
    people = DirectPayment.objects.filter(status=DirectPayment.Status.ACTIVE).aggregate(
        n=Count("recipient_id", distinct=True)
    )["n"]
    return ComplaintRate(complaints=_complaints_in_period(start=start, end=end).count(), people_with_active_dp=people)


# --- Satisfaction --------------------------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionMonth:
    month: date | None  # None for the period's total
    sent: int
    answered: int
    satisfied: int  # answered 4 or 5

    @property
    def percent_answered(self) -> Decimal | None:
        return percent(self.answered, self.sent)

    @property
    def percent_satisfied(self) -> Decimal | None:
        """Of the people who answered."""
        return percent(self.satisfied, self.answered)


def satisfaction_by_month(*, start: date, end: date) -> MonthlyReport[SatisfactionMonth]:
    """Surveys sent in each month of the period (one GROUP BY month), how many were answered and how
    many of those answers were 4 or 5."""
    answered = Q(answered_at__isnull=False, score__isnull=False)
    periods = months_in(start=start, end=end)
    counted = {
        periods[row["month"]]: row
        for row in SatisfactionSurvey.objects.filter(in_period("sent_at", start=start, end=end))
        .annotate(month=month_index("sent_at", periods))
        .values("month")
        .annotate(
            sent=Count("*"),
            answered=Count("pk", filter=answered),
            satisfied=Count("pk", filter=answered & Q(score__gte=SATISFIED_FROM)),
        )
        .order_by()
    }
    return MonthlyReport.of(SatisfactionMonth, periods, counted)


# --- Help articles offered before asking ----------------------------------------------------


@dataclass(frozen=True)
class Deflection:
    offers: int  # people who started to raise a query
    with_articles: int  # were offered at least one article
    opened: int  # opened at least one
    opened_and_did_not_ask: int  # opened one and did not go on to send the query
    went_on_to_ask: int
    helped_yes: int  # "Did this help?" answers in the period
    helped_no: int

    @property
    def percent_opened(self) -> Decimal | None:
        return percent(self.opened, self.with_articles)

    @property
    def percent_did_not_ask(self) -> Decimal | None:
        """Of the people who opened an article, those who did not go on to ask."""
        return percent(self.opened_and_did_not_ask, self.opened)

    @property
    def percent_helped(self) -> Decimal | None:
        return percent(self.helped_yes, self.helped_yes + self.helped_no)


def help_deflection(*, start: date, end: date) -> Deflection:
    """Help offers started in the period and the "did this help?" answers given in it, in two aggregates.

    Each offer keeps how many articles it offered and when the first was opened (services/help.py), so
    the offers are counted alone, with conditional counts, without joining the offered articles (two
    semi-joins over every offered article took half the page's time: bench/results/queries.md).
    """
    # Counting `started_at` (never empty) rather than the id keeps to the columns of the index
    # `help_offer_started`, which PostgreSQL then reads alone.
    offers = HelpOffer.objects.filter(in_period("started_at", start=start, end=end)).aggregate(
        offers=Count("*"),
        went_on_to_ask=Count("went_on_to_ask_at"),
        with_articles=Count("started_at", filter=Q(articles_offered__gt=0)),
        opened=Count("first_opened_at"),
        opened_and_did_not_ask=Count(
            "started_at", filter=Q(first_opened_at__isnull=False, went_on_to_ask_at__isnull=True)
        ),
    )
    feedback = ArticleFeedback.objects.filter(in_period("created_at", start=start, end=end)).aggregate(
        helped_yes=Count("pk", filter=Q(helpful=True)), helped_no=Count("pk", filter=Q(helpful=False))
    )
    return Deflection(**offers, **feedback)


# --- Everything on the managers' page ------------------------------------------------------


@dataclass(frozen=True)
class QueriesReport:
    start: date
    end: date
    received: TopicAreaMonthReport
    first_contact: MonthlyReport[FirstContactMonth]
    complaints: ComplaintRate
    satisfaction: MonthlyReport[SatisfactionMonth]
    deflection: Deflection


def queries_report(*, start: date, end: date) -> QueriesReport:
    """Every figure of the reports page for the period: a fixed number of SQL queries (eight) whatever
    the amount of data."""
    return QueriesReport(
        start=start,
        end=end,
        received=queries_by_topic_area_month(start=start, end=end),
        first_contact=first_contact_by_month(start=start, end=end),
        complaints=complaints_per_dp_user(start=start, end=end),
        satisfaction=satisfaction_by_month(start=start, end=end),
        deflection=help_deflection(start=start, end=end),
    )
