from django.urls import path

from .views import check_ins, checkups, documents, imports, person, search, staff

app_name = "recipients"

# One block per part of the record; each block's views live in views/<part>.py.
urlpatterns = [
    # For recipients and the people who act for them
    path("direct-payment/", person.my_direct_payment, name="my_direct_payment"),
    path("direct-payment/<int:pk>/", person.direct_payment, name="direct_payment"),
    path("direct-payment/<int:pk>/history/", person.money_history, name="money_history"),
    path("direct-payment/<int:pk>/history.csv", person.money_history_csv, name="money_history_csv"),
    # Documents (tagged PDFs), statements and signing the agreement
    path("direct-payment/<int:pk>/documents/", documents.DocumentsView.as_view(), name="documents"),
    path(
        "direct-payment/<int:pk>/documents/<int:version_pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("direct-payment/<int:pk>/agreement/", documents.AgreementSignView.as_view(), name="agreement_sign"),
    path("team/people/<int:pk>/agreement/prepare/", documents.AgreementPrepareView.as_view(), name="agreement_prepare"),
    # Financial check-ups (views/checkups.py): the person's side, then the advisers'
    path("direct-payment/<int:pk>/check-up/<int:checkup_pk>/", checkups.CheckupAnswersView.as_view(), name="checkup"),
    path(
        "direct-payment/<int:pk>/check-up/<int:checkup_pk>/check-your-answers/",
        checkups.CheckupCheckView.as_view(),
        name="checkup_check",
    ),
    path("direct-payment/<int:pk>/check-up/<int:checkup_pk>/sent/", checkups.checkup_sent, name="checkup_sent"),
    path(
        "direct-payment/<int:pk>/check-up/<int:checkup_pk>/files/<int:evidence_pk>/",
        checkups.checkup_evidence,
        name="checkup_evidence",
    ),
    path(
        "direct-payment/<int:pk>/check-up/<int:checkup_pk>/files/<int:evidence_pk>/remove/",
        checkups.CheckupEvidenceRemoveView.as_view(),
        name="checkup_evidence_remove",
    ),
    path("team/people/<int:pk>/check-ups/start/", checkups.CheckupStartView.as_view(), name="checkup_start"),
    path("team/check-ups/", checkups.checkup_queue, name="checkup_queue"),
    path("team/check-ups/<int:pk>/", checkups.CheckupReviewView.as_view(), name="checkup_review"),
    # Staff record: the person's whole record and what DPSS staff do on it (views/staff.py),
    # supportive check-ins and asking for unspent money back (views/check_ins.py)
    path("team/people/<int:pk>/", staff.staff_record, name="staff_record"),
    path(
        "team/people/<int:pk>/direct-payments/<int:dp_pk>/payments/new/",
        staff.PaymentNewView.as_view(),
        name="staff_payment_new",
    ),
    path(
        "team/people/<int:pk>/direct-payments/<int:dp_pk>/balances/new/",
        staff.BalanceNewView.as_view(),
        name="staff_balance_new",
    ),
    path(
        "team/people/<int:pk>/direct-payments/<int:dp_pk>/check-account/",
        staff.VerifyAccountView.as_view(),
        name="staff_verify_account",
    ),
    path("team/people/<int:pk>/direct-payments/<int:dp_pk>/pause/", staff.PauseView.as_view(), name="staff_pause"),
    path(
        "team/people/<int:pk>/direct-payments/<int:dp_pk>/restart/", staff.RestartView.as_view(), name="staff_restart"
    ),
    path("team/people/<int:pk>/direct-payments/<int:dp_pk>/end/", staff.EndView.as_view(), name="staff_end"),
    path(
        "team/people/<int:pk>/representatives/add/",
        staff.RepresentativeAddView.as_view(),
        name="staff_representative_add",
    ),
    path(
        "team/people/<int:pk>/representatives/<int:rep_pk>/change/",
        staff.RepresentativeChangeView.as_view(),
        name="staff_representative_change",
    ),
    path(
        "team/people/<int:pk>/representatives/<int:rep_pk>/end/",
        staff.RepresentativeEndView.as_view(),
        name="staff_representative_end",
    ),
    path("team/people/<int:pk>/invite/", staff.RecipientInviteView.as_view(), name="staff_recipient_invite"),
    path("team/check-ins/", check_ins.check_in_list, name="staff_check_ins"),
    path("team/check-ins/<int:pk>/", check_ins.CheckInView.as_view(), name="staff_check_in"),
    path("team/check-ins/<int:pk>/money-back/", check_ins.RecoveryProposeView.as_view(), name="staff_recovery_propose"),
    path("team/money-back/<int:pk>/", check_ins.RecoveryDecideView.as_view(), name="staff_recovery_decide"),
    # Finding people and bulk imports (staff)
    path("team/people/", search.staff_search, name="staff_search"),
    path("team/imports/", imports.ImportListView.as_view(), name="import_list"),
    path("team/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("team/imports/<int:pk>/rejected-rows.csv", imports.import_rejected_csv, name="import_rejected_csv"),
]
