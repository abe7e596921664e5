from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py: the home page, for everyone signed in.
NAV = [(0, "home", _("Home"), None, None)]
