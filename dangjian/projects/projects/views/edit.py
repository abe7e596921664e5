"""Propose a project and edit its plan: the project's fields plus formsets of goals, measures, sub-plans, tasks and
rules revised, saved together by one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere
from dangjian.projects.projects import lifecycle, selectors, services
from dangjian.projects.projects.forms import FORMSET_TITLES, FORMSETS, ProjectForm, goal_link_choices, plan_changes
from dangjian.projects.projects.models import Project


def _chosen_people(project: Project | None, data) -> set[int]:
    """People already on the project (or posted), so they stay selectable even beyond the bounded list."""
    ids: set[int] = set()
    if project is not None and project.pk:
        ids |= {project.secretary_id} if project.secretary_id else set()
        ids |= set(project.memberships.values_list("person_id", flat=True))
        for kind in ("measures", "sub_plans", "tasks"):
            ids |= set(getattr(project, kind).exclude(owner=None).values_list("owner_id", flat=True))
    if data:
        for key, values in data.lists():
            if key in ("secretary", "leaders", "members") or key.endswith("-owner"):
                ids |= {int(v) for v in values if v.isdigit() and len(v) < 15}
    return ids


def _kwargs(kind: str, people, links: dict) -> dict:
    return {"people": people, **links} if kind == "goals" else {"people": people}


def _forms(request, project: Project | None):
    user = request.user
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    instance = project or Project()
    if project is None:
        form = ProjectForm(data, instance=instance, owners=selectors.owner_choices(user=user))
        people = ()
    else:
        people = selectors.people_choices(user=user, owner=project.owner, current=_chosen_people(project, data))
        form = ProjectForm(data, instance=instance, people=people)
    links = goal_link_choices(user)
    formsets = {
        kind: formset_class(
            data,
            files,
            instance=instance,
            prefix=kind,
            form_kwargs={"people": people, **(links if kind == "goals" else {})},
        )
        for kind, formset_class in FORMSETS.items()
        if project is not None or kind == "goals"
    }
    return form, formsets


def _render(request, project, form, formsets, status=200):
    sections = [(kind, FORMSET_TITLES[kind], formset) for kind, formset in formsets.items()]
    # The plan's page offers 提交报批 beside Save: after 立项 the user lands here, and the step must be in reach.
    can_submit = project is not None and lifecycle.SUBMIT in lifecycle.allowed_actions(request.user, project)
    context = {"project": project, "form": form, "sections": sections, "can_submit": can_submit}
    return render(request, "projects/project_form.html", context, status=status)


def _save(request, project: Project | None, form, formsets):
    user = request.user
    with refusal_on(form) as refused:
        saved = services.project_save(
            actor=user,
            project=project,
            owner=form.cleaned_data.get("owner"),
            fields=form.service_fields(),
            changes=plan_changes(formsets),
        )
    if refused:
        return None
    return saved


@login_required
def project_create(request):
    """立项: the project's fields and its goals; the rest of the plan is added on the edit page that follows."""
    require_anywhere(request.user, "project", "add")
    form, formsets = _forms(request, None)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        project = _save(request, None, form, formsets)
        if project is not None:
            messages.success(
                request,
                _("Project %(code)s proposed. Now add its measures, sub-plans and tasks.") % {"code": project.code},
            )
            return redirect("projects:edit", pk=project.pk)
    return _render(request, None, form, formsets, status=400 if request.method == "POST" else 200)


def _submit(request, project: Project) -> None:
    """提交报批 right after saving the plan; a refusal (say, a goal without a target) is shown on the project page."""
    with refusal_as_message(request) as refused:
        services.project_transition(actor=request.user, project=project, action=lifecycle.SUBMIT)
    if not refused:
        messages.success(request, _("Done: %(step)s.") % {"step": lifecycle.ACTIONS[lifecycle.SUBMIT]})


@login_required
def project_edit(request, pk: int):
    user = request.user
    project = selectors.project_get(user=user, pk=pk)
    if not can_at(user, "project", "change", project.owner):
        raise PermissionDenied
    if project.state not in lifecycle.PLAN_EDITABLE:
        messages.error(request, _("The plan can be changed only while the project is proposed or returned."))
        return redirect("projects:detail", pk=pk)
    form, formsets = _forms(request, project)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        saved = _save(request, project, form, formsets)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            if request.POST.get("then") == lifecycle.SUBMIT:
                _submit(request, saved)
            return redirect("projects:detail", pk=pk)
    return _render(request, project, form, formsets, status=400 if request.method == "POST" else 200)
