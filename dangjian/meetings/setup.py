"""What the set-up centre (基础设置) shows of organisational life: the go-live date, the meeting frequency rules and the
holiday calendar; `setup_items(user)` → [{label, count, done, url, hint}]."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.meetings import selectors
from dangjian.meetings.models import MeetingRule


def setup_items(user) -> list[dict]:
    from dangjian.service.models import CalendarDay

    company = selectors.rules_company(user=user)
    if company is None:
        return []
    url = reverse("meetings:standard")
    rules = MeetingRule.objects.filter(company=company).count()
    year = timezone.localdate().year
    days = CalendarDay.objects.filter(day__year=year).count()
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
        {
            "label": _("Holiday calendar"),
            "count": days,
            "done": days > 0,
            "url": url,
            "hint": _("Holidays and make-up working days (调休) for deadlines counted in working days."),
        },
    ]
