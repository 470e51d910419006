"""The authorisation matrix (docs/quality.md#authorisation-matrix): every route, every actor, GET."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from dpss.accounts.services import invitation_create
from tests import authz_policy as policy
from tests.factories import invitation_token
from tests.recipients.factories import (
    CheckupEvidenceFactory,
    DirectPaymentFactory,
    DocumentVersionFactory,
    FinancialCheckupFactory,
    ImportRunFactory,
    RecipientFactory,
    RepresentativeFactory,
)
from tests.urlwalk import Route, all_routes

ACTOR_ROLES = {
    policy.RECIPIENT_A: (Role.RECIPIENT,),
    policy.RECIPIENT_B: (Role.RECIPIENT,),
    policy.REPRESENTATIVE_OF_A: (Role.REPRESENTATIVE,),
    policy.REPRESENTATIVE_ENDED: (Role.REPRESENTATIVE,),
    policy.PA: (Role.PERSONAL_ASSISTANT,),
    policy.PRACTITIONER_OF_A: (Role.PRACTITIONER,),
    policy.PRACTITIONER_OTHER: (Role.PRACTITIONER,),
    policy.ADVISER: (Role.ADVISER,),
    policy.MANAGER: (Role.MANAGER,),
    policy.COPRODUCTION: (Role.COPRODUCTION,),
}


def cases_for(route: Route) -> list[policy.Case]:
    listed = policy.POLICY.get(route.name)
    if listed is None:
        namespace = route.name.split(":")[0] if ":" in route.name else ""
        listed = policy.NAMESPACE_POLICY.get(namespace)
    if listed is None:
        return []
    return listed if isinstance(listed, list) else [listed]


def test_every_route_is_in_the_policy():
    missing = [f"{route.name} ({route.pattern})" for route in all_routes() if not cases_for(route)]
    assert not missing, "Add these routes to tests/authz_policy.py:\n" + "\n".join(missing)


def test_policy_lists_no_route_that_does_not_exist():
    names = {route.name for route in all_routes()}
    stale = [name for name in policy.POLICY if name not in names]
    assert not stale, f"The policy lists routes that no longer exist: {stale}"


def url_for(route: Route, kwargs: dict[str, str]) -> str:
    own_kwargs = {name: kwargs.get(name, "1") for name in route.converters}
    if "<" not in route.name:
        return reverse(route.name, kwargs=own_kwargs or None)
    # An unnamed pattern: fill in its parameters by hand.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: own_kwargs[m.group(1)], route.pattern)


@pytest.fixture
def actors(make_user):
    return {actor: make_user(*roles) for actor, roles in ACTOR_ROLES.items()}


@pytest.fixture
def records(actors):
    """Recipient A and B with their direct payments, and the people around A."""
    today = timezone.localdate()
    a = RecipientFactory(user=actors[policy.RECIPIENT_A])
    b = RecipientFactory(user=actors[policy.RECIPIENT_B])
    dp_a = DirectPaymentFactory(recipient=a, practitioner=actors[policy.PRACTITIONER_OF_A])
    DirectPaymentFactory(recipient=b, practitioner=actors[policy.PRACTITIONER_OTHER])
    RepresentativeFactory(recipient=a, user=actors[policy.REPRESENTATIVE_OF_A], valid_from=today - timedelta(days=90))
    RepresentativeFactory(
        recipient=a,
        user=actors[policy.REPRESENTATIVE_ENDED],
        valid_from=today - timedelta(days=90),
        valid_to=today - timedelta(days=1),
    )
    document_a = DocumentVersionFactory(document__recipient=a)  # a ready PDF on A's record
    # Finding people and imports: a finished import with a rejected row.
    run = ImportRunFactory(started_by=actors[policy.ADVISER])
    # Financial check-ups: one waiting for A, with a statement A added.
    evidence_a = CheckupEvidenceFactory(checkup=FinancialCheckupFactory(direct_payment=dp_a))
    return {
        "recipient_a": str(a.pk),
        "recipient_b": str(b.pk),
        "document_a": str(document_a.pk),
        "checkup_a": str(evidence_a.checkup_id),
        "evidence_a": str(evidence_a.pk),
        "import_run": str(run.pk),
    }


@pytest.fixture
def ending_records(actors):
    """Two people the practitioner of A looked after, whose direct payments ended 10 and 120 days ago."""
    today = timezone.localdate()
    ended = {}
    for name, days in (("ended_recently", 10), ("ended_long_ago", 120)):
        dp = DirectPaymentFactory(
            practitioner=actors[policy.PRACTITIONER_OF_A],
            status="ended",
            end_date=today - timedelta(days=days),
            end_reason="moved_away",
        )
        ended[name] = str(dp.recipient_id)
    return ended


@pytest.fixture
def staff_records(actors, records):
    """Objects on A's record for the staff pages (issue 3, staff area): a check-in done and a proposal waiting."""
    from decimal import Decimal

    from recipients.models import AdviserTask, DirectPayment, Recovery, Representative
    from recipients.services.check_ins import check_in_close
    from recipients.services.money_records import balance_record

    a = records["recipient_a"]
    dp = DirectPayment.objects.get(recipient_id=a)
    snapshot = balance_record(direct_payment=dp, taken_on=timezone.localdate(), balance=Decimal("99999"))
    task = AdviserTask.objects.get(direct_payment=dp, balance=snapshot)
    check_in_close(task=task, note="Talked about it.", actor=actors[policy.ADVISER])
    recovery = Recovery.objects.create(
        direct_payment=dp, check_in=task, amount=Decimal("10"), reason="Unspent.", proposed_by=actors[policy.ADVISER]
    )
    representative = Representative.objects.get(recipient_id=a, user=actors[policy.REPRESENTATIVE_OF_A])
    return {
        "direct_payment_a": str(dp.pk),
        "representative_of_a": str(representative.pk),
        "check_in_a": str(task.pk),
        "recovery_a": str(recovery.pk),
    }


@pytest.fixture
def query_records(actors, records):
    """Queries for the queries app's pages (tests/policy_queries/): A's, B's, one without an account."""
    from tests.queries.matrix_data import query_matrix_records

    return query_matrix_records(actors=actors, records=records)


@pytest.fixture
def sample_kwargs(actors, records, staff_records, query_records, ending_records):
    manager = actors[policy.MANAGER]
    invitation = invitation_create(
        email="invited@example.com", full_name="Sam Invited", role=Role.ADVISER, actor=manager
    )
    token = _latest_token()
    return {
        **policy.DEFAULT_KWARGS,
        **records,
        **staff_records,
        **query_records,
        **ending_records,
        "token": token,
        "pk": str(invitation.pk),
    }


def _latest_token() -> str:
    from dpss.notifications.models import OutboxMessage

    body = OutboxMessage.objects.filter(template="invitation").latest("created_at").body
    return invitation_token(body)


def test_every_actor_gets_the_expected_answer_on_every_route(actors, sample_kwargs):
    clients = {policy.ANONYMOUS: Client()}
    for actor, user in actors.items():
        clients[actor] = Client()
        clients[actor].force_login(user)

    wrong = []
    for route in all_routes():
        for case in cases_for(route):
            case_kwargs = {name: value.format(**sample_kwargs) for name, value in case.kwargs.items()}
            url = url_for(route, {**sample_kwargs, **case_kwargs})
            for actor in policy.ACTORS:
                status = clients[actor].get(url).status_code
                expected = case.expected[actor]
                if status != expected or status >= 500:
                    wrong.append(f"{route.name} {case.label} {url} as {actor}: got {status}, policy says {expected}")
    assert not wrong, f"{len(wrong)} answers differ from the policy:\n" + "\n".join(wrong)
