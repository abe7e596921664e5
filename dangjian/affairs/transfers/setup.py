"""Transfers on the set-up centre: nothing to configure, but a line says where transfers and floating members are kept
and how many are under way."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core.scoping import can_anywhere


def setup_items(user) -> list[dict]:
    if not can_anywhere(user, "transfer", "view"):
        return []
    count = Transfer.objects.restrict(user, "view").count() + FloatingMember.objects.restrict(user, "view").count()
    return [
        {
            "label": _("Transfers and floating members"),
            "count": count,
            "done": True,
            "url": reverse("transfers:list"),
            "hint": "" if count else _("Nothing to set up: branches ask for transfers when a member moves."),
        }
    ]
