from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftsConfig(AppConfig):
    name = "dangjian.drafts"
    label = "drafts"
    verbose_name = _("Drafts from data")
