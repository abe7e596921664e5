"""The user's notifications: two tabs — the work inbox (待办: what asks them to act and is not done yet) and every
notification (通知: every reminder and notice the apps sent them, unread first, each with its state) — and "mark
read" (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.notifications import selectors, services
from dangjian.core.views.pages import paginate

INBOX, ALL = "inbox", "all"


@login_required
def notification_list(request):
    """One tab of the user's notifications (two queries a page): `?tab=inbox` the work inbox, newest first — the same
    list the home page counts — otherwise all of them, unread first."""
    tab = INBOX if request.GET.get("tab") == INBOX else ALL
    if tab == INBOX:
        rows = selectors.inbox_list(user=request.user)
    else:
        rows = selectors.notification_list(user=request.user)
    page = paginate(request, rows)
    for n in page.object_list:
        if n.action and n.done_at is None:
            n.action_label = selectors.action_label(n.kind)
    return render(request, "core/notifications.html", {"page": page, "tab": tab})


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
            if notification.action and notification.done_at is None:
                notification.action_label = selectors.action_label(notification.kind)
            return render(request, "core/_notification.html", {"n": notification})
        return HttpResponse("")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "core:notifications"
    return redirect(target)
