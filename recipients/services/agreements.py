"""The direct payment agreement: prepared by staff, signed online by the right person (docs/domain.md#rule-8, #rule-11).

`agreement_prepare` freezes the facts of the direct payment into a new
version of its agreement document (rendered to a tagged PDF by a worker) and
waits for a signature. `agreement_sign` records an electronic signature of
exactly that version (signer, authority, time, the version's SHA-256, the
words agreed to, the address signed from) and starts the direct payment if
the account is verified too (docs/domain.md#rule-8).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.types import AnyUser
from dpss.formatting import long_date, pounds
from dpss.notifications.services import outbox_enqueue_email

from ..models import AgreementSignature, DirectPayment, Document, DocumentVersion, Recipient, Representative
from ..rules import can_sign_for
from .contacts import contacts_email, own_contact, people_who_may_sign
from .documents import document_request
from .money_records import direct_payment_activate_if_ready

AGREEMENT_TEMPLATE = "recipients/pdf/agreement.html"
AGREEMENT_TITLE = "Your direct payment agreement"

Authority = AgreementSignature.Authority

# How a representative's recorded authority reads on a signature (docs/domain.md#rule-11).
# A legal basis (attorney, deputy, agreed by the council) says more than the kind.
AUTHORITY_BY_LEGAL_BASIS = {
    Representative.LegalBasis.ATTORNEY: Authority.ATTORNEY,
    Representative.LegalBasis.DEPUTY: Authority.DEPUTY,
    Representative.LegalBasis.COUNCIL_AGREED: Authority.COUNCIL_AGREED,
}
AUTHORITY_BY_KIND = {
    Representative.Kind.AUTHORISED_PERSON: Authority.COUNCIL_AGREED,
    Representative.Kind.NOMINATED_PERSON: Authority.NOMINEE,
    Representative.Kind.PARENT: Authority.PARENT,
    Representative.Kind.CARER_OR_FAMILY: Authority.CARER,
    Representative.Kind.MONEY_MANAGER: Authority.MONEY_MANAGER,
}
# "... for Margaret Ellis, as their attorney."
AUTHORITY_AS: dict[str, str] = {
    Authority.ATTORNEY: "attorney",
    Authority.DEPUTY: "deputy",
    Authority.COUNCIL_AGREED: "authorised person",
    Authority.NOMINEE: "nominated person",
    Authority.PARENT: "parent",
    Authority.CARER: "carer",
    Authority.MONEY_MANAGER: "money manager",
}


# --- Preparing ---------------------------------------------------------------


def agreement_facts(*, direct_payment: DirectPayment, actor: User | None) -> dict[str, Any]:
    """What the agreement says, as JSON, frozen when it is prepared.

    The same facts fill the PDF and the signing page, so the page shows what
    the PDF says. docs/domain.md#rule-6: the three budget figures; #rule-10: how it is paid;
    #rule-9, #rule-12, #rule-13, #rule-14: what the council will do, in plain English.
    """
    dp = direct_payment
    person = dp.recipient
    service = settings.SERVICE
    net = dp.basis == DirectPayment.Basis.NET
    method = dp.payment_method_words
    person_agrees = [
        "Use the money only for the support and outcomes in your support plan, listed above.",
        f"Keep the money in your {method} and use it only for your support.",
        "Keep receipts, invoices and payslips for what you pay, so we can look at them together if needed.",
        "Take part in a short financial check-up when we ask: first about 2 months after the first payment, "
        "then once a year.",
        "If you employ personal assistants, be a good employer: give them a contract, pay them at least the "
        "National Living Wage, pay their tax and pension, and have employer's liability insurance. "
        "We can help with all of this.",
        "Tell us within 2 weeks if your needs or circumstances change, if you go into hospital, or if money "
        "builds up that you do not need.",
        "Tell us if you want to stop having a direct payment. You can do this at any time.",
    ]
    if net and dp.contribution_weekly:
        person_agrees.insert(
            1,
            f"Pay your contribution of {pounds(dp.contribution_weekly)} a week into your {method}.",
        )
    council_agrees = [
        f"Pay {pounds(dp.amount_per_period)} {dp.get_frequency_display().lower()}, in advance, on time.",
        "Give you help and advice from the Direct Payments Support Service whenever you need it.",
        "Review your support with you within 6 months of the first payment, then at least once a year, "
        "and sooner if you ask.",
        "Talk with you first about any money that builds up. We will only ask for unspent money back after "
        "talking with you, and we will say why.",
        "Keep meeting your needs. We will always talk with you and review your support before changing or "
        "ending your direct payment.",
    ]
    return {
        "person": {
            "full_name": person.full_name,
            "council_reference": person.council_reference,
            "address": [line for line in (person.address_line_1, person.address_line_2, person.town) if line]
            + [person.postcode],
        },
        "direct_payment": {
            "kind": dp.kind_name,
            "personal_budget_weekly": pounds(dp.personal_budget_weekly),
            "contribution_weekly": pounds(dp.contribution_weekly),
            "council_amount_weekly": pounds(dp.council_amount_weekly),
            "basis": dp.get_basis_display(),
            "net": net,
            "amount_per_period": pounds(dp.amount_per_period),
            "frequency": dp.get_frequency_display().lower(),
            "payment_method": method,
            "outcomes": [line.strip() for line in dp.outcomes.splitlines() if line.strip()],
            "practitioner": str(dp.practitioner) if dp.practitioner else "",
        },
        "person_agrees": person_agrees,
        "council_agrees": council_agrees,
        "prepared_on": long_date(timezone.localdate()),
        "prepared_by": str(actor) if actor else "",
        "complaints": (
            f"If you are unhappy with your direct payment or with us, please tell us first: call "
            f"{service['phone']} or email {service['email']}. If we cannot put it right, you can make a complaint "
            f"to {service['council']}, and after that to the Local Government and Social Care Ombudsman."
        ),
    }


@dataclass(frozen=True)
class PreparedAgreement:
    version: DocumentVersion
    # How many people who may sign were emailed that it is ready: 0 when nobody who may sign has an
    # address we may use, so staff are told what to do instead of "we have emailed" (docs/domain.md#rule-11).
    emailed: int


def agreement_prepare(*, direct_payment: DirectPayment, actor: User | None) -> DocumentVersion:
    """`agreement_prepare_and_email`, for callers that need only the new version."""
    return agreement_prepare_and_email(direct_payment=direct_payment, actor=actor).version


@transaction.atomic
def agreement_prepare_and_email(*, direct_payment: DirectPayment, actor: User | None) -> PreparedAgreement:
    """Freeze the direct payment's facts into a new version of its agreement and wait for a signature (docs/domain.md#rule-11).

    Allowed until the direct payment starts (draft or waiting for a
    signature). Preparing again supersedes the earlier version: a signature
    of it no longer counts, so the new one must be signed (docs/domain.md#rule-8: nothing is
    paid until the agreement is signed). The people who may sign are emailed; the result says how many.
    """
    dp = (
        DirectPayment.objects.select_for_update(of=("self",))
        .select_related("recipient", "practitioner")
        .get(pk=direct_payment.pk)
    )
    if not dp.is_being_set_up:
        raise ValidationError(
            f"This direct payment is {dp.get_status_display().lower()}: an agreement can only be prepared "
            "before it starts."
        )
    if not dp.outcomes.strip():
        raise ValidationError(
            {"outcomes": "Add the outcomes from the support plan first: the agreement says what the money is for."}
        )
    if dp.amount_per_period <= 0:
        raise ValidationError(
            # docs/domain.md#rule-6: when the contribution covers the budget, no direct payment is paid.
            {"amount_per_period": "The amount to pay is £0.00, so there is no direct payment to agree."}
        )
    document = Document.objects.filter(direct_payment=dp, kind=Document.Kind.AGREEMENT).order_by("-pk").first()
    version = document_request(
        recipient=dp.recipient,
        direct_payment=dp,
        document=document,
        kind=Document.Kind.AGREEMENT,
        title=AGREEMENT_TITLE,
        template=AGREEMENT_TEMPLATE,
        context=agreement_facts(direct_payment=dp, actor=actor),
        actor=actor,
    )
    dp.status = DirectPayment.Status.AWAITING_SIGNATURE
    dp.agreement_signed_at = None
    dp.full_clean()
    dp.save(update_fields=["status", "agreement_signed_at", "updated_at"])
    direct_payment.refresh_from_db()
    signers = people_who_may_sign(recipient=dp.recipient)
    contacts_email(
        contacts=signers,
        recipient=dp.recipient,
        key=f"agreement-ready:{version.pk}",
        template="agreement_ready",
        context={"sign_path": reverse("recipients:agreement_sign", kwargs={"pk": dp.recipient.pk})},
    )
    return PreparedAgreement(version=version, emailed=len(signers))


# --- Signing -----------------------------------------------------------------


@dataclass(frozen=True)
class SigningAuthority:
    authority: str
    representative: Representative | None = None

    @property
    def is_self(self) -> bool:
        return self.authority == Authority.SELF


def signing_authority(*, user: AnyUser, recipient: Recipient) -> SigningAuthority | None:
    """With what authority `user` may sign for `recipient` today, or None (docs/domain.md#rule-2, #rule-11).

    Who may sign is the one rule `rules.can_sign_for`. The person themselves signs as "self"; a
    representative as their legal basis or kind.
    """
    if not can_sign_for(user, recipient):
        return None
    if recipient.user_id == user.pk:
        return SigningAuthority(Authority.SELF)
    representative = (
        Representative.objects.in_force().filter(user=user, recipient=recipient, can_sign=True).order_by("pk").first()
    )
    if representative is None:
        return None
    authority = AUTHORITY_BY_LEGAL_BASIS.get(representative.legal_basis) or AUTHORITY_BY_KIND[representative.kind]
    return SigningAuthority(authority, representative)


def agreement_consent_wording(*, version: DocumentVersion, signer: User, recipient: Recipient, authority: str) -> str:
    """The declaration the signer ticks; stored word for word with the signature (docs/domain.md#rule-11)."""
    on_behalf = "" if authority == Authority.SELF else f" for {recipient.full_name}, as their {AUTHORITY_AS[authority]}"
    return (
        f"I, {signer}, have read version {version.number} of the direct payment "
        f"agreement{on_behalf}. I understand it and I agree to do what it says. I understand that ticking this "
        "box and selecting 'Sign the agreement' is the same as signing it on paper."
    )


def _clean_ip(ip_address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((ip_address or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def agreement_sign(
    *, version: DocumentVersion, signer: User, declaration_accepted: bool, ip_address: str | None = None
) -> AgreementSignature:
    """Sign one version of the agreement electronically (docs/domain.md#rule-8, #rule-11).

    Only the person, or a representative whose authority in force includes
    signing, may sign; only a ready version that has not been superseded;
    only once. Signing records the signer, their authority, the time, the
    version and its SHA-256, the declaration word for word and the address
    signed from; then the direct payment starts if its account is verified
    too (docs/domain.md#rule-8), and the signer gets a confirmation email.
    """
    document = version.document
    if document.kind != Document.Kind.AGREEMENT or document.direct_payment_id is None:
        raise ValidationError("This document is not an agreement that can be signed.")
    # Lock the direct payment: two people signing at once sign one after the other.
    dp = DirectPayment.objects.select_for_update().select_related("recipient").get(pk=document.direct_payment_id)
    recipient = dp.recipient
    power = signing_authority(user=signer, recipient=recipient)  # None for anyone `rules.can_sign_for` refuses
    if power is None:
        raise PermissionDenied("You cannot sign this agreement.")
    version = DocumentVersion.objects.get(pk=version.pk)
    existing = AgreementSignature.objects.filter(version=version).order_by("signed_at").first()
    if existing is not None:
        raise ValidationError(
            f"This agreement was already signed by {existing.signer_name} on "
            f"{long_date(timezone.localtime(existing.signed_at).date())}. It does not need signing again."
        )
    newest = DocumentVersion.objects.filter(document=document).order_by("-number").values_list("number", flat=True)[0]
    if newest != version.number:
        raise ValidationError(
            "A newer version of this agreement has been prepared since you opened this page. "
            "Read the new version, then sign that one."
        )
    if not version.is_ready:
        raise ValidationError("This agreement is still being prepared. Wait a minute, then try again.")
    if not dp.is_awaiting_signature:
        raise ValidationError("This agreement does not need signing now. If you think it does, call us.")
    if not declaration_accepted:
        raise ValidationError(
            {
                "declaration": "Tick the box to say you have read the agreement and agree to it, or call us to sign on paper"
            }
        )
    signature = AgreementSignature(
        direct_payment=dp,
        version=version,
        document_sha256=version.sha256,
        signer=signer,
        signer_name=str(signer),
        authority=power.authority,
        consent_wording=agreement_consent_wording(
            version=version, signer=signer, recipient=recipient, authority=power.authority
        ),
        signed_at=timezone.now(),
        ip_address=_clean_ip(ip_address),
    )
    signature.full_clean()
    signature.save()
    dp.agreement_signed_at = signature.signed_at
    dp.save(update_fields=["agreement_signed_at", "updated_at"])
    started = direct_payment_activate_if_ready(direct_payment=dp)
    _confirm_signature(signature=signature, recipient=recipient, started=started)
    return signature


def _confirm_signature(*, signature: AgreementSignature, recipient: Recipient, started: bool) -> None:
    """Email the signer, and the person too when someone signed for them."""
    to = {signature.signer.email: signature.signer_name}
    own = own_contact(recipient=recipient)
    if own and own.email not in to:
        to[own.email] = own.name
    for email, name in to.items():
        outbox_enqueue_email(
            key=f"agreement-signed:{signature.pk}:{email}",
            to=email,
            template="agreement_signed",
            context={
                "full_name": name,
                "signer_name": signature.signer_name,
                "signed_for_someone_else": signature.authority != Authority.SELF,
                "signed_by_you": email == signature.signer.email,
                "person_name": recipient.full_name,
                "signed_on": long_date(timezone.localtime(signature.signed_at).date()),
                "started": started,
                "documents_path": reverse("recipients:documents", kwargs={"pk": recipient.pk}),
            },
        )
