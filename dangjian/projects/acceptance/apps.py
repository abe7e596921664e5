from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceptanceConfig(AppConfig):
    name = "dangjian.projects.acceptance"
    label = "acceptance"
    verbose_name = _("Acceptance and rating")
