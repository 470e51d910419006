"""Finding people: the staff search, scoped to who is asking.

DPSS staff search everyone; a practitioner searches their own caseload
(`Recipient.objects.visible_to`). One box finds a person by name, council
reference or postcode; filters on the person and on their direct payments
combine. Direct payment filters are EXISTS subqueries (a person with two
direct payments is still one row), and all of them must hold for the same
direct payment. Each result shows the status and payment method of the newest
direct payment that matched, so what the row says agrees with the filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from dpss.accounts.types import AnyUser

from ..models import DirectPayment, FinancialCheckup, Recipient
from ..postcodes import normalise as normalise_postcode

# More words than this in the box are ignored: nobody's name has more.
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class PeopleSearch:
    """What the person searching asked for. Empty values mean "any"."""

    text: str = ""
    directorate: str = ""
    care_group: str = ""
    area: str = ""
    status: str = ""
    payment_method: str = ""
    checkup_due: bool = False
    surplus_flagged: bool = False

    @property
    def filters_direct_payments(self) -> bool:
        return bool(self.status or self.payment_method or self.checkup_due or self.surplus_flagged)

    @property
    def has_filters(self) -> bool:
        return bool(self.directorate or self.care_group or self.area or self.filters_direct_payments)

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.has_filters)


def _text_matches(text: str) -> Q:
    """Every word in the name, or the reference starts with the text, or the postcode does."""
    words = text.split()[:MAX_NAME_WORDS]
    in_name = Q()
    for word in words:
        in_name &= Q(full_name__icontains=word)
    stripped = text.strip()
    return in_name | Q(council_reference__istartswith=stripped) | Q(postcode__istartswith=normalise_postcode(stripped))


def _matching_direct_payments(search: PeopleSearch) -> QuerySet[DirectPayment]:
    """Direct payments that pass every direct payment filter (all of them must hold for the same one)."""
    payments = DirectPayment.objects.all()
    if search.status:
        payments = payments.filter(status=search.status)
    if search.payment_method:
        payments = payments.filter(payment_method=search.payment_method)
    if search.surplus_flagged:
        payments = payments.filter(surplus_flagged=True)
    if search.checkup_due:
        due = FinancialCheckup.objects.filter(direct_payment=OuterRef("pk"), status=FinancialCheckup.Status.DUE)
        payments = payments.filter(Exists(due))
    return payments


def people_search(*, fetched_by: AnyUser, search: PeopleSearch) -> QuerySet[Recipient]:
    """The people `fetched_by` may see who match `search`, sorted by name.

    Only what a result shows about the person is read; their direct payment
    comes from `direct_payments_shown`, for one page of people at a time.
    """
    people = Recipient.objects.visible_to(fetched_by)
    if search.text.strip():
        people = people.filter(_text_matches(search.text))
    for field in ("directorate", "care_group", "area"):
        value = getattr(search, field)
        if value:
            people = people.filter(**{field: value})
    if search.filters_direct_payments:
        people = people.filter(Exists(_matching_direct_payments(search).filter(recipient=OuterRef("pk"))))
    return people.only("pk", "full_name", "council_reference", "postcode", "area").order_by("full_name", "pk")


def direct_payments_shown(*, people: list[Recipient], search: PeopleSearch) -> dict[int, DirectPayment]:
    """For each person on a page, the newest of their direct payments that matches the filters (one query).

    Read for the page only: asked in the search query itself, it would be
    worked out for every row skipped on the way to a later page.
    """
    shown: dict[int, DirectPayment] = {}
    payments = (
        _matching_direct_payments(search)
        .filter(recipient_id__in=[person.pk for person in people])
        .only("pk", "recipient_id", "status", "agreement_signed_at", "payment_method")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    for payment in payments:
        shown.setdefault(payment.recipient_id, payment)
    return shown


def area_choices() -> list[str]:
    """The districts people live in, for the area filter: the same list for everyone (it is not personal).

    A DISTINCT would read all 100,000 rows on every search. This walks the
    index on `area` instead, one probe per district (a dozen or so): each step
    asks for the smallest area after the previous one.
    """
    quote = connection.ops.quote_name
    table, column = quote(Recipient._meta.db_table), quote(Recipient._meta.get_field("area").column)
    # Table and column names come from the model, never from input.
    sql = f"""
        WITH RECURSIVE areas(area) AS (
            SELECT MIN({column}) FROM {table}
            UNION ALL
            SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > areas.area) FROM areas
            WHERE areas.area IS NOT NULL
        )
        SELECT area FROM areas WHERE area IS NOT NULL
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]
