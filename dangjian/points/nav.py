from django.utils.translation import gettext_lazy as _

NAV = [
    ("points:mine", _("My points"), "points", "self"),
    ("points:leaderboard", _("Points leaderboard"), "points", "export"),
    ("points:stars", _("Stars"), "stars", "view"),
]
