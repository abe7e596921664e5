"""Recruitment on the set-up centre: the annual plans of the company's orgs (the 25 steps need no set-up)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.affairs.recruitment.models import Plan
from dangjian.core.scoping import can_anywhere


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "recruitment", "view"):
        return []
    count = Plan.objects.restrict(user, "view").count()
    return [
        {
            "label": _("Recruitment plans"),
            "count": count,
            "done": count > 0,
            "url": reverse("recruitment:plans"),
            "hint": "" if count else _("Each org sets how many new members it plans to admit this year."),
        }
    ]
