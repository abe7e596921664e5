"""Publicity on the set-up centre: the columns news is filed under (党群工作部 sets them up)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.publicity.models import Column


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "column", "add"):
        return []
    count = Column.objects.restrict(user, "change").filter(retired_on__isnull=True).count()
    return [
        {
            "label": _("News columns (专栏)"),
            "count": count,
            "done": count > 0,
            "url": reverse("publicity:columns"),
            "hint": "" if count else _("Add the columns news is filed under, e.g. 公司要闻, 基层动态."),
        }
    ]
