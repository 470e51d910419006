from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dpss.notifications"
    label = "notifications"
    verbose_name = "Notifications and outbox"

    def ready(self) -> None:
        # The services hand messages to the delivery task by name: register the tasks in every process.
        from dpss.ui.health import register_health_check

        from . import tasks  # noqa: F401
        from .selectors import outbox_backlog

        register_health_check("outbox", outbox_backlog)
