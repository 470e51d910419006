from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dpss.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # Services hand password reset requests to the worker by task name: register the tasks in every process.
        from . import receivers, tasks  # noqa: F401
        from .navigation import register_navigation

        register_navigation()
