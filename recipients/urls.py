from django.urls import path

from .views import documents, person

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
]
