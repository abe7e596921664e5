"""Employee concerns on the set-up centre: the holiday calendar the deadlines count working days with."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.service.models import CalendarDay, SlaPolicy


def setup_items(user) -> list[dict]:
    year = timezone.localdate().year
    days = CalendarDay.objects.filter(day__year=year).count()
    policies = SlaPolicy.objects.count()
    return [
        {
            "label": _("Holidays and make-up working days this year"),
            "count": days,
            "done": days > 0,
            "url": reverse("service:settings") if days else reverse("standard"),
            "hint": "" if days else _("Enter this year's public holidays and 调休 days: deadlines count working days."),
        },
        {
            "label": _("Deadlines per category"),
            "count": policies,
            "done": True,
            "url": reverse("service:settings"),
            "hint": "" if policies else _("The default deadlines apply until you set your own."),
        },
    ]
