from django.utils.translation import gettext_lazy as _

# (url name, label, resource, action): shown to whoever holds the grant somewhere (SELF counts for "view", so every
# business user with a personal record sees "我为群众办实事").
NAV = [
    ("service:mine", _("Employee concerns"), "service_request", "view"),
    ("service:dashboard", _("Concerns dashboard"), "service_request", "export"),
]
