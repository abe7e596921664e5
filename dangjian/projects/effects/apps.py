from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EffectsConfig(AppConfig):
    name = "dangjian.projects.effects"
    label = "effects"
    verbose_name = _("Measured effects of projects")
