"""What the set-up centre (基础设置) shows for value accounting: per step, what is configured and what is missing,
with a count and a link to the page where it is done. Read by the set-up centre; counts are of the user's
companies only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.value import selectors
from dangjian.value.models import ItemPrice


def setup_items(user) -> list[dict]:
    """[{label, count, done, url, hint}] for items, prices, peer groups (with items) and enrolled teams."""
    url = reverse("value:setup")
    items = selectors.item_list(user=user, active_only=True)
    item_count = items.count()
    priced = ItemPrice.objects.filter(item__in=items).values("item").distinct().count()
    groups = selectors.catalogue_groups(user=user).filter(active=True)
    group_count = groups.count()
    groups_with_items = groups.filter(items__isnull=False).distinct().count()
    teams = selectors.enrolment_list(user=user).filter(active=True).count()
    return [
        {
            "label": _("Accounting items"),
            "count": item_count,
            "done": item_count > 0,
            "url": url + "#item",
            "hint": _("The outputs and inputs the teams account for, with their units of measure."),
        },
        {
            "label": _("Item prices"),
            "count": priced,
            "done": item_count > 0 and priced == item_count,
            "url": url + "#item",
            "hint": _("%(missing)s items have no price yet; a price holds from its day.")
            % {"missing": item_count - priced},
        },
        {
            "label": _("Peer groups"),
            "count": group_count,
            "done": group_count > 0 and groups_with_items == group_count,
            "url": url + "#group",
            "hint": _("Comparable teams ranked against each other, with the items each group accounts for."),
        },
        {
            "label": _("Enrolled teams"),
            "count": teams,
            "done": teams > 0,
            "url": url + "#enrol",
            "hint": _("Teams or shift crews taking part, each in a peer group with its responsible party org."),
        },
    ]
