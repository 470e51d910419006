from django.apps import AppConfig


class QueriesConfig(AppConfig):
    name = "queries"
    verbose_name = "Queries and the help centre"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from dpss.audit.registry import register_person_model

        from . import models, receivers

        # A query is about a person; its clocks are bookkeeping, recomputed from the timeline.
        register_person_model(
            models.Query,
            exclude_fields=[
                "first_contact_due_at",
                "resolution_due_at",
                "due_at",
                "warning_at",
                "sla_state",
                "first_contact_business_seconds",
                "first_contact_wall_seconds",
                "updated_at",
            ],
        )
        register_person_model(models.QueryEvent)
        register_person_model(models.QueryAttachment)
        register_person_model(models.SatisfactionSurvey, exclude_fields=["token_hash"])

        post_migrate.connect(receivers.bank_holidays_after_migrate, sender=self)

        # Header links for the help centre, a person's queries, the staff queue and reports: see navigation.py.
        from dpss.accounts.demo import register_demo_seeder

        from . import navigation  # noqa: F401
        from .demo import seed_demo_queries

        register_demo_seeder(seed_demo_queries)
