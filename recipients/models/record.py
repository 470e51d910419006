"""The direct payment record: the hub of the domain (docs/domain.md#direct-payment, #roles, #rules).

People (`Recipient`), who may act for them (`Representative`) and their direct
payments; the payments made and the balances seen are in `payments.py`. Money is
`Decimal` to the penny; the rules that compute it live in `recipients/money.py`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Final, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dpss.accounts.models import STAFF_ROLES, Role

from ..money import net_weekly_amount


class _MoneyDigits(TypedDict):
    """The size of a money field, spread into `DecimalField(**MONEY)` (typed, so each keyword is checked)."""

    max_digits: int
    decimal_places: int


MONEY: Final[_MoneyDigits] = {"max_digits": 12, "decimal_places": 2}
# A practitioner keeps seeing a person this long after the end date of the direct payment they looked after,
# for the ending's paperwork, then no longer (docs/domain.md#rule-14-access). An ended one with no end date: not at all.
PRACTITIONER_ACCESS_AFTER_ENDING: Final = timedelta(days=90)
NOT_NEGATIVE = [MinValueValidator(0)]
# A council reference names a person in file names, CSV cells and links, so it is letters, digits and single
# hyphens only: never a new line, a quote, a slash or a leading "=" (docs/gotchas.md#gotcha-council-references).
COUNCIL_REFERENCE_RULE = RegexValidator(
    r"\A[A-Za-z0-9]+(-[A-Za-z0-9]+)*\Z",
    "A council reference is letters and digits, with single hyphens between them if you need them, like "
    "HCC0000101. Remove any spaces, slashes, quotes or other signs.",
    code="council_reference",
)


class Directorate(models.TextChoices):
    ADULTS = "adults", "Adults' services"
    CHILDREN = "children", "Children's services"


class CareGroup(models.TextChoices):
    OLDER_ADULTS = "older_adults", "Older adults"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    MENTAL_HEALTH = "mental_health", "Mental health"
    CARER = "carer", "Carer"
    CHILD_DISABILITY = "child_disability", "Disabled child"
    CHILD_WITH_DISABLED_PARENT = "child_disabled_parent", "Disabled parent of a child"


class FormatPreference(models.TextChoices):
    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy Read"
    LARGE_PRINT = "large_print", "Large print"
    OTHER = "other", "Other (see communication needs)"


class RecipientQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecipientQuerySet:
        """The records a person may see.

        DPSS staff see everyone; a practitioner, the people on their caseload
        (a direct payment they are the practitioner for that has not ended, or
        ended no more than `PRACTITIONER_ACCESS_AFTER_ENDING` ago:
        docs/domain.md#rule-14-access); a recipient, themselves; a
        representative, the people they act for while their authority is in
        force and lets them see.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.roles & STAFF_ROLES:
            return self.all()
        visible = Q(pk__in=[])
        if Role.PRACTITIONER in user.roles:
            ended_since = timezone.localdate() - PRACTITIONER_ACCESS_AFTER_ENDING
            caseload = DirectPayment.objects.filter(practitioner=user).filter(
                ~Q(status=DirectPayment.Status.ENDED) | Q(end_date__gte=ended_since)
            )
            visible |= Q(pk__in=caseload.values("recipient_id"))
        if Role.RECIPIENT in user.roles:
            visible |= Q(user=user)
        if Role.REPRESENTATIVE in user.roles:
            acting = Representative.objects.in_force().filter(user=user, can_see=True)
            visible |= Q(pk__in=acting.values("recipient_id"))
        return self.filter(pk__in=self.model.objects.filter(visible).values("pk"))


class Recipient(models.Model):
    """The person a direct payment is for."""

    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    council_reference = models.CharField(max_length=30, unique=True, validators=[COUNCIL_REFERENCE_RULE])
    nhs_number = models.CharField(
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", "Enter the NHS number as 10 digits, like 4857773456.")],
    )
    directorate = models.CharField(max_length=16, choices=Directorate.choices)
    care_group = models.CharField(max_length=32, choices=CareGroup.choices)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8)
    area = models.CharField("district", max_length=64)
    communication_needs = models.TextField(blank=True)
    format_preference = models.CharField(
        max_length=16, choices=FormatPreference.choices, default=FormatPreference.STANDARD
    )
    email = models.EmailField(blank=True)
    email_verified = models.BooleanField(default=False)
    phone = models.CharField(max_length=30, blank=True)
    contact_by_email = models.BooleanField(default=True)
    contact_by_phone = models.BooleanField(default=True)
    contact_by_post = models.BooleanField(default=True)
    newsletter_consent = models.BooleanField(default=False)
    # The person's own sign-in, once they have accepted an invitation.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="recipient_record"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        # Each index costs every import and every change: only those a query uses. (Searches by name,
        # reference and postcode use the trigram indexes of migration 0003 on PostgreSQL.)
        indexes = [
            models.Index(fields=["area"], name="recipient_area"),
            models.Index(fields=["directorate", "care_group", "area"]),
            # The staff search lists people by name, a page at a time.
            models.Index(fields=["full_name", "id"], name="recipient_name_order"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.council_reference})"

    @property
    def name_to_use(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0]

    def clean(self) -> None:
        self.postcode = " ".join(self.postcode.upper().split())


class RepresentativeQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None) -> RepresentativeQuerySet:
        """Authority that holds on a day: it ends on its end date, with nobody acting."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


class Representative(models.Model):
    """A person who may act for a recipient, within the authority recorded (docs/domain.md#rule-2)."""

    class Kind(models.TextChoices):
        CARER_OR_FAMILY = "carer_family", "Carer or family member"
        NOMINATED_PERSON = "nominated", "Nominated person"
        AUTHORISED_PERSON = "authorised", "Authorised person"
        PARENT = "parent", "Parent"
        MONEY_MANAGER = "money_manager", "Third-party money manager"

    class LegalBasis(models.TextChoices):
        NONE = "", "Not needed"
        ATTORNEY = "attorney", "Lasting power of attorney"
        DEPUTY = "deputy", "Court of Protection deputy"
        COUNCIL_AGREED = "council_agreed", "Agreed by the council"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    legal_basis = models.CharField(max_length=16, choices=LegalBasis.choices, blank=True, default=LegalBasis.NONE)
    can_see = models.BooleanField(default=True)
    can_act = models.BooleanField(default=False)
    can_sign = models.BooleanField(default=False)
    valid_from = models.DateField(default=timezone.localdate)
    valid_to = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["recipient", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="representative_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.recipient} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.kind == self.Kind.AUTHORISED_PERSON and not self.legal_basis:
            raise ValidationError(
                {"legal_basis": "Choose the legal basis: an attorney, a deputy, or agreed by the council."}
            )
        if (self.can_act or self.can_sign) and not self.can_see:
            raise ValidationError(
                {"can_see": "Someone who may act or sign for a person must be able to see their record."}
            )
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end date must be on or after the start date."})

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class DirectPayment(models.Model):
    class EndReason(models.TextChoices):
        """Why a direct payment ended (docs/kpis.md#kpi-avoidable-endings, docs/domain.md#rule-14)."""

        COULD_NOT_RECRUIT = "could_not_recruit", "Could not recruit a personal assistant"
        DIFFICULTY_MANAGING = "difficulty_managing", "Found managing the direct payment too difficult"
        CONTRIBUTION_ARREARS = "contribution_arrears", "Contribution not paid"
        CHOSE_COUNCIL_SERVICES = "chose_council_services", "Chose council-arranged support instead"
        NEEDS_CHANGED = "needs_changed", "Needs changed"
        NEEDS_MET_OTHERWISE = "needs_met_otherwise", "Needs now met another way"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        MOVED_TO_RESIDENTIAL = "moved_to_residential", "Moved into residential care"
        TRANSITION_TO_ADULTS = "transition_to_adults", "Moved to adults' services"
        DIED = "died", "Died"
        ONE_OFF_COMPLETE = "one_off_complete", "One-off payment used as agreed"
        OTHER = "other", "Other"

    class Kind(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        ONE_OFF = "one_off", "One-off"
        CARER = "carer", "Carer's direct payment"
        CHILDREN = "children", "Children's direct payment"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being set up"
        AWAITING_SIGNATURE = "awaiting_signature", "Waiting for the agreement to be signed"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Paused"
        ENDED = "ended", "Ended"

    class Basis(models.TextChoices):
        NET = "net", "Net: the council pays the budget less the contribution"
        GROSS = "gross", "Gross: the council pays the whole budget and collects the contribution"

    class Frequency(models.TextChoices):
        FOUR_WEEKLY = "four_weekly", "Every 4 weeks"
        MONTHLY = "monthly", "Every month"

    class PaymentMethod(models.TextChoices):
        VIRTUAL_WALLET = "virtual_wallet", "Virtual Wallet"
        PREPAID_CARD = "prepaid_card", "Prepaid card"
        BANK_ACCOUNT = "bank_account", "Bank account"
        MANAGED_ACCOUNT = "managed_account", "Managed account"

    # Indexed by dp_recipient_newest (recipient, -created_at), which also serves lookups by recipient.
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="direct_payments", db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ONGOING)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    # Weekly figures (docs/domain.md#rule-6: total cost, the person's contribution, the council's amount).
    personal_budget_weekly = models.DecimalField(**MONEY, validators=NOT_NEGATIVE)
    contribution_weekly = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=NOT_NEGATIVE)
    basis = models.CharField(max_length=8, choices=Basis.choices, default=Basis.NET)
    # For a one-off payment, the single amount; otherwise computed by services.
    amount_per_period = models.DecimalField(**MONEY, validators=NOT_NEGATIVE)
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.FOUR_WEEKLY)
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    account_verified = models.BooleanField(default=False)
    outcomes = models.TextField("agreed outcomes, in the person's words", blank=True)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="caseload"
    )
    date_requested = models.DateField(null=True, blank=True)
    direct_payment_offered = models.BooleanField(default=True)
    first_payment_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, choices=EndReason.choices, blank=True)
    end_avoidable = models.BooleanField(null=True, blank=True)
    suspension_reason = models.CharField("why it is paused", max_length=300, blank=True)
    # docs/domain.md#rule-8: nothing is paid until the agreement is signed by the right person
    # and the account is verified. Set by `agreement_sign`.
    agreement_signed_at = models.DateTimeField(null=True, blank=True)
    # Kept in step with the latest balance by `balance_record`, so staff can
    # filter 100,000 records by it without reading every balance.
    surplus_flagged = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"], name="dp_status"),
            models.Index(fields=["payment_method", "status"]),
            models.Index(fields=["recipient", "-created_at"], name="dp_recipient_newest"),
            models.Index(fields=["surplus_flagged"], condition=Q(surplus_flagged=True), name="dp_surplus_flagged"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(end_reason=""), name="an_ended_payment_has_a_coded_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} for {self.recipient}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def kind_name(self) -> str:
        """The kind as a name: "Ongoing direct payment", "Children's direct payment" (never "… direct payment
        direct payment")."""
        label = str(self.get_kind_display())
        return label if label.endswith("direct payment") else f"{label} direct payment"

    @property
    def payment_method_words(self) -> str:
        """The payment method inside a sentence: "your bank account", but "your Virtual Wallet" (a product name)."""
        label = str(self.get_payment_method_display())
        return label if self.payment_method == self.PaymentMethod.VIRTUAL_WALLET else label.lower()

    @property
    def can_pause(self) -> bool:
        """Payments can be paused while they are being paid."""
        return self.status == self.Status.ACTIVE

    @property
    def can_restart(self) -> bool:
        """Paused payments can start again."""
        return self.status == self.Status.SUSPENDED

    @property
    def is_being_set_up(self) -> bool:
        """Not paying yet: being set up, or waiting for its agreement to be signed (its agreement can be
        prepared, or prepared again)."""
        return self.status in (self.Status.DRAFT, self.Status.AWAITING_SIGNATURE)

    @property
    def is_awaiting_signature(self) -> bool:
        return self.status == self.Status.AWAITING_SIGNATURE

    @property
    def status_text(self) -> str:
        """The status as every page shows it: true to what has happened (docs/domain.md#rule-8).

        Signing does not start a direct payment whose account is not checked yet, so the status stays
        "waiting for the agreement to be signed" until both have happened; the words say what it waits for.
        """
        if self.is_awaiting_signature and self.agreement_signed_at is not None:
            return "Agreement signed: waiting for the account to be checked"
        return self.get_status_display()

    @property
    def council_amount_weekly(self):
        if self.basis == self.Basis.GROSS:
            return self.personal_budget_weekly
        return net_weekly_amount(personal_budget=self.personal_budget_weekly, contribution=self.contribution_weekly)


# The reasons the strategy counts as avoidable unless staff record otherwise.
AVOIDABLE_BY_DEFAULT = frozenset(
    {
        DirectPayment.EndReason.COULD_NOT_RECRUIT,
        DirectPayment.EndReason.DIFFICULTY_MANAGING,
        DirectPayment.EndReason.CONTRIBUTION_ARREARS,
        DirectPayment.EndReason.CHOSE_COUNCIL_SERVICES,
    }
)
