from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "dangjian.assessment"
    label = "assessment"
    verbose_name = _("Branch assessment")

    def ready(self):
        from dangjian.assessment.builtin_metrics import register_builtin
        from dangjian.assessment.linked_metrics import register_linked

        register_builtin()
        register_linked()
