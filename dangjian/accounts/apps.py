from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dangjian.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from dangjian.accounts import checks, signals  # noqa: F401 - login auditing is a cross-cutting concern
