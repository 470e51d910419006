"""The agreement (docs/domain.md#rule-8, #rule-11): prepared by staff, signed once, by the right person, for one version."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tone import unwelcome_words
from recipients.models import AgreementSignature, DirectPayment, DocumentVersion, Representative
from recipients.services.agreements import agreement_prepare, agreement_sign, signing_authority
from recipients.services.money_records import direct_payment_verify_account
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user(Role.RECIPIENT, full_name="Margaret Ellis", email="margaret@example.com")
    return RecipientFactory(user=user, full_name="Margaret Ellis")


@pytest.fixture
def draft(person, make_user):
    return DirectPaymentFactory(
        recipient=person,
        status=DirectPayment.Status.DRAFT,
        personal_budget_weekly=Decimal("420.00"),
        contribution_weekly=Decimal("35.50"),
        amount_per_period=Decimal("1538.00"),
        outcomes="To get out to my choir on Tuesdays.\nTo stay living at home.",
        practitioner=make_user(Role.PRACTITIONER, full_name="Priya Shah"),
    )


@pytest.fixture
def prepare(django_capture_on_commit_callbacks, manager):
    """Prepare the agreement and let the worker render it (eager in tests)."""

    def run(dp) -> DocumentVersion:
        with django_capture_on_commit_callbacks(execute=True):
            version = agreement_prepare(direct_payment=dp, actor=manager)
        version.refresh_from_db()
        return version

    return run


def sign(version, user, **kwargs):
    return agreement_sign(
        version=version, signer=user, declaration_accepted=True, ip_address=kwargs.pop("ip", "203.0.113.7"), **kwargs
    )


def representative(make_user, recipient, **authority):
    user = make_user(Role.REPRESENTATIVE, full_name="David Okafor")
    defaults = {"kind": Representative.Kind.CARER_OR_FAMILY, "can_act": True, "can_sign": True}
    return RepresentativeFactory(user=user, recipient=recipient, **{**defaults, **authority})


# --- Preparing -------------------------------------------------------------------


def test_preparing_freezes_the_three_budget_figures_and_what_each_side_agrees_and_waits_for_a_signature(draft, prepare):
    version = prepare(draft)
    draft.refresh_from_db()
    assert draft.status == DirectPayment.Status.AWAITING_SIGNATURE
    assert version.status == DocumentVersion.Status.READY
    facts = version.context["direct_payment"]
    assert (facts["personal_budget_weekly"], facts["contribution_weekly"], facts["council_amount_weekly"]) == (
        "£420.00",
        "£35.50",
        "£384.50",
    )
    assert facts["amount_per_period"] == "£1,538.00"
    assert facts["frequency"] == "every 4 weeks"
    assert facts["payment_method"] == "Virtual Wallet"
    assert facts["outcomes"] == ["To get out to my choir on Tuesdays.", "To stay living at home."]
    assert facts["practitioner"] == "Priya Shah"
    assert any("contribution of £35.50 a week" in line for line in version.context["person_agrees"])
    assert any("Review your support with you within 6 months" in line for line in version.context["council_agrees"])
    assert "Ombudsman" in version.context["complaints"]
    for text in version.context["person_agrees"] + version.context["council_agrees"]:
        assert unwelcome_words(text) == []

    draft.personal_budget_weekly = Decimal("500.00")
    draft.save()
    version.refresh_from_db()
    assert version.context["direct_payment"]["personal_budget_weekly"] == "£420.00"  # frozen


def test_preparing_emails_everyone_who_may_sign_and_nobody_else(draft, prepare, make_user):
    signs = representative(make_user, draft.recipient)
    sees_only = representative(make_user, draft.recipient, can_act=False, can_sign=False)
    today = timezone.localdate()
    ended = representative(make_user, draft.recipient, valid_from=today - timedelta(days=60), valid_to=today)
    ended.valid_to = today - timedelta(days=1)
    ended.save()

    prepare(draft)

    sent_to = set(OutboxMessage.objects.filter(template="agreement_ready").values_list("to", flat=True))
    assert sent_to == {"margaret@example.com", signs.user.email}
    assert sees_only.user.email not in sent_to and ended.user.email not in sent_to
    for_carer = OutboxMessage.objects.get(template="agreement_ready", to=signs.user.email)
    assert "for Margaret Ellis" in for_carer.body
    assert f"/direct-payment/{draft.recipient.pk}/agreement/" in for_carer.body


def test_an_agreement_cannot_be_prepared_once_the_direct_payment_has_started(person):
    dp = DirectPaymentFactory(recipient=person, status=DirectPayment.Status.ACTIVE, outcomes="Choir.")
    with pytest.raises(ValidationError, match="only be prepared before it starts"):
        agreement_prepare(direct_payment=dp, actor=None)


@pytest.mark.parametrize(
    ("change", "message"),
    [({"outcomes": "  "}, "Add the outcomes"), ({"amount_per_period": Decimal("0")}, "no direct payment to agree")],
)
def test_an_agreement_needs_the_outcomes_and_an_amount_to_pay(draft, change, message):
    for name, value in change.items():
        setattr(draft, name, value)
    draft.save()
    with pytest.raises(ValidationError, match=message):
        agreement_prepare(direct_payment=draft, actor=None)
    draft.refresh_from_db()
    assert draft.status == DirectPayment.Status.DRAFT


def test_preparing_again_makes_version_2_and_a_signature_of_version_1_no_longer_counts(draft, prepare, person):
    first = prepare(draft)
    sign(first, person.user)
    draft.refresh_from_db()
    assert draft.agreement_signed_at is not None  # signed, but the account is not checked yet

    second = prepare(draft)
    draft.refresh_from_db()
    assert (second.document_id, second.number) == (first.document_id, 2)
    assert draft.agreement_signed_at is None
    assert draft.status == DirectPayment.Status.AWAITING_SIGNATURE


# --- Signing ---------------------------------------------------------------------


def test_the_person_signs_as_themselves_and_everything_rule_11_asks_for_is_stored(draft, prepare, person):
    version = prepare(draft)
    signature = sign(version, person.user)

    assert signature.signer == person.user
    assert signature.signer_name == "Margaret Ellis"
    assert signature.authority == AgreementSignature.Authority.SELF
    assert signature.version == version
    assert signature.document_sha256 == version.sha256 and len(version.sha256) == 64
    assert signature.consent_wording.startswith(
        "I, Margaret Ellis, have read version 1 of the direct payment agreement."
    )
    assert "same as signing it on paper" in signature.consent_wording
    assert signature.ip_address == "203.0.113.7"
    draft.refresh_from_db()
    assert draft.agreement_signed_at == signature.signed_at


@pytest.mark.parametrize(
    ("kind", "legal_basis", "authority", "as_their"),
    [
        (Representative.Kind.AUTHORISED_PERSON, Representative.LegalBasis.ATTORNEY, "attorney", "attorney"),
        (Representative.Kind.AUTHORISED_PERSON, Representative.LegalBasis.DEPUTY, "deputy", "deputy"),
        (
            Representative.Kind.AUTHORISED_PERSON,
            Representative.LegalBasis.COUNCIL_AGREED,
            "council_agreed",
            "authorised person",
        ),
        (Representative.Kind.NOMINATED_PERSON, Representative.LegalBasis.NONE, "nominee", "nominated person"),
        (Representative.Kind.PARENT, Representative.LegalBasis.NONE, "parent", "parent"),
        (Representative.Kind.CARER_OR_FAMILY, Representative.LegalBasis.NONE, "carer", "carer"),
        (Representative.Kind.MONEY_MANAGER, Representative.LegalBasis.NONE, "money_manager", "money manager"),
    ],
)
def test_a_representative_signs_with_the_authority_recorded_for_them(
    draft, prepare, make_user, kind, legal_basis, authority, as_their
):
    acting = representative(make_user, draft.recipient, kind=kind, legal_basis=legal_basis)
    version = prepare(draft)
    signature = sign(version, acting.user)
    assert signature.authority == authority
    assert f"agreement for Margaret Ellis, as their {as_their}." in signature.consent_wording


def test_signing_starts_the_direct_payment_only_once_the_account_is_verified_too(draft, prepare, person):
    version = prepare(draft)
    sign(version, person.user)
    draft.refresh_from_db()
    # docs/domain.md#rule-8: the account is not checked yet.
    assert draft.status == DirectPayment.Status.AWAITING_SIGNATURE

    direct_payment_verify_account(direct_payment=draft)
    draft.refresh_from_db()
    assert draft.status == DirectPayment.Status.ACTIVE


def test_signing_when_the_account_is_already_verified_starts_the_direct_payment(draft, prepare, person):
    draft.account_verified = True
    draft.save()
    sign(prepare(draft), person.user)
    draft.refresh_from_db()
    assert draft.status == DirectPayment.Status.ACTIVE


def test_people_without_authority_to_sign_today_cannot_sign(draft, prepare, make_user, adviser):
    today = timezone.localdate()
    sees_only = representative(make_user, draft.recipient, can_act=False, can_sign=False)
    ended = representative(make_user, draft.recipient, valid_from=today - timedelta(days=30))
    ended.valid_to = today - timedelta(days=1)
    ended.save()
    someone_else = RecipientFactory(user=make_user(Role.RECIPIENT)).user
    version = prepare(draft)

    for user in (sees_only.user, ended.user, draft.practitioner, adviser, someone_else):
        assert signing_authority(user=user, recipient=draft.recipient) is None
        with pytest.raises(PermissionDenied):
            sign(version, user)
    assert not AgreementSignature.objects.exists()


def test_signing_twice_is_refused_with_a_clear_message_whoever_tries(draft, prepare, person, make_user):
    acting = representative(make_user, draft.recipient)
    version = prepare(draft)
    sign(version, person.user)

    for user in (person.user, acting.user):
        with pytest.raises(
            ValidationError, match=r"already signed by Margaret Ellis on .* does not need signing again"
        ):
            sign(version, user)
    assert AgreementSignature.objects.count() == 1


def test_a_superseded_version_cannot_be_signed(draft, prepare, person):
    old = prepare(draft)
    prepare(draft)
    with pytest.raises(ValidationError, match="newer version of this agreement"):
        sign(old, person.user)


def test_a_version_still_being_prepared_cannot_be_signed(draft, person):
    version = agreement_prepare(direct_payment=draft, actor=None)  # the worker has not run
    with pytest.raises(ValidationError, match="still being prepared"):
        sign(version, person.user)


def test_the_declaration_must_be_ticked(draft, prepare, person):
    version = prepare(draft)
    with pytest.raises(ValidationError) as refused:
        agreement_sign(version=version, signer=person.user, declaration_accepted=False)
    assert "Tick the box" in refused.value.message_dict["declaration"][0]
    draft.refresh_from_db()
    assert draft.agreement_signed_at is None


def test_the_signer_and_the_person_get_a_plain_confirmation_email(
    draft, prepare, make_user, django_capture_on_commit_callbacks
):
    acting = representative(make_user, draft.recipient)
    version = prepare(draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign(version, acting.user)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {acting.user.email, "margaret@example.com"}
    assert "You signed the direct payment agreement for Margaret Ellis" in by_address[acting.user.email].body
    assert "David Okafor signed your direct payment agreement for you" in by_address["margaret@example.com"].body
    for message in mail.outbox:
        assert "starts once we have checked the account" in message.body
        assert unwelcome_words(message.subject + message.body) == []


def test_an_address_that_is_not_an_ip_is_not_stored_as_one(draft, prepare, person):
    signature = sign(prepare(draft), person.user, ip="not-an-address\x00")
    assert signature.ip_address is None
