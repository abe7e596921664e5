"""What the set-up centre (基础设置) shows of the archive: whether the company has its categories (the defaults
load in one click on the categories page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.archive import selectors
from dangjian.core.scoping import can_anywhere


def setup_items(user) -> list[dict]:
    company = selectors.company(user)
    if company is None or not can_anywhere(user, "archive_category", "view"):
        return []
    count = selectors.categories(user=user, company=company, active_only=True).count()
    return [
        {
            "label": _("Archive categories and retention periods"),
            "count": count,
            "done": count > 0,
            "url": reverse("archive:categories"),
            "hint": _(
                "Load the default categories (组织建设, 组织生活, 发展党员 …) in one click, then set each retention "
                "period; the system then files its records by org, year and category every night."
            ),
        }
    ]
