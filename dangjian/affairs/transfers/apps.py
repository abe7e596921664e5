from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "dangjian.affairs.transfers"
    label = "transfers"
    verbose_name = _("Transfers of party membership")
