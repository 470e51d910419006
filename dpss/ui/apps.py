from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "dpss.ui"
    label = "ui"
    verbose_name = "Shared pages and layout"

    def ready(self) -> None:
        from django.conf import settings

        # The settings create no folder on import; a process that runs the portal makes them here.
        if not settings.TESTING:
            from dpss.folders import make_folders

            make_folders()
