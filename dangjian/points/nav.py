from django.utils.translation import gettext_lazy as _

# (order, url name, label, resource, action), see core/capabilities.py.
NAV = [
    (700, "points:mine", _("My points"), "points", "self"),
    (710, "points:leaderboard", _("Points leaderboard"), "points", "export"),
    (720, "points:stars", _("Stars"), "stars", "view"),
]
