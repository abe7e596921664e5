from django.utils.translation import gettext_lazy as _

NAV = [
    ("assessment:index", _("Branch assessment"), "assessment", "view"),
    ("assessment:keytasks", _("Key tasks"), "keytask", "view"),
]
