from django.contrib import admin

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


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["full_name", "council_reference", "directorate", "care_group", "area"]
    search_fields = ["full_name", "council_reference", "postcode"]
    list_filter = ["directorate", "care_group"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "recipient", "kind", "valid_from", "valid_to"]
    raw_id_fields = ["user", "recipient", "approved_by"]


@admin.register(DirectPayment)
class DirectPaymentAdmin(admin.ModelAdmin):
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
    admin.site.register(model, admin.ModelAdmin)
