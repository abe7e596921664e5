from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py: shown to whoever holds the grant somewhere
# (SELF counts for "view", so every business user with a personal record sees "我为群众办实事").
NAV = [
    (600, "service:mine", _("Employee concerns"), "service_request", "view"),
    (610, "service:dashboard", _("Concerns dashboard"), "service_request", "export"),
]
