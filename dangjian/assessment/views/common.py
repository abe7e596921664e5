"""What the assessment pages share: a month from the query string, and DomainError → message + redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dangjian.core import months
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_as_message


def month_param(request, name: str = "month") -> dt.date:
    """?month=YYYY-MM, or the current month."""
    return months.parse(request.GET.get(name, "")) or months.first_of(timezone.localdate())


def year_param(request) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def require_view(user, resource: str = "assessment") -> None:
    if not can_anywhere(user, resource, "view"):
        raise PermissionDenied


def run(request, call, success: str) -> bool:
    """Call a service; a refusal the user can correct is a message (out of scope 404 and 403 propagate)."""
    with refusal_as_message(request) as refused:
        call()
    if refused:
        return False
    messages.success(request, success)
    return True
