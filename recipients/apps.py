from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    name = "recipients"
    verbose_name = "Recipients and their direct payments"

    def ready(self) -> None:
        from dpss.audit.registry import register_person_model

        from .models import BalanceSnapshot, DirectPayment, Payment, Recipient, Representative

        # Care group, communication needs and NHS number are about health:
        # their changes are logged, their values masked.
        register_person_model(Recipient, masked_fields=["nhs_number", "communication_needs", "date_of_birth"])
        for model in (Representative, DirectPayment, Payment, BalanceSnapshot):
            register_person_model(model)

        from dpss.accounts.rules import is_recipient, is_representative
        from dpss.ui.navigation import NavItem, register

        register(NavItem("Direct payment", "recipients:my_direct_payment", is_recipient | is_representative, order=20))

        from dpss.accounts.demo import register_demo_seeder

        from .demo import seed_demo_recipients

        register_demo_seeder(seed_demo_recipients)
