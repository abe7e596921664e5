"""Demonstration posts on the set-up centre: responsibility zones, pioneer posts, task forces and pairings."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.posts.models import PioneerPost, ResponsibilityZone, TaskForce


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "post", "view"):
        return []
    count = sum(model.objects.restrict(user, "view").count() for model in (ResponsibilityZone, PioneerPost, TaskForce))
    return [
        {
            "label": _("Responsibility zones, pioneer posts and task forces"),
            "count": count,
            "done": count > 0,
            "url": reverse("posts:registers"),
            "hint": "" if count else _("Branches register them; the office sees them all here."),
        }
    ]
