from django.utils.translation import gettext_lazy as _

NAV = [("value:overview", _("Team value"), "value", "view")]
