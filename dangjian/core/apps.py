from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dangjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # The huey worker only autoloads `<app>.tasks`; the import tasks live in the imports package.
        from dangjian.core.imports import jobs  # noqa: F401
