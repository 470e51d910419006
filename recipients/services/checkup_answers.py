"""The person's side of a financial check-up: files, answers, sending (docs/domain.md#rule-13).

What the person types and the files they add are kept as they go (nothing is
lost when one file is refused), and nothing reaches an adviser until they
send it. Files are checked by content (`dpss.uploads`), kept under a
random name outside the web root and served only through a permission-checked
view.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.uploads import check_upload, checked_upload_save

from .. import money
from ..models import CheckupEvidence, FinancialCheckup
from .checkups import checkup_notify, note_clean
from .contacts import Contact, people_to_tell

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


# --- The person's answers ---------------------------------------------------------


def _locked_waiting(checkup: FinancialCheckup) -> FinancialCheckup:
    current = FinancialCheckup.objects.select_for_update().get(pk=checkup.pk)
    if not current.is_due:
        raise ValidationError("This check-up has already been sent, so it cannot be changed now.")
    return current


@transaction.atomic
def checkup_evidence_add(*, checkup: FinancialCheckup, upload: UploadedFile, actor: User | None) -> CheckupEvidence:
    """Keep one statement or receipt for a check-up that has not been sent yet.

    Checked by content (PDF, JPEG or PNG), size and name (see `uploads`);
    stored under a random name outside the web root, served only through a
    permission-checked view. At most `EVIDENCE_MAX_FILES` per check-up.
    """
    current = _locked_waiting(checkup)
    checked = check_upload(upload, max_bytes=EVIDENCE_MAX_BYTES)
    if current.evidence.count() >= EVIDENCE_MAX_FILES:
        raise ValidationError(
            f"You can send up to {EVIDENCE_MAX_FILES} files. Remove one you do not need, "
            f"or put several pages in one PDF, then add “{checked.name}” again."
        )
    evidence = CheckupEvidence(checkup=current, uploaded_by=actor)
    checked_upload_save(evidence, upload=upload, checked=checked)
    return evidence


@transaction.atomic
def checkup_evidence_remove(*, evidence: CheckupEvidence, actor: User | None) -> None:
    """Take away a file the person added by mistake, while the check-up has not been sent."""
    _locked_waiting(evidence.checkup)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def checkup_answers_save(
    *,
    checkup: FinancialCheckup,
    actor: User | None,
    confirmed_online_account: bool = False,
    money_in: Decimal | None = None,
    money_out: Decimal | None = None,
    note: str = "",
) -> FinancialCheckup:
    """Keep what the person has told us so far. Nothing is sent until `checkup_submit`."""
    current = _locked_waiting(checkup)
    current.person_note = note_clean(note, field="note")
    if current.method == FinancialCheckup.Method.ONLINE_ACCOUNT:
        current.confirmed_online_account = bool(confirmed_online_account)
    else:
        current.money_in = None if money_in is None else money.to_pennies(money_in)
        current.money_out = None if money_out is None else money.to_pennies(money_out)
    current.full_clean(validate_constraints=False)
    current.save(update_fields=["person_note", "confirmed_online_account", "money_in", "money_out"])
    return current


@transaction.atomic
def checkup_submit(*, checkup: FinancialCheckup, actor: User | None) -> FinancialCheckup:
    """Send the check-up to the support service, and confirm by email that we have it.

    Online accounts need the confirmation; statements need at least one file
    and the money in and out. What is missing comes back as a message naming it.
    """
    current = _locked_waiting(checkup)
    errors = {}
    if current.method == FinancialCheckup.Method.ONLINE_ACCOUNT:
        if not current.confirmed_online_account:
            errors["confirmed_online_account"] = "Confirm that your online account is up to date."
    else:
        if not current.evidence.exists():
            errors["files"] = (
                "Add at least one statement or receipt. If you cannot, call us and we will help you send it another way."
            )
        if current.money_in is None:
            errors["money_in"] = "Enter the money that came in during the period."
        if current.money_out is None:
            errors["money_out"] = "Enter the money that went out during the period."
    if errors:
        raise ValidationError(errors)
    current.status = FinancialCheckup.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    current.save(update_fields=["status", "submitted_at", "submitted_by"])
    recipient = current.direct_payment.recipient
    contacts = people_to_tell(recipient=recipient)
    known = {contact.email.lower() for contact in contacts}
    if actor is not None and actor.email and actor.email.lower() not in known:
        on_behalf = recipient.user_id != actor.pk
        contacts.append(Contact(email=actor.email, name=actor.get_short_name(), on_behalf=on_behalf))
    checkup_notify(event="sent", checkup=current, contacts=contacts)
    return current
