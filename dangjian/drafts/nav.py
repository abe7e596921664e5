from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [(870, "drafts:draft", _("Annual report drafts"), "drafts", "list")]
