from django.urls import path

from . import views

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.page("accessibility"), name="accessibility"),
    path("privacy/", views.page("privacy"), name="privacy"),
    path("contact/", views.page("contact"), name="contact"),
    path("cookies/", views.page("cookies"), name="cookies"),
    path("healthz", views.healthz, name="healthz"),
]
