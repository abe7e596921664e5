"""Failed background tasks, for the system administrator: what failed, when, why — and a button to run it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core import selectors, services
from dangjian.core.scoping import scope_for
from dangjian.core.views.pages import refusal_as_message

SHOWN = 200


def _require(user, action: str) -> None:
    if not scope_for(user, "settings", action).everywhere:
        raise PermissionDenied


@login_required
def task_failures(request):
    _require(request.user, "view")
    failures, waiting = selectors.task_failures(limit=SHOWN)
    return render(request, "core/task_failures.html", {"failures": failures, "waiting": waiting, "shown": SHOWN})


@login_required
@require_POST
def task_rerun(request, pk: int):
    _require(request.user, "change")
    failure = selectors.task_failure_get(pk=pk)
    with refusal_as_message(request) as refused:
        services.task_rerun(actor=request.user, failure=failure)
    if not refused:
        messages.success(request, _("The task %(task)s is queued again.") % {"task": failure.task})
    return redirect("core:tasks")
