from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "dpss.ui"
    label = "ui"
    verbose_name = "Shared pages and layout"
