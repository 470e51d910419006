from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dpss.notifications"
    label = "notifications"
    verbose_name = "Notifications and outbox"
