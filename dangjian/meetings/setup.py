"""Organisational life on the set-up centre: the company's meeting frequency rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.meetings.models import MeetingRule


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "meeting", "view"):
        return []
    rules = MeetingRule.objects.restrict(user, "view").count()
    return [
        {
            "label": _("Meeting frequency rules"),
            "count": rules,
            "done": True,
            "url": reverse("meetings:rules"),
            "hint": _("Your company's own rules.")
            if rules
            else _(
                "The defaults of the branch work rules (支部工作条例) apply; change them to your company's practice."
            ),
        }
    ]
