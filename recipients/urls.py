from django.urls import path

from . import views

app_name = "recipients"

urlpatterns = [
    path("direct-payment/", views.my_direct_payment, name="my_direct_payment"),
    path("direct-payment/<int:pk>/", views.direct_payment, name="direct_payment"),
    path("direct-payment/<int:pk>/history/", views.money_history, name="money_history"),
    path("direct-payment/<int:pk>/history.csv", views.money_history_csv, name="money_history_csv"),
]
