from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "dangjian.points"
    label = "points"
    verbose_name = _("Member points and stars")

    def ready(self):
        # Points hang off facts other apps record: the hooks register themselves here, not in those apps' code.
        from dangjian.points import hooks

        hooks.install()
