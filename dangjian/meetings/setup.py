"""What the set-up centre (基础设置) shows of organisational life: the go-live date and the meeting frequency rules (the
holiday calendar is service's); `setup_items(user)` → [{label, count, done, url, hint}]."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.meetings import selectors


def setup_items(user) -> list[dict]:
    company = selectors.rules_company(user=user)
    if company is None:
        return []
    url = reverse("standard")
    rules = selectors.rule_count(company=company)
    return [
        {
            "label": _("Go-live date"),
            "count": 1 if company.go_live else 0,
            "done": company.go_live is not None,
            "url": url,
            "hint": _("Compliance, reviews and assessments count from this day, never before."),
        },
        {
            "label": _("Meeting frequency rules"),
            "count": rules,
            "done": rules > 0,
            "url": url if not rules else reverse("meetings:rules"),
            "hint": _("The 支部工作条例 defaults apply until the company installs and adjusts its own."),
        },
    ]
