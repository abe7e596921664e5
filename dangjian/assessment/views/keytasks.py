"""The key-task board of an org (重点工作任务清单): the year's tasks with their state and overdue flags; one task with
its close-out (销号) — the owner submits with evidence, a reviewer confirms or returns; adding and changing a task, and
taking it off the list (or back); and the monthly completion ranking of branches with a chart."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.assessment import keytask_selectors as selectors
from dangjian.assessment import services, workflow
from dangjian.assessment.forms import KeyTaskForm
from dangjian.assessment.models import KeyTask
from dangjian.assessment.services.keytasks import may_submit
from dangjian.assessment.views.common import month_param, require_view, run, year_param
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_on, require_anywhere
from dangjian.org.models import PartyOrg


def _org(request):
    code = request.GET.get("org", "").strip()
    if not code:
        return None
    org = selectors.org_by_code(user=request.user, code=code)
    if org is None:
        org = PartyOrg(code=code, path="/-/")  # an org the user cannot see shows nothing
    return org


@login_required
def board(request):
    user = request.user
    require_view(user, "keytask")
    today = timezone.localdate()
    year = year_param(request)
    org = _org(request)
    status = request.GET.get("status", "")
    status = status if status in KeyTask.Status.values or status == "overdue" else ""
    tasks = selectors.keytask_list(user=user, org=org, year=year)
    counts = Counter(tasks.values_list("status", flat=True))
    overdue_count = tasks.filter(due_on__lt=today).exclude(status__in=KeyTask.SETTLED).count()
    if status == "overdue":
        tasks = tasks.filter(due_on__lt=today).exclude(status__in=KeyTask.SETTLED)
    elif status:
        tasks = tasks.filter(status=status)
    page = paginate(request, tasks)
    for task in page.object_list:
        task.is_overdue = task.overdue_on(today)
    context = {
        "page": page,
        "year": year,
        "org": org if org and org.pk else None,
        "org_code": request.GET.get("org", ""),
        "status": status,
        "statuses": KeyTask.Status.choices,
        "counts": [(value, label, counts.get(value, 0)) for value, label in KeyTask.Status.choices],
        "total": sum(counts.values()),
        "overdue_count": overdue_count,
        "can_add": can_anywhere(user, "keytask", "add"),
        "orgs": selectors.branch_choices(user=user),
    }
    return render(request, "assessment/keytask_board.html", context)


@login_required
def keytask_create(request):
    """A new key task of an org the user may add tasks to (the list is usually imported: see the board's link)."""
    user = request.user
    require_anywhere(user, "keytask", ADD)
    form = KeyTaskForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with refusal_on(form) as refused:
            task = services.keytask_create(actor=user, code=data.pop("code"), **data)
        if not refused:
            messages.success(request, _("Key task added."))
            return redirect("assessment:keytask", pk=task.pk)
        return render(request, "assessment/keytask_form.html", {"form": form}, status=refused.status)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/keytask_form.html", {"form": form}, status=status)


@login_required
def keytask_edit(request, pk: int):
    """Change a task: its title, category, owner, due date, deliverable (not its code; not once closed or cancelled)."""
    user = request.user
    task = selectors.keytask_get(user=user, pk=pk)
    if not can_at(user, "keytask", CHANGE, task.owner_org):
        raise PermissionDenied
    form = KeyTaskForm(request.POST or None, user=user, task=task)
    context = {"form": form, "task": task}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code", None)
        with refusal_on(form) as refused:
            services.keytask_update(actor=user, task=task, **data)
        if not refused:
            messages.success(request, _("%(code)s saved.") % {"code": task.code})
            return redirect("assessment:keytask", pk=task.pk)
        return render(request, "assessment/keytask_form.html", context, status=refused.status)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/keytask_form.html", context, status=status)


@login_required
def keytask(request, pk: int):
    user = request.user
    task = selectors.keytask_get(user=user, pk=pk)
    held = workflow.standings(user, task.owner_org, "keytask")
    context = {
        "task": task,
        "is_overdue": task.overdue_on(timezone.localdate()),
        "may_close": task.status in (KeyTask.Status.OPEN, KeyTask.Status.RETURNED) and may_submit(user, task),
        "may_confirm": task.status == KeyTask.Status.SUBMITTED and workflow.REVIEWER in held,
        "may_edit": not task.closed and not task.cancelled and can_at(user, "keytask", CHANGE, task.owner_org),
        "may_cancel": not task.closed and not task.cancelled and workflow.REVIEWER in held,
        "may_restore": task.cancelled and workflow.REVIEWER in held,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "assessment/keytask.html", context)


@login_required
@require_POST
def keytask_close(request, pk: int):
    task = selectors.keytask_get(user=request.user, pk=pk)
    try:
        on = dt.date.fromisoformat(request.POST.get("on", "")) if request.POST.get("on") else None
    except ValueError:
        on = None
    run(
        request,
        lambda: services.keytask_close(actor=request.user, task=task, evidence=request.POST.get("evidence", ""), on=on),
        _("The close-out of %(code)s is submitted for confirmation.") % {"code": task.code},
    )
    return redirect("assessment:keytask", pk=pk)


@login_required
@require_POST
def keytask_decide(request, pk: int):
    task = selectors.keytask_get(user=request.user, pk=pk)
    if request.POST.get("decision") == "return":
        run(
            request,
            lambda: services.keytask_return(actor=request.user, task=task, reason=request.POST.get("reason", "")),
            _("%(code)s is returned to its owner.") % {"code": task.code},
        )
    else:
        run(
            request,
            lambda: services.keytask_confirm(actor=request.user, task=task),
            _("%(code)s is closed out (销号).") % {"code": task.code},
        )
    return redirect("assessment:keytask", pk=pk)


@login_required
@require_POST
def keytask_cancel(request, pk: int):
    """Take the task off the list with the reason (`decision` = cancel), or put it back (`decision` = restore)."""
    task = selectors.keytask_get(user=request.user, pk=pk)
    if request.POST.get("decision") == "restore":
        run(
            request,
            lambda: services.keytask_restore(actor=request.user, task=task),
            _("%(code)s is back on the list.") % {"code": task.code},
        )
    else:
        run(
            request,
            lambda: services.keytask_cancel(actor=request.user, task=task, reason=request.POST.get("reason", "")),
            _("%(code)s is taken off the list.") % {"code": task.code},
        )
    return redirect("assessment:keytask", pk=pk)


@login_required
def ranking(request):
    user = request.user
    require_view(user, "keytask")
    month = month_param(request)
    rows = selectors.completion_ranking(user=user, month=month)
    ordered = list(reversed(rows))
    context = {
        "month": month,
        "rows": rows,
        "chart": {
            "orgs": [org.name for org, _line in ordered],
            "rates": [str(line.rate) if line.rate is not None else None for _org, line in ordered],
        },
    }
    return render(request, "assessment/keytask_ranking.html", context)
