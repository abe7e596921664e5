"""A project's page and the moves made from it: lifecycle steps, tasks done with evidence, rules revised, results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.capabilities import capability_modules
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on
from dangjian.projects.projects import lifecycle, selectors, services
from dangjian.projects.projects.forms import ResultsForm, RuleRevisionForm, TaskReportForm, TransitionForm
from dangjian.projects.projects.models import RuleRevision, Task


def _page(request, pk: int, *, status: int = 200, **forms):
    user = request.user
    project = selectors.project_detail(user=user, pk=pk)
    can_change = can_at(user, "project", "change", project.owner)
    work_open = can_change and project.state in lifecycle.WORK_EDITABLE
    actions = [
        (action, lifecycle.ACTIONS[action], lifecycle.STYLES.get(action, "primary"))
        for action in lifecycle.allowed_actions(user, project)
    ]
    context = {
        "project": project,
        "goals": project.goals.all(),
        "tasks": project.tasks.all(),
        "members": project.memberships.all(),
        "can_edit": can_change and project.state in lifecycle.PLAN_EDITABLE,
        "work_open": work_open,
        "actions": actions,
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "results_form": forms.get("results_form")
        or ResultsForm(initial={"highlights": project.highlights, "results_summary": project.results_summary}),
        "rule_form": forms.get("rule_form") or RuleRevisionForm(prefix="rule"),
        "refusal": forms.get("refusal", ""),
    }
    # The other apps' sections, in app order (core/capabilities.py): the monthly reviews (which also fill the goals'
    # "Actual" column), the measured effects, the acceptance result …
    slots = {"main": [], "side": []}
    for module in capability_modules("project_sections"):
        for slot, template, data in module.project_sections(request, project):
            slots[slot].append(template)
            context.update(data)
    context["main_sections"], context["side_sections"] = slots["main"], slots["side"]
    return render(request, "projects/project_detail.html", context, status=status)


@login_required
def project_detail(request, pk: int):
    return _page(request, pk)


@login_required
@require_POST
def project_transition(request, pk: int):
    """One lifecycle step from the page's buttons; a refusal comes back as a message, the comment kept."""
    user = request.user
    project = selectors.project_get(user=user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, transition_form=form)
    with refusal_on(form) as refused:
        services.project_transition(actor=user, project=project, **form.cleaned_data)
    if refused:
        return _page(request, pk, status=refused.status, transition_form=form, refusal=refused.message)
    messages.success(request, _("Done: %(step)s.") % {"step": lifecycle.ACTIONS[form.cleaned_data["action"]]})
    return redirect("projects:detail", pk=pk)


def _changeable(request, pk: int):
    """The project, for a write from its page: 404 out of scope, 403 for those who may only read it."""
    project = selectors.project_get(user=request.user, pk=pk)
    if not can_at(request.user, "project", "change", project.owner):
        raise PermissionDenied
    return project


def _task(request, pk: int, task_pk: int) -> Task:
    project = selectors.project_get(user=request.user, pk=pk)
    return selectors.task_get(project=project, pk=task_pk)


@login_required
def task_report(request, pk: int, task_pk: int):
    """Report a task done (or not) with evidence. htmx swaps the task's row: the form on GET, the row after a save."""
    user = request.user
    task = _task(request, pk, task_pk)
    if not can_at(user, "project", "change", task.project.owner):
        raise PermissionDenied
    form = TaskReportForm(request.POST or None, request.FILES or None, task=task)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                task = services.task_report(actor=user, task=task, **form.cleaned_data)
            if refused:
                status = refused.status
            else:
                if request.htmx:
                    return render(request, "projects/_task_row.html", {"task": task, "work_open": True})
                messages.success(request, _("Task updated."))
                return redirect("projects:detail", pk=pk)
    template = "projects/_task_form_row.html" if request.htmx else "projects/task_report.html"
    return render(request, template, {"task": task, "form": form}, status=status)


@login_required
def task_evidence(request, pk: int, task_pk: int):
    """The evidence file of a task, to whoever may see the project (files are not served from a public folder)."""
    task = _task(request, pk, task_pk)
    if not task.evidence_file:
        raise Http404
    return FileResponse(task.evidence_file.open("rb"), as_attachment=True, filename=task.evidence_file.name)


@login_required
@require_POST
def project_results(request, pk: int):
    user = request.user
    project = _changeable(request, pk)
    form = ResultsForm(request.POST)
    status = 400
    if form.is_valid():
        with refusal_on(form) as refused:
            services.project_report_results(actor=user, project=project, **form.cleaned_data)
        if refused:
            status = refused.status
        else:
            messages.success(request, _("Results saved."))
            return redirect("projects:detail", pk=pk)
    return _page(request, pk, status=status, results_form=form)


@login_required
@require_POST
def rule_add(request, pk: int):
    """Record a rule written or revised through the project (while it runs)."""
    user = request.user
    project = _changeable(request, pk)
    form = RuleRevisionForm(request.POST, prefix="rule")
    status = 400
    if form.is_valid():
        with refusal_on(form) as refused:
            services.plan_item_save(actor=user, project=project, section="rule_revisions", **form.service_fields())
        if refused:
            status = refused.status
        else:
            messages.success(request, _("Rule recorded."))
            return redirect("projects:detail", pk=pk)
    return _page(request, pk, status=status, rule_form=form)


def _rule(request, pk: int, rule_pk: int):
    """A rule revised of a project the user may change: 404 out of scope (or not this project's), 403 read-only."""
    project = _changeable(request, pk)
    return project, selectors.plan_row_get(project=project, model=RuleRevision, pk=rule_pk)


@login_required
def rule_edit(request, pk: int, rule_pk: int):
    """Correct a rule revised (title, new or revised, date) from the proposal until the project is accepted."""
    user = request.user
    project, rule = _rule(request, pk, rule_pk)
    if project.state not in lifecycle.WORK_EDITABLE | lifecycle.PLAN_EDITABLE:
        messages.error(request, _("Rules revised can be changed only while the project is open."))
        return redirect("projects:detail", pk=pk)
    form = RuleRevisionForm(request.POST or None, instance=rule, prefix="rule")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                services.plan_item_save(
                    actor=user, project=project, section="rule_revisions", row_id=rule.pk, **form.service_fields()
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Rule saved."))
                return redirect("projects:detail", pk=pk)
    context = {"project": project, "rule": rule, "form": form}
    return render(request, "projects/rule_form.html", context, status=status)


@login_required
@require_POST
def rule_remove(request, pk: int, rule_pk: int):
    """Remove a rule recorded by mistake (while the project is open); a refusal comes back as a message."""
    project, rule = _rule(request, pk, rule_pk)
    with refusal_as_message(request) as refused:
        services.plan_item_delete(actor=request.user, project=project, section="rule_revisions", row_id=rule.pk)
    if not refused:
        messages.success(request, _("Rule removed."))
    return redirect("projects:detail", pk=pk)
