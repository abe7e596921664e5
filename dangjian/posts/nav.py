from django.utils.translation import gettext_lazy as _

NAV = [("posts:registers", _("Demonstration posts"), "post", "view")]
