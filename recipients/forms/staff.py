"""Forms for what staff do on a person's record. They check the shape of what was typed; the rules are in services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from crispy_forms_gds.choices import Choice
from django import forms
from django.utils import timezone

from dpss.ui.forms import DateField, MoneyField, text_field

from ..models import AVOIDABLE_BY_DEFAULT, DirectPayment, Payment, Representative

MONEY_HINT = "In pounds and pence, for example 1540.00"
# No direct payment account holds (or owes) this much: a bigger figure is a typing slip. Other amounts
# take the project's limit (dpss.money.MONEY_MOST, £1,000,000).
BALANCE_MOST = Decimal("10000000")


# A year outside these is a typing slip on any record date.
YEARS = (1900, 2100)


def _initial_day(field: forms.Field, day: date | None) -> None:
    field.initial = (day.day, day.month, day.year) if day else None


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of payment is it?",
        widget=forms.RadioSelect,
        choices=[
            Choice(Payment.Kind.SCHEDULED, "Scheduled: it will be paid on the due date"),
            Choice(Payment.Kind.PAID, "Paid: the money has gone into the account"),
            Choice(Payment.Kind.ADJUSTED, "An adjustment", hint="Use a minus sign for money taken off, like -25.00."),
        ],
        error_messages={"required": "Choose what kind of payment it is", "invalid_choice": "Choose one of the kinds"},
    )
    amount = MoneyField(label="Amount", allow_negative=True, help_text=MONEY_HINT)
    due_date = DateField(
        label="Date it is due", what="the date it is due", years=YEARS, help_text="For example, 27 3 2027"
    )
    paid_date = DateField(
        label="Date it was paid",
        what="the date it was paid",
        years=YEARS,
        required=False,
        help_text="Leave blank if it has not been paid yet.",
    )
    reference = text_field(
        "Reference (optional)",
        most=64,
        required=False,
        help_text="The finance system's or account provider's reference, if there is one.",
    )
    note = text_field("Note (optional)", most=300, required=False, rows=3)


class BalanceForm(forms.Form):
    taken_on = DateField(
        label="Date of the balance", what="the date of the balance", years=YEARS, help_text="For example, 27 3 2027"
    )
    balance = MoneyField(
        label="Balance",
        allow_negative=True,
        most=BALANCE_MOST,
        help_text="The money in the account on that day. " + MONEY_HINT,
    )
    known_liabilities = MoneyField(
        label="Money already owed",
        required=False,
        most=BALANCE_MOST,
        help_text="Wages due, invoices, tax, pension and holiday pay built up. Leave blank if none.",
    )
    allowed_contingency = MoneyField(
        label="Money kept for emergencies",
        required=False,
        most=BALANCE_MOST,
        help_text="The contingency the person is allowed to keep. Leave blank if none.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _initial_day(self.fields["taken_on"], timezone.localdate())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
        for name in ("known_liabilities", "allowed_contingency"):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = Decimal("0")
        return cleaned


class VerifyAccountForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have checked that the account belongs to the person and the details are right",
        error_messages={"required": "Confirm that you have checked the account"},
    )


class PauseForm(forms.Form):
    service_error_fields = {"suspension_reason": "reason"}

    reason = text_field(
        "Why are the payments being paused?",
        most=300,
        what="why the payments are being paused",
        rows=3,
        help_text="The person's needs are still met while it is paused.",
    )


class RestartForm(forms.Form):
    """Nothing to type: the button is the answer."""


class EndForm(forms.Form):
    service_error_fields = {"end_reason": "reason"}
    AVOIDABLE_DEFAULT, AVOIDABLE_YES, AVOIDABLE_NO = "default", "yes", "no"

    reason = forms.ChoiceField(
        label="Why is the direct payment ending?",
        widget=forms.RadioSelect,
        choices=DirectPayment.EndReason.choices,
        error_messages={"required": "Choose why the direct payment is ending", "invalid_choice": "Choose a reason"},
    )
    avoidable = forms.ChoiceField(
        label="Could this ending have been avoided?",
        widget=forms.RadioSelect,
        initial=AVOIDABLE_DEFAULT,
        choices=[
            Choice(
                AVOIDABLE_DEFAULT,
                "Use the usual answer for the reason",
                hint="Counted as avoidable: "
                + "; ".join(
                    str(reason.label).lower() for reason in DirectPayment.EndReason if reason in AVOIDABLE_BY_DEFAULT
                )
                + ". The other reasons are not.",
            ),
            Choice(AVOIDABLE_YES, "Yes, it could have been avoided"),
            Choice(AVOIDABLE_NO, "No, it could not have been avoided"),
        ],
        error_messages={"required": "Choose whether it could have been avoided", "invalid_choice": "Choose an answer"},
    )
    end_date = DateField(
        label="Date it ends",
        what="the date it ends",
        years=YEARS,
        help_text="Scheduled payments after this date will not be paid.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _initial_day(self.fields["end_date"], timezone.localdate())

    def avoidable_value(self) -> bool | None:
        answer = self.cleaned_data["avoidable"]
        if answer == self.AVOIDABLE_DEFAULT:
            return None
        return answer == self.AVOIDABLE_YES


def email_field(help_text: str = "") -> forms.EmailField:
    """Someone else's email address, typed by staff (the browser offers no address of its own)."""
    return forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


PERMISSION_CHOICES = [
    Choice("see", "See the direct payment"),
    Choice("act", "Act for them", hint="For example, tell us about changes or fill in a financial check-up."),
    Choice("sign", "Sign documents for them", hint="For example, the direct payment agreement."),
]


class PermissionsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label="What may they do?",
            help_text="Select all that apply. Acting or signing includes seeing.",
            widget=forms.CheckboxSelectMultiple,
            choices=PERMISSION_CHOICES,
            error_messages={
                "required": "Choose at least one thing they may do",
                "invalid_choice": "Choose from see, act and sign",
            },
            **kwargs,
        )


class AuthorityFlags(TypedDict):
    """What a representative may do, as `representative_add` and `representative_change` take it."""

    can_see: bool
    can_act: bool
    can_sign: bool


def permissions_as_flags(chosen: list[str]) -> AuthorityFlags:
    return {"can_see": "see" in chosen, "can_act": "act" in chosen, "can_sign": "sign" in chosen}


def flags_as_permissions(representative) -> list[str]:
    return [
        name
        for name, flag in (
            ("see", representative.can_see),
            ("act", representative.can_act),
            ("sign", representative.can_sign),
        )
        if flag
    ]


class RepresentativeForm(forms.Form):
    service_error_fields = {
        "can_see": "permissions",
        "can_act": "permissions",
        "can_sign": "permissions",
        "role": "email",
    }

    full_name = text_field("Their full name", most=200, what="their full name")
    email = email_field(
        help_text="If they already have an account with this email address, they can act straight away. "
        "If not, we will email them an invitation."
    )
    kind = forms.ChoiceField(
        label="How do they act for the person?",
        widget=forms.RadioSelect,
        choices=[
            Choice(Representative.Kind.CARER_OR_FAMILY, "Carer or family member"),
            Choice(
                Representative.Kind.NOMINATED_PERSON,
                "Nominated person",
                hint="Chosen by the person, who has capacity to decide.",
            ),
            Choice(
                Representative.Kind.AUTHORISED_PERSON,
                "Authorised person",
                hint="Acts for someone who lacks capacity. Needs a legal basis.",
            ),
            Choice(Representative.Kind.PARENT, "Parent"),
            Choice(Representative.Kind.MONEY_MANAGER, "Third-party money manager"),
        ],
        error_messages={"required": "Choose how they act for the person", "invalid_choice": "Choose one of the kinds"},
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis",
        widget=forms.RadioSelect,
        initial=Representative.LegalBasis.NONE,
        help_text="Needed only for an authorised person.",
        choices=[
            Choice("none", "Not needed: they are not an authorised person"),
            Choice(Representative.LegalBasis.ATTORNEY, Representative.LegalBasis.ATTORNEY.label),
            Choice(Representative.LegalBasis.DEPUTY, Representative.LegalBasis.DEPUTY.label),
            Choice(Representative.LegalBasis.COUNCIL_AGREED, Representative.LegalBasis.COUNCIL_AGREED.label),
        ],
        error_messages={"required": "Choose the legal basis, or “Not needed”", "invalid_choice": "Choose an answer"},
    )
    permissions = PermissionsField()
    valid_from = DateField(label="Date their authority starts", what="the date their authority starts", years=YEARS)
    valid_to = DateField(
        label="Date their authority ends (optional)",
        what="the date their authority ends",
        years=YEARS,
        required=False,
        help_text="The last day they may act. Leave blank if there is no end date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].initial = "none"
        _initial_day(self.fields["valid_from"], timezone.localdate())

    def clean_legal_basis(self) -> str:
        value = self.cleaned_data["legal_basis"]
        return "" if value == "none" else value


class RepresentativeChangeForm(forms.Form):
    service_error_fields = {"can_see": "permissions", "can_act": "permissions", "can_sign": "permissions"}

    permissions = PermissionsField()


class RepresentativeEndForm(forms.Form):
    service_error_fields = {"valid_to": "last_day"}

    last_day = DateField(
        label="Last day of their authority",
        what="the last day of their authority",
        years=YEARS,
        help_text="From the next day they cannot see or act for the person in this website. "
        "To stop it straight away, enter yesterday's date.",
    )


class RecipientInviteForm(forms.Form):
    service_error_fields = {"role": "email"}

    full_name = text_field("Their full name", most=200, what="their full name")
    email = email_field()


class CheckInCloseForm(forms.Form):
    outcome_note = text_field(
        "What did you talk about and agree?",
        most=5000,
        what="what you talked about and agreed",
        rows=6,
        help_text="For example, what the money is being kept for, or plans for using it.",
    )


class RecoveryProposeForm(forms.Form):
    amount = MoneyField(label="Amount to ask back", help_text="No more than the surplus. " + MONEY_HINT)
    reason = text_field(
        "Why are we asking for it back?",
        most=2000,
        what="why we are asking for it back",
        rows=5,
        help_text="This goes in the email to the person if a manager approves. Write it for them, kindly and plainly.",
    )


class RecoveryDecideForm(forms.Form):
    APPROVE, DECLINE = "approve", "decline"

    decision = forms.ChoiceField(
        label="What is your decision?",
        widget=forms.RadioSelect,
        choices=[
            Choice(APPROVE, "Approve", hint="The payment back is recorded and the person gets a kind email."),
            Choice(DECLINE, "Do not approve", hint="Nothing changes for the person."),
        ],
        error_messages={"required": "Choose whether to approve it", "invalid_choice": "Choose an answer"},
    )
    note = text_field(
        "Note for the adviser (needed if you do not approve)", most=2000, what="the note", required=False, rows=4
    )
