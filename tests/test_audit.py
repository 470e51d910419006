import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog

from dpss.accounts.models import Role, User
from dpss.audit.registry import record_access, register_person_model

pytestmark = pytest.mark.django_db


def test_viewing_a_person_record_writes_exactly_one_access_entry(make_user, adviser):
    person = make_user(Role.RECIPIENT)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    record_access(person, actor=adviser)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    entry = entries.latest("timestamp")
    assert entry.object_pk == str(person.pk)
    assert entry.actor == adviser


def test_changes_to_people_are_logged_with_actor_and_ip(client, manager):
    from auditlog.context import set_actor

    with set_actor(manager, remote_addr="192.0.2.10"):
        user = User.objects.create_user(email="someone@example.com", password="x")
        user.full_name = "Someone New"
        user.save()
    entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == manager
    assert entry.remote_addr == "192.0.2.10"
    assert entry.changes_dict["full_name"] == ["", "Someone New"]


def test_passwords_never_reach_the_audit_log(make_user):
    user = make_user()
    user.set_password("a-new-secret-passphrase")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict


def test_special_category_fields_are_masked_in_diffs(make_user):
    # Apps register their own models; here a User field stands in for, say,
    # a person's care needs.
    register_person_model(User, masked_fields=["full_name"], exclude_fields=["password", "last_login"])
    try:
        user = make_user()
        user.full_name = "Needs a hoist for transfers"
        user.save()
        entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
        assert "hoist" not in str(entry.changes_dict)
        assert "*" in entry.changes_dict["full_name"][1]
    finally:
        register_person_model(User, exclude_fields=["password", "last_login"])
    assert auditlog.contains(User)


def test_a_page_shown_is_one_access_entry_and_a_change_that_redirects_is_logged_by_the_change(client, make_user):
    from decimal import Decimal

    from django.urls import reverse

    from dpss.accounts.models import Role
    from tests.recipients.factories import DirectPaymentFactory

    adviser = make_user(Role.ADVISER)
    dp = DirectPaymentFactory()
    url = reverse("recipients:staff_balance_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    client.force_login(adviser)
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)

    client.get(url)
    assert accesses.count() == 1
    response = client.post(url, {"taken_on_0": "4", "taken_on_1": "1", "taken_on_2": "2027", "balance": "100"})
    assert response.status_code == 302
    assert accesses.count() == 1  # the change has its own entry; no second "looked at"
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE, content_type__model="balancesnapshot").count() == 1
    client.post(url, {"balance": "not money"})  # refused: the page is shown again, with the record on it
    assert accesses.count() == 2
    assert Decimal("100.00") == dp.balances.get().balance


# --- The client's address behind our proxy (docs/gotchas.md#gotcha-client-address) -----------------------

PROXY = "172.18.0.5"
FORGED = "6.6.6.6"
REAL = "203.0.113.7"


def test_a_forged_left_most_address_is_not_stored_in_the_audit_log(client, settings, make_user):
    from django.urls import reverse

    from dpss.accounts.models import Role
    from tests.recipients.factories import DirectPaymentFactory

    settings.TRUSTED_PROXY_COUNT = 1
    dp = DirectPaymentFactory()
    client.force_login(make_user(Role.ADVISER))
    url = reverse("recipients:staff_balance_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    # The client wrote the first value; nginx appended the address it saw.
    response = client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {REAL}", HTTP_X_FORWARDED_PORT="1")
    assert response.status_code == 200
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.remote_addr == REAL
    assert entry.remote_port is None


def test_a_forged_left_most_address_is_not_stored_on_a_signature(
    client, settings, make_user, manager, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from dpss.accounts.models import Role
    from recipients.models import AgreementSignature, DirectPayment
    from recipients.services.agreements import agreement_prepare
    from tests.recipients.factories import DirectPaymentFactory, RecipientFactory

    settings.TRUSTED_PROXY_COUNT = 1
    person = RecipientFactory(user=make_user(Role.RECIPIENT))
    dp = DirectPaymentFactory(recipient=person, status=DirectPayment.Status.DRAFT, outcomes="To get out to my choir.")
    with django_capture_on_commit_callbacks(execute=True):
        version = agreement_prepare(direct_payment=dp, actor=manager)
    client.force_login(person.user)
    response = client.post(
        reverse("recipients:agreement_sign", kwargs={"pk": person.pk}),
        {"version": version.pk, "declaration": "on"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{FORGED}, {REAL}",
    )
    assert response.status_code == 302
    assert AgreementSignature.objects.get().ip_address == REAL
