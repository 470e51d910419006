from django.apps import AppConfig


class PafinderConfig(AppConfig):
    name = "pafinder"
    verbose_name = "PA Finder"
