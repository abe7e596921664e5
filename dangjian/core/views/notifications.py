"""The user's notifications: one list of every reminder and notice the apps sent them, and "mark read" (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.notifications import selectors, services
from dangjian.core.views.pages import paginate


@login_required
def notification_list(request):
    """Every notification of the user, unread first, newest first (two queries a page)."""
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of the user's notifications read. htmx gets the row again, read (`row` posted), or nothing (the item
    leaves a home-page list); a plain form goes back to `next`."""
    # Another's notification, or none: NotFound, the 404 page (core/middleware.py).
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        if request.POST.get("row"):
            return render(request, "core/_notification.html", {"n": notification})
        return HttpResponse("")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "core:notifications"
    return redirect(target)
