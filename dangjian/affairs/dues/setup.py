"""What the set-up centre (基础设置) shows of party dues: whether the members have bases for the current dues year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.dues import selectors
from dangjian.affairs.dues.rates import dues_year
from dangjian.org import tenancy


def setup_items(user) -> list[dict]:
    company = tenancy.companies(user).order_by("path").first()
    if company is None:
        return []
    year = dues_year(timezone.localdate())
    summary = selectors.bases_summary(org=company, year=year)
    return [
        {
            "label": _("Dues bases %(year)s–%(next)s") % {"year": year, "next": year + 1},
            "count": summary["have"],
            "done": summary["members"] > 0 and summary["missing"] == 0,
            "url": reverse("dues:bases"),
            "hint": _(
                "Each July: import the after-tax fixed pay from payroll (.xlsx) or let payroll push it, then "
                "recalculate the year's dues."
            ),
        }
    ]
