from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "practitioners"
    verbose_name = "Practitioners: setting up and reviewing direct payments"
