from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BurdenConfig(AppConfig):
    name = "dangjian.burden"
    label = "burden"
    verbose_name = _("Burden meter")
