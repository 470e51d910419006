from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dpss.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
        from .navigation import register_navigation

        register_navigation()
