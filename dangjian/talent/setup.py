"""Talent development on the set-up centre: the posts' competency models, the evaluation criteria, the pools."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.talent.models import CompetencyModel, Criterion, PoolMember


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "talent", "add"):
        return []
    models = CompetencyModel.objects.restrict(user, "view").filter(retired_on__isnull=True).count()
    criteria = Criterion.objects.restrict(user, "view").filter(retired_on__isnull=True).count()
    pools = PoolMember.objects.restrict(user, "view").filter(left_on__isnull=True).count()
    return [
        {
            "label": _("Competency models of the posts"),
            "count": models,
            "done": models > 0,
            "url": reverse("talent:index"),
            "hint": "" if models else _("Describe what each key post requires, item by item (or import the items)."),
        },
        {
            "label": _("Training evaluation criteria"),
            "count": criteria,
            "done": criteria > 0,
            "url": reverse("talent:criteria"),
            "hint": "" if criteria else _("Publish the criteria mentors' plans are evaluated against."),
        },
        {
            "label": _("Talent, mentor and trainee pools"),
            "count": pools,
            "done": pools > 0,
            "url": reverse("talent:pools"),
            "hint": "" if pools else _("Add people to the pools on the page or import them."),
        },
    ]
