"""What the set-up centre (基础设置) shows of the indicator catalogue: `setup_items(user)` → [{label, count, done, url,
hint}] for the user's company."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.indicators.models import Indicator, Target


def setup_items(user) -> list[dict]:
    indicators = Indicator.objects.restrict(user, "view").filter(active=True)
    count = indicators.count()
    keys = indicators.filter(key=True).count()
    targets = Target.objects.restrict(user, "view").count()
    return [
        {
            "label": _("Indicator catalogue"),
            "count": count,
            "done": count > 0,
            "url": reverse("indicators:create") if not count else reverse("indicators:catalogue"),
            "hint": _("The production indicators the projects' goals are measured by: unit, roll-up rule, benchmark."),
        },
        {
            "label": _("Key indicators on the kiosk"),
            "count": keys,
            "done": keys > 0,
            "url": reverse("indicators:catalogue"),
            "hint": _("Mark the indicators the company's kiosk shows."),
        },
        {
            "label": _("Indicator targets"),
            "count": targets,
            "done": targets > 0,
            "url": reverse("indicators:catalogue"),
            "hint": _("Monthly or yearly targets per unit, typed in or imported from Excel."),
        },
    ]
