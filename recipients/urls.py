from django.urls import path

from .views import imports, person, search

app_name = "recipients"

# One block per part of the record; each block's views live in views/<part>.py.
urlpatterns = [
    # For recipients and the people who act for them
    path("direct-payment/", person.my_direct_payment, name="my_direct_payment"),
    path("direct-payment/<int:pk>/", person.direct_payment, name="direct_payment"),
    path("direct-payment/<int:pk>/history/", person.money_history, name="money_history"),
    path("direct-payment/<int:pk>/history.csv", person.money_history_csv, name="money_history_csv"),
    # Finding people and bulk imports (staff)
    path("team/people/", search.staff_search, name="staff_search"),
    path("team/imports/", imports.import_list, name="import_list"),
    path("team/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("team/imports/<int:pk>/rejected-rows.csv", imports.import_rejected_csv, name="import_rejected_csv"),
]
