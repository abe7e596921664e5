"""What the set-up centre (基础设置) shows of points: the rule catalogue and the member star policy."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.org import tenancy
from dangjian.points import selectors


def setup_items(user) -> list[dict]:
    company = tenancy.companies(user).order_by("path").first()
    if company is None:
        return []
    rules = selectors.rule_count(company=company, current_only=True)
    policy = selectors.star_policy(company=company) is not None
    return [
        {
            "label": _("Points rules"),
            "count": rules,
            "done": rules > 0,
            "url": reverse("standard") if not rules else reverse("points:rules"),
            "hint": _("The standard 12 rules install with one click and can be changed from a date."),
        },
        {
            "label": _("Member star policy"),
            "count": 1 if policy else 0,
            "done": policy,
            "url": reverse("points:star_policy"),
            "hint": _("Points needed for each star, and the caps from the democratic appraisal."),
        },
    ]
