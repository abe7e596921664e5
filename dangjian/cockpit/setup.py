"""What the set-up centre (基础设置) shows of the cockpit: whether the colour map's thresholds are set."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.cockpit import dimensions
from dangjian.cockpit.models import Threshold
from dangjian.core.scoping import can_anywhere
from dangjian.org import tenancy


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "cockpit_threshold", "view"):
        return []
    company = tenancy.companies(user).order_by("path").first()
    if company is None:
        return []
    count = Threshold.objects.filter(company=company).count()
    return [
        {
            "label": _("Colour map thresholds"),
            "count": count,
            "done": count >= len(dimensions.CODES),
            "url": reverse("cockpit:thresholds"),
            "hint": _("Load the default thresholds in one click, then adjust where green, yellow and orange begin."),
        }
    ]
