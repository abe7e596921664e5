"""What the set-up centre (基础设置) shows of the indices: whether the office has set weights for both indices."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.indices.models import Kind, WeightVersion
from dangjian.org import tenancy


def setup_items(user) -> list[dict]:
    company = tenancy.companies(user).order_by("path").first()
    if company is None or not can_anywhere(user, "index_weights", "view"):
        return []
    kinds = set(WeightVersion.objects.filter(company=company).values_list("kind", flat=True))
    return [
        {
            "label": _("Index weights (堡垒指数 / 先锋指数)"),
            "count": len(kinds),
            "done": kinds == set(Kind.values),
            "url": reverse("indices:weights"),
            "hint": _("Set this year's weights of both indices; the indices are then computed every month."),
        }
    ]
