from django.urls import path

from .views import checkups, documents, person

app_name = "recipients"

# One block per part of the record; each block's views live in views/<part>.py.
urlpatterns = [
    # For recipients and the people who act for them
    path("direct-payment/", person.my_direct_payment, name="my_direct_payment"),
    path("direct-payment/<int:pk>/", person.direct_payment, name="direct_payment"),
    path("direct-payment/<int:pk>/history/", person.money_history, name="money_history"),
    path("direct-payment/<int:pk>/history.csv", person.money_history_csv, name="money_history_csv"),
    # Documents (tagged PDFs), statements and signing the agreement
    path("direct-payment/<int:pk>/documents/", documents.documents, name="documents"),
    path(
        "direct-payment/<int:pk>/documents/<int:version_pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("direct-payment/<int:pk>/agreement/", documents.agreement_sign, name="agreement_sign"),
    path("team/people/<int:pk>/agreement/prepare/", documents.agreement_prepare, name="agreement_prepare"),
    # Financial check-ups (views/checkups.py): the person's side, then the advisers'
    path("direct-payment/<int:pk>/check-up/<int:checkup_pk>/", checkups.checkup, name="checkup"),
    path(
        "direct-payment/<int:pk>/check-up/<int:checkup_pk>/check-your-answers/",
        checkups.checkup_check,
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
        checkups.checkup_evidence_remove,
        name="checkup_evidence_remove",
    ),
    path("team/people/<int:pk>/check-ups/start/", checkups.checkup_start, name="checkup_start"),
    path("team/check-ups/", checkups.checkup_queue, name="checkup_queue"),
    path("team/check-ups/<int:pk>/", checkups.checkup_review, name="checkup_review"),
]
