from typing import Any

from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest

from dpss.ui.forms import MoneyField

from .models import (
    AdviserTask,
    AgreementSignature,
    BalanceSnapshot,
    CheckupEvidence,
    DirectPayment,
    Document,
    DocumentVersion,
    FinancialCheckup,
    ImportRun,
    Payment,
    Recipient,
    Recovery,
    Representative,
)


class MoneyAdmin(admin.ModelAdmin):
    """Money in the admin is typed into the one strict money field (dpss.money.parse_pounds), not Django's
    DecimalField, which takes "1E9" (docs/gotchas.md#gotcha-money-parsing)."""

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> forms.Field | None:
        if isinstance(db_field, models.DecimalField) and db_field.decimal_places == 2:
            never_negative = any(isinstance(v, MinValueValidator) and v.limit_value == 0 for v in db_field.validators)
            return MoneyField(
                label=str(db_field.verbose_name).capitalize(),
                required=not db_field.blank,
                allow_negative=not never_negative,
                initial=db_field.get_default(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Recipient)
class RecipientAdmin(MoneyAdmin):
    list_display = ["full_name", "council_reference", "directorate", "care_group", "area"]
    search_fields = ["full_name", "council_reference", "postcode"]
    list_filter = ["directorate", "care_group"]


@admin.register(Representative)
class RepresentativeAdmin(MoneyAdmin):
    list_display = ["user", "recipient", "kind", "valid_from", "valid_to"]
    raw_id_fields = ["user", "recipient", "approved_by"]


@admin.register(DirectPayment)
class DirectPaymentAdmin(MoneyAdmin):
    list_display = ["recipient", "kind", "status", "payment_method", "amount_per_period", "frequency"]
    list_filter = ["status", "kind", "payment_method"]
    raw_id_fields = ["recipient", "practitioner"]


for model in (
    Payment,
    BalanceSnapshot,
    Document,
    DocumentVersion,
    AgreementSignature,
    FinancialCheckup,
    CheckupEvidence,
    AdviserTask,
    Recovery,
    ImportRun,
):
    admin.site.register(model, MoneyAdmin)
