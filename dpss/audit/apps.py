from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dpss.audit"
    label = "dpss_audit"
    verbose_name = "Audit helpers"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from .registry import register_person_model

        register_person_model(get_user_model(), exclude_fields=["password", "last_login"])
