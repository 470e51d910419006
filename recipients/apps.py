from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    name = "recipients"
    verbose_name = "Recipients and their direct payments"

    def ready(self) -> None:
        from dpss.audit.registry import register_person_model

        from . import models

        # Care group, communication needs and NHS number are about health:
        # their changes are logged, their values masked.
        register_person_model(models.Recipient, masked_fields=["nhs_number", "communication_needs", "date_of_birth"])
        for model in (
            models.Representative,
            models.DirectPayment,
            models.Payment,
            models.BalanceSnapshot,
            models.Document,
            models.AgreementSignature,
            models.FinancialCheckup,
            models.CheckupEvidence,
            models.AdviserTask,
            models.Recovery,
        ):
            register_person_model(model)
        # Rendering bookkeeping (claims, attempts) is not a change to a person's record.
        register_person_model(
            models.DocumentVersion,
            exclude_fields=["published_at", "claimed_at", "heartbeat_at", "attempts", "last_error", "context"],
        )

        from dpss.accounts.rules import is_dpss_staff, is_practitioner, is_recipient, is_representative
        from dpss.ui.navigation import NavItem, register

        register(NavItem("Direct payment", "recipients:my_direct_payment", is_recipient | is_representative, order=20))
        # Staff see everyone; practitioners find the people on their caseload.
        register(NavItem("Find a person", "recipients:staff_search", is_dpss_staff | is_practitioner, order=30))
        register(NavItem("Check-ups", "recipients:checkup_queue", is_dpss_staff, order=40))
        register(NavItem("Check-ins", "recipients:staff_check_ins", is_dpss_staff, order=45))

        # The check-ups waiting on the staff dashboards: see navigation.py.
        # Accounts made from invitations sent from a record are linked to it.
        from dpss.accounts.demo import register_demo_seeder

        from . import navigation, receivers, tasks  # noqa: F401  (tasks: services hand jobs over by task name)
        from .demo import seed_demo_recipients

        register_demo_seeder(seed_demo_recipients)
