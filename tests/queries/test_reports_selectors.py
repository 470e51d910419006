"""The figures of the managers' query reports, from hand-made rows (queries/selectors/reports.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.models import ArticleFeedback, HelpOffer, Query, QueryEvent, SatisfactionSurvey
from queries.selectors import reports
from queries.services.help import (
    help_offer_article_opened,
    help_offer_articles_record,
    help_offer_asked,
    help_offer_start,
)
from queries.services.timeline import event_add
from recipients.models import DirectPayment
from tests.queries.factories import ArticleFactory, QueryFactory, TopicFactory
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))


def at(year, month, day, hour=12, minute=0) -> datetime:
    """A moment in UTC (London is UTC in winter, UTC+1 from 29 March 2026)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def raised(when: datetime, **fields) -> Query:
    query = QueryFactory(requester=None, **fields)
    Query.objects.filter(pk=query.pk).update(created_at=when)  # the factory's default is now
    query.refresh_from_db()
    return query


# --- Queries received by topic, area and month ----------------------------------------


@pytest.fixture
def topics():
    return {
        "pa": TopicFactory(slug="employing-a-pa", name="Employing a PA", order=10),
        "reviews": TopicFactory(slug="reviews", name="Reviews", order=20),
        "finding": TopicFactory(slug="finding-a-pa", name="Finding a PA", order=30),
    }


def test_queries_are_counted_by_topic_area_and_london_month_with_empty_months_and_totals(topics):
    raised(at(2026, 1, 10), topic=topics["pa"], area="Winchester")
    raised(at(2026, 1, 20), topic=topics["pa"], area="Winchester")
    raised(at(2026, 3, 5), topic=topics["pa"], area="")
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (BST): an April query.
    raised(at(2026, 3, 31, 23, 30), topic=topics["reviews"], area="Havant")
    # Outside the period: 31 December (GMT) and 00:30 on 1 May in London.
    raised(at(2025, 12, 31, 23, 59), topic=topics["reviews"], area="Havant")
    raised(at(2026, 4, 30, 23, 30), topic=topics["reviews"], area="Havant")

    table = reports.queries_by_topic_area_month(start=JAN, end=date(2026, 4, 30))

    assert table.months == [JAN, FEB, MAR, APR]
    assert [(row.label, row.counts, row.total) for row in table.by_topic.rows] == [
        ("Employing a PA", [2, 0, 1, 0], 3),
        ("Reviews", [0, 0, 0, 1], 1),
        ("Finding a PA", [0, 0, 0, 0], 0),
    ]
    assert table.by_topic.month_totals == [2, 0, 1, 1]
    assert [(row.label, row.counts) for row in table.by_area.rows] == [
        ("Havant", [0, 0, 0, 1]),
        ("Winchester", [2, 0, 0, 0]),
        ("Not known", [0, 0, 1, 0]),
    ]
    assert table.by_area.month_totals == [2, 0, 1, 1]
    assert table.total == table.by_topic.total == table.by_area.total == 4
    assert table.cells == [
        reports.Cell(month=JAN, topic="Employing a PA", area="Winchester", count=2),
        reports.Cell(month=MAR, topic="Employing a PA", area="Not known", count=1),
        reports.Cell(month=APR, topic="Reviews", area="Havant", count=1),
    ]


def test_a_period_with_no_queries_still_lists_every_month_and_topic_at_zero(topics):
    table = reports.queries_by_topic_area_month(start=JAN, end=date(2026, 2, 28))

    assert table.months == [JAN, FEB]
    assert [row.counts for row in table.by_topic.rows] == [[0, 0]] * 3
    assert table.by_area.rows == []
    assert table.total == 0
    assert table.cells == []


# --- First contact ----------------------------------------------------------------------


def contacted(
    when: datetime, *, due: datetime | None, contact: datetime | None, business_hours: float | None = None, **fields
) -> Query:
    """A query raised at `when` whose first-contact clock is due at `due` (pauses already added, as
    sla_recompute leaves it) and first contacted at `contact`, if at all."""
    query = raised(when, **fields)
    Query.objects.filter(pk=query.pk).update(
        first_contact_due_at=due,
        first_contact_at=contact,
        first_contact_business_seconds=None if business_hours is None else round(business_hours * 3600),
        first_contact_wall_seconds=None if contact is None else round((contact - when).total_seconds()),
    )
    return query


def test_first_contact_on_time_is_by_the_clocks_due_time_and_wall_clock_is_counted_separately():
    # Monday 10:00; two working days waiting for the person's answer push the due time from Tuesday 10:00
    # to Thursday 10:00. Contacted on Wednesday at noon: on time, as the clock says, but 50 hours by the clock
    # on the wall.
    contacted(at(2026, 1, 5, 10), due=at(2026, 1, 8, 10), contact=at(2026, 1, 7, 12), status=Query.Status.IN_PROGRESS)
    # Tuesday 09:00, due 17:00, first reply at 18:00: late, although no working time passed after 17:00 (the
    # clock ran 8 working hours exactly); within 24 hours by the wall clock.
    contacted(
        at(2026, 1, 6, 9),
        due=at(2026, 1, 6, 17),
        contact=at(2026, 1, 6, 18),
        business_hours=8,
        status=Query.Status.CLOSED,
    )
    # Friday 16:00, due Monday 15:00, contacted Monday 11:00: on time, but 67 hours by the wall clock.
    contacted(at(2026, 1, 9, 16), due=at(2026, 1, 12, 15), contact=at(2026, 1, 12, 11), status=Query.Status.RESOLVED)
    contacted(at(2026, 1, 12), due=at(2026, 1, 13), contact=None, status=Query.Status.OPEN)  # still waiting
    contacted(
        at(2026, 1, 13), due=at(2026, 1, 14), contact=None, status=Query.Status.WITHDRAWN
    )  # ended, never contacted
    contacted(at(2026, 3, 2, 9), due=at(2026, 3, 2, 17), contact=at(2026, 3, 2, 10), status=Query.Status.CLOSED)
    contacted(at(2025, 12, 15), due=at(2025, 12, 16), contact=at(2025, 12, 15, 13))  # before the period

    result = reports.first_contact_by_month(start=JAN, end=date(2026, 3, 31))

    january, february, march = result.months
    assert (january.month, february.month, march.month) == (JAN, FEB, MAR)
    assert (january.received, january.contacted, january.not_yet_contacted) == (5, 3, 1)
    assert (january.within_working_day, january.within_24_hours) == (2, 1)
    assert january.percent_within_working_day == Decimal("40.0")
    assert january.percent_within_24_hours == Decimal("20.0")
    assert january.percent_contacted == Decimal("60.0")
    assert february.received == february.contacted == february.within_working_day == february.within_24_hours == 0
    assert february.percent_within_working_day is None
    assert (march.received, march.within_working_day, march.within_24_hours) == (1, 1, 1)
    total = result.total
    assert (total.received, total.contacted, total.within_working_day, total.within_24_hours) == (6, 4, 3, 2)
    assert total.not_yet_contacted == 1
    assert total.percent_within_working_day == Decimal("50.0")


def test_contact_at_the_due_time_or_after_exactly_twenty_four_hours_is_still_on_time():
    contacted(at(2026, 1, 5, 9), due=at(2026, 1, 5, 17), contact=at(2026, 1, 5, 17))
    contacted(at(2026, 1, 6, 9), due=at(2026, 1, 7, 9), contact=at(2026, 1, 7, 9))  # 24 hours to the second
    contacted(at(2026, 1, 7, 9), due=at(2026, 1, 7, 17), contact=at(2026, 1, 8, 9, 0) + timedelta(seconds=1))

    january = reports.first_contact_by_month(start=JAN, end=date(2026, 1, 31)).months[0]

    assert (january.received, january.within_working_day, january.within_24_hours) == (3, 2, 2)


def test_the_report_agrees_with_the_clocks_on_queries_worked_through_the_timeline(adviser):
    """What the clocks call late the report does not count as contacted within 8 working hours."""

    def answered(raised_at: datetime, replied_at: datetime) -> Query:
        with time_machine.travel(raised_at, tick=False):
            query = QueryFactory(requester=None, created_at=raised_at)
            event_add(query=query, kind=QueryEvent.Kind.RAISED, is_public=True, body="How do I pay my PA?")
            event_add(query=query, kind=QueryEvent.Kind.ACKNOWLEDGED, is_public=True)
        with time_machine.travel(replied_at, tick=False):
            event_add(
                query=query, kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Here is how."
            )
        return Query.objects.get(pk=query.pk)

    # Monday 09:00, answered at 18:00: the clock ran its whole 8 working hours and stopped after its due
    # time (17:00), so it is late, however few working seconds it counted.
    late = answered(at(2026, 1, 5, 9), at(2026, 1, 5, 18))
    assert late.first_contact_business_seconds == 8 * 3600
    assert late.first_contact_at > late.first_contact_due_at
    # Tuesday 10:00, answered on Wednesday at 09:30: 7.5 working hours, 23.5 hours on the wall.
    on_time = answered(at(2026, 1, 6, 10), at(2026, 1, 7, 9, 30))
    assert on_time.first_contact_at <= on_time.first_contact_due_at

    january = reports.first_contact_by_month(start=JAN, end=date(2026, 1, 31)).months[0]

    assert (january.received, january.contacted, january.within_working_day, january.within_24_hours) == (2, 2, 1, 2)


# --- Complaints per person with a direct payment ------------------------------------------


def test_complaints_per_person_with_an_active_direct_payment():
    two_payments = RecipientFactory()
    DirectPaymentFactory(recipient=two_payments)
    DirectPaymentFactory(recipient=two_payments)  # counted once
    DirectPaymentFactory()
    DirectPaymentFactory(status=DirectPayment.Status.SUSPENDED)
    DirectPaymentFactory(status=DirectPayment.Status.DRAFT)
    # Counted by when they were marked as a complaint: one raised before the period, two in it.
    raised(at(2025, 11, 3), is_complaint=True, complaint_at=at(2026, 1, 4))
    raised(at(2026, 2, 3), is_complaint=True, complaint_at=at(2026, 2, 3, 14))
    raised(at(2026, 3, 3), is_complaint=True, complaint_at=at(2026, 3, 4))
    # Not in the period, or not a complaint.
    raised(at(2026, 1, 3), is_complaint=True, complaint_at=at(2026, 4, 2))
    raised(at(2025, 12, 3), is_complaint=True, complaint_at=at(2025, 12, 4))
    raised(at(2026, 2, 3), is_complaint=False)

    rate = reports.complaints_per_dp_user(start=JAN, end=date(2026, 3, 31))

    assert (rate.complaints, rate.people_with_active_dp) == (3, 2)
    assert rate.per_person == Decimal("1.5000")
    assert rate.per_thousand == Decimal("1500.0")


def test_complaints_rate_is_not_a_number_when_nobody_has_an_active_direct_payment():
    raised(at(2026, 2, 3), is_complaint=True, complaint_at=at(2026, 2, 3))

    rate = reports.complaints_per_dp_user(start=JAN, end=date(2026, 3, 31))

    assert (rate.complaints, rate.people_with_active_dp) == (1, 0)
    assert rate.per_person is None and rate.per_thousand is None


# --- Satisfaction -------------------------------------------------------------------------


def survey(sent: datetime, score: int | None) -> SatisfactionSurvey:
    query = raised(sent - timedelta(days=2), status=Query.Status.RESOLVED)
    return SatisfactionSurvey.objects.create(
        query=query,
        token_hash=hashlib.sha256(f"survey-{query.pk}".encode()).hexdigest(),
        sent_at=sent,
        expires_at=sent + timedelta(days=28),
        answered_at=sent + timedelta(days=1) if score is not None else None,
        score=score,
    )


def test_satisfaction_counts_surveys_sent_answered_and_scored_four_or_five_by_month():
    survey(at(2026, 1, 5), 5)
    survey(at(2026, 1, 6), 3)
    survey(at(2026, 1, 7), None)
    survey(at(2026, 3, 9), 4)
    survey(at(2026, 4, 9), 5)  # after the period

    result = reports.satisfaction_by_month(start=JAN, end=date(2026, 3, 31))

    assert [(m.month, m.sent, m.answered, m.satisfied) for m in result.months] == [
        (JAN, 3, 2, 1),
        (FEB, 0, 0, 0),
        (MAR, 1, 1, 1),
    ]
    january, february, march = result.months
    assert january.percent_answered == Decimal("66.7")
    assert january.percent_satisfied == Decimal("50.0")
    assert february.percent_satisfied is None
    assert march.percent_satisfied == Decimal("100.0")
    assert (result.total.sent, result.total.answered, result.total.satisfied) == (4, 3, 2)
    assert result.total.percent_satisfied == Decimal("66.7")


# --- Help articles offered before asking ---------------------------------------------------


def offer(started: datetime, *, articles: int = 0, opened: int = 0, asked: bool = False) -> HelpOffer:
    """An attempt at raising a query, recorded as the raising and help pages record it (services/help.py)."""
    with time_machine.travel(started, tick=False):
        help_offer = help_offer_start()
        shown = [ArticleFactory() for _ in range(articles)]
        help_offer_articles_record(offer=help_offer, articles=shown)
        help_offer_articles_record(offer=help_offer, articles=shown[:1])  # offered again as they type
    with time_machine.travel(started + timedelta(minutes=1), tick=False):
        for article in shown[:opened]:
            help_offer_article_opened(offer_key=help_offer.key, article=article)
            help_offer_article_opened(offer_key=help_offer.key, article=article)  # opened twice
        if asked:
            help_offer_asked(offer=help_offer)
    help_offer.refresh_from_db()
    assert help_offer.articles_offered == articles
    assert (help_offer.first_opened_at is not None) == (opened > 0)
    return help_offer


def test_help_deflection_counts_offers_articles_opened_and_people_who_did_not_ask():
    article = ArticleFactory()
    offer(at(2026, 1, 5), asked=True)  # nothing to offer
    offer(at(2026, 1, 6), articles=2)  # offered, none opened, did not ask
    offer(at(2026, 2, 7), articles=2, opened=1)  # opened one and did not ask
    offer(at(2026, 3, 8), articles=1, opened=1, asked=True)  # opened one and still asked
    offer(at(2026, 5, 8), articles=1, opened=1)  # after the period
    for helpful, when in [
        (True, at(2026, 1, 9)),
        (True, at(2026, 2, 9)),
        (True, at(2026, 3, 9)),
        (False, at(2026, 3, 10)),
    ]:
        ArticleFeedback.objects.create(article=article, helpful=helpful, created_at=when)
    ArticleFeedback.objects.create(article=article, helpful=True, created_at=at(2025, 12, 1))

    result = reports.help_deflection(start=JAN, end=date(2026, 3, 31))

    assert result == reports.Deflection(
        offers=4,
        with_articles=3,
        opened=2,
        opened_and_did_not_ask=1,
        went_on_to_ask=2,
        helped_yes=3,
        helped_no=1,
    )
    assert result.percent_opened == Decimal("66.7")
    assert result.percent_did_not_ask == Decimal("50.0")
    assert result.percent_helped == Decimal("75.0")


# --- The period -----------------------------------------------------------------------------


def test_the_whole_report_costs_the_same_number_of_sql_queries_however_much_data(queries_of, topics):
    def whole_report():
        reports.queries_report(start=JAN, end=date(2026, 12, 31))

    raised(at(2026, 1, 10), topic=topics["pa"])
    few = queries_of(whole_report)
    for month in range(1, 13):
        for topic in topics.values():
            raised(
                at(2026, month, 3),
                topic=topic,
                area=f"District {month}",
                is_complaint=True,
                complaint_at=at(2026, month, 4),
            )
    assert queries_of(whole_report) == few == 8


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moments=st.lists(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)), max_size=12
    )
)
def test_every_query_counts_in_the_month_it_was_raised_in_london_time(topics, moments):
    Query.objects.all().delete()
    for moment in moments:
        raised(moment.replace(tzinfo=UTC), topic=topics["pa"])
    start, end = date(2025, 1, 1), date(2026, 12, 31)

    table = reports.queries_by_topic_area_month(start=start, end=end)

    expected = dict.fromkeys(reports.months_in(start=start, end=end), 0)
    for moment in moments:
        london = moment.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
        if london.year in (2025, 2026):
            expected[london.date().replace(day=1)] += 1
    assert table.by_topic.month_totals == list(expected.values())
