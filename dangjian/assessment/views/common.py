"""What the assessment pages share: a month from the query string, and DomainError → message + redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from dangjian.core import months
from dangjian.core.errors import DomainError, NotFound, NotPermitted
from dangjian.core.scoping import can_anywhere


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
    """Call a service; a refusal out of scope is a 404, one the user may see is a 403, others a message."""
    try:
        call()
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True
