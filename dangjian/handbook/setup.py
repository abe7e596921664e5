"""The handbook's lines on the set-up centre: the company's procedures (the standard ones load with one click) and
this year's responsibility lists."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.handbook.models import DutyList, Procedure
from dangjian.handbook.standard import STANDARD


def setup_items(user) -> list[dict]:
    items = []
    if can_anywhere(user, "procedure", "view"):
        # one query: the kinds in use in the user's company, for the count and what is missing
        kinds = list(Procedure.objects.restrict(user, "view").filter(retired_on=None).values_list("kind", flat=True))
        missing = [kind for kind, _name, _steps in STANDARD if kind not in set(kinds)]
        items.append(
            {
                "label": _("Standard handbook (procedures)"),
                "count": len(kinds),
                "done": bool(kinds) and not missing,
                "url": reverse("handbook:procedures"),
                "hint": _("Load the standard templates with one click, then adapt them.") if missing else "",
            }
        )
    if can_anywhere(user, "duty", "view"):
        year = timezone.localdate().year
        count = DutyList.objects.restrict(user, "view").filter(year=year, retired_on=None).count()
        items.append(
            {
                "label": _("Responsibility lists (三项清单) of %(year)s") % {"year": year},
                "count": count,
                "done": count > 0,
                "url": reverse("handbook:duties"),
                "hint": "" if count else _("Create the lists or import them from a spreadsheet."),
            }
        )
    return items
