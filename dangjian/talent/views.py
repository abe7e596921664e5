"""Talent and drill pages: the overview (pools by class, posts' models with how many are ready), pools, a post's
competency model (items, ratings, who is ready), evaluation criteria, training plans (create, change, evaluate, end),
contest results, the managers' reports (mentors' load, drills per team and month), drills with their attendance
(phone-first), a person's training record and the xlsx exports. Thin: selectors and services do the work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import columns_export
from dangjian.core.permissions import ADD, CHANGE, EXPORT, IMPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at, scope_for
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.points import selectors as points_selectors
from dangjian.talent import forms, selectors, services
from dangjian.talent.models import Drill, Pool, TalentClass, TrainingPlan


def _org(request, resource: str = "talent"):
    require_anywhere(request.user, resource, VIEW)
    scope = scope_for(request.user, resource, VIEW)
    if not (scope.everywhere or scope.paths):
        raise PermissionDenied  # one's own record only: see "my record"
    return selectors.visible_org(user=request.user, code=request.GET.get("org"), resource=resource)


def _form_page(request, form, title: str, *, status=None, extra=None):
    status = status or (400 if request.method == "POST" else 200)
    return render(request, "talent/form.html", {"form": form, "title": title, **(extra or {})}, status=status)


def _saved(request):
    messages.success(request, _("Saved."))


def _day(value: str):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- overview and pools


@login_required
def index(request):
    """Pools by talent class, the posts' models with how many people are ready for each, plans in progress."""
    org = _org(request)
    counts = selectors.pool_counts(user=request.user, org=org)
    table = [
        {"pool": label, "cells": [counts.get((pool, cls), 0) for cls, _l in TalentClass.choices], "key": pool}
        for pool, label in Pool.choices
    ]
    ready = selectors.ready_counts(user=request.user, org=org)
    models = list(selectors.model_list(user=request.user, org=org, active_only=True)[:100])
    for m in models:
        m.ready = ready.get(m.pk, 0)
    context = {
        "org": org,
        "table": table,
        "classes": TalentClass.choices,
        "models": models,
        "active_plans": selectors.plan_list(user=request.user, org=org, status=TrainingPlan.Status.ACTIVE).count(),
        "can_add": can_anywhere(request.user, "talent", ADD),
    }
    return render(request, "talent/index.html", context)


@login_required
def pools(request):
    org = _org(request)
    pool = request.GET.get("pool", "") if request.GET.get("pool") in Pool.values else ""
    cls = request.GET.get("class", "") if request.GET.get("class") in TalentClass.values else ""
    page = paginate(request, selectors.pool_list(user=request.user, org=org, pool=pool, talent_class=cls))
    context = {
        "org": org,
        "page": page,
        "pool": pool,
        "cls": cls,
        "pools": Pool.choices,
        "classes": TalentClass.choices,
        "can_add": can_anywhere(request.user, "talent", ADD),
        "changeable": {m.pk for m in page.object_list if can_at(request.user, "talent", CHANGE, m.org)},
    }
    return render(request, "talent/pools.html", context)


@login_required
def pool_add(request):
    require_anywhere(request.user, "talent", ADD)
    initial = {"joined_on": timezone.localdate(), "pool": request.GET.get("pool", Pool.TALENT)}
    form = forms.PoolForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.pool_add(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:pools")
    return _form_page(request, form, _("Add to a pool"))


@login_required
def pool_edit(request, pk: int):
    member = selectors.pool_member_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, member.org):
        raise PermissionDenied
    initial = {k: getattr(member, k) for k in ("talent_class", "specialty", "joined_on", "note")}
    form = forms.PoolEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.pool_update(actor=request.user, member=member, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:pools")
    title = _("%(pool)s: %(name)s") % {"pool": member.get_pool_display(), "name": member.person.name}
    retire = None if member.left_on else reverse("talent:pool_leave", args=[member.pk])
    return _form_page(request, form, title, extra={"retire_url": retire, "retire_label": _("Leave the pool")})


@login_required
@require_POST
def pool_leave(request, pk: int):
    member = selectors.pool_member_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.pool_leave(actor=request.user, member=member, on=_day(request.POST.get("on", "")))
    if not refused:
        messages.success(request, _("%(name)s has left the pool.") % {"name": member.person.name})
    return redirect("talent:pools")


# --- competency models


@login_required
def model_create(request):
    require_anywhere(request.user, "talent", ADD)
    form = forms.ModelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            obj = services.model_save(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:model", pk=obj.pk)
    return _form_page(request, form, _("New competency model"))


@login_required
def model(request, pk: int):
    """A post's model: items with the required levels, the rating form, and who is ready for the post."""
    found = selectors.model_detail(user=request.user, pk=pk)
    may_change = can_at(request.user, "talent", CHANGE, found.org)
    items = list(found.items.all())
    context = {
        "model": found,
        "items": items,
        "rows": selectors.readiness(user=request.user, model=found),
        "may_change": may_change,
        "item_form": forms.ItemForm(user=request.user, initial={"order": len(items) + 1}) if may_change else None,
        "rating_form": forms.RatingForm(user=request.user, items=items, initial={"rated_on": timezone.localdate()})
        if may_change and items
        else None,
    }
    return render(request, "talent/model.html", context)


@login_required
def model_edit(request, pk: int):
    found = selectors.model_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    initial = {"org": found.org_id, "post": found.post, "talent_class": found.talent_class}
    initial["description"] = found.description
    form = forms.ModelForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.model_save(actor=request.user, obj=found, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:model", pk=found.pk)
    retire = None if found.retired_on else reverse("talent:model_retire", args=[found.pk])
    return _form_page(
        request,
        form,
        _("Change: %(name)s") % {"name": found.post},
        extra={"retire_url": retire, "retire_label": _("Retire the model")},
    )


@login_required
@require_POST
def model_retire(request, pk: int):
    found = selectors.model_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.model_retire(actor=request.user, obj=found, on=_day(request.POST.get("on", "")))
    if not refused:
        messages.success(request, _("The model is retired."))
    return redirect("talent:model", pk=found.pk)


@login_required
@require_POST
def item_add(request, pk: int):
    found = selectors.model_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    form = forms.ItemForm(request.POST, user=request.user)
    if form.is_valid():
        with refusal_as_message(request) as refused:
            services.item_save(actor=request.user, model=found, **form.service_args())
        if not refused:
            _saved(request)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("talent:model", pk=found.pk)


@login_required
def item_edit(request, pk: int):
    item = selectors.item_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, item.model.org):
        raise PermissionDenied
    initial = {k: getattr(item, k) for k in ("name", "required_level", "description", "order")}
    form = forms.ItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.item_save(actor=request.user, model=item.model, obj=item, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:model", pk=item.model_id)
    extra = {"retire_url": reverse("talent:item_remove", args=[item.pk]), "retire_label": _("Remove the item")}
    return _form_page(request, form, _("Change: %(name)s") % {"name": item.name}, extra=extra)


@login_required
@require_POST
def item_remove(request, pk: int):
    item = selectors.item_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.item_remove(actor=request.user, item=item)
    if not refused:
        messages.success(request, _("The item is removed."))
    return redirect("talent:model", pk=item.model_id)


@login_required
@require_POST
def rate(request, pk: int):
    found = selectors.model_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    form = forms.RatingForm(request.POST, user=request.user, items=list(found.items.all()))
    if form.is_valid():
        with refusal_as_message(request) as refused:
            services.rating_set(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("talent:model", pk=found.pk)


# --- criteria


@login_required
def criteria(request):
    org = _org(request)
    form = None
    if can_anywhere(request.user, "talent", ADD):
        form = forms.CriterionForm(request.POST or None, user=request.user, initial={"org": org.pk})
        if request.method == "POST" and form.is_valid():
            with refusal_on(form) as refused:
                services.criterion_save(actor=request.user, **form.service_args())
            if not refused:
                _saved(request)
                return redirect("talent:criteria")
    elif request.method == "POST":
        raise PermissionDenied
    rows = list(selectors.criteria_list(user=request.user, org=org)[:200])
    context = {
        "org": org,
        "rows": rows,
        "form": form,
        "weight": sum(c.weight for c in rows if not c.retired_on),
        "changeable": {c.pk for c in rows if can_at(request.user, "talent", CHANGE, c.org)},
    }
    return render(request, "talent/criteria.html", context, status=400 if form is not None and form.errors else 200)


@login_required
def criterion_edit(request, pk: int):
    found = selectors.criterion_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    initial = {"org": found.org_id, "name": found.name, "weight": found.weight, "description": found.description}
    form = forms.CriterionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.criterion_save(actor=request.user, obj=found, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:criteria")
    retire = None if found.retired_on else reverse("talent:criterion_retire", args=[found.pk])
    extra = {"retire_url": retire, "retire_label": _("Retire the criterion")}
    return _form_page(request, form, _("Change: %(name)s") % {"name": found.name}, extra=extra)


@login_required
@require_POST
def criterion_retire(request, pk: int):
    found = selectors.criterion_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.criterion_retire(actor=request.user, obj=found)
    if not refused:
        messages.success(request, _("The criterion is retired."))
    return redirect("talent:criteria")


# --- training plans


@login_required
def plans(request):
    org = _org(request)
    status = request.GET.get("status", "") if request.GET.get("status") in TrainingPlan.Status.values else ""
    page = paginate(request, selectors.plan_list(user=request.user, org=org, status=status))
    context = {
        "org": org,
        "page": page,
        "status": status,
        "statuses": TrainingPlan.Status.choices,
        "can_add": can_anywhere(request.user, "talent", ADD),
    }
    return render(request, "talent/plans.html", context)


@login_required
def plan_create(request):
    require_anywhere(request.user, "talent", ADD)
    today = timezone.localdate()
    initial = {"starts_on": today, "ends_on": today.replace(year=today.year + 1), "make_pairing": True}
    form = forms.PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            plan = services.plan_save(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:plan", pk=plan.pk)
    return _form_page(request, form, _("New training plan"))


@login_required
def plan(request, pk: int):
    found = selectors.plan_detail(user=request.user, pk=pk)
    may_change = can_at(request.user, "talent", CHANGE, found.org)
    form = None
    if may_change and found.status == TrainingPlan.Status.ACTIVE:
        form = forms.EvaluationForm(user=request.user, criteria=services.criteria_for(found.org))
    context = {"plan": found, "may_change": may_change, "form": form, "scores": list(found.scores.values())}
    return render(request, "talent/plan.html", context)


@login_required
def plan_edit(request, pk: int):
    found = selectors.plan_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    initial = {
        "mentor": found.mentor.employee_no,
        "target": found.target_id,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "goals": found.goals,
    }
    form = forms.PlanForm(request.POST or None, user=request.user, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.plan_save(actor=request.user, obj=found, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:plan", pk=found.pk)
    retire = reverse("talent:plan_end", args=[found.pk]) if found.status == TrainingPlan.Status.ACTIVE else None
    extra = {"retire_url": retire, "retire_label": _("End the plan without evaluation")}
    return _form_page(request, form, _("Change the plan of %(name)s") % {"name": found.trainee.name}, extra=extra)


@login_required
@require_POST
def plan_evaluate(request, pk: int):
    found = selectors.plan_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    form = forms.EvaluationForm(request.POST, user=request.user, criteria=services.criteria_for(found.org))
    if form.is_valid():
        with refusal_on(form) as refused:
            services.plan_evaluate(actor=request.user, plan=found, **form.service_args())
        if not refused:
            messages.success(request, _("The plan is evaluated."))
            return redirect("talent:plan", pk=found.pk)
    context = {"plan": found, "may_change": True, "form": form, "scores": []}
    return render(request, "talent/plan.html", context, status=400)


@login_required
@require_POST
def plan_end(request, pk: int):
    found = selectors.plan_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.plan_end(actor=request.user, plan=found)
    if not refused:
        messages.success(request, _("The plan has ended."))
    return redirect("talent:plan", pk=found.pk)


# --- contests and reports


@login_required
def contests(request):
    org = _org(request)
    page = paginate(request, selectors.contest_list(user=request.user, org=org))
    context = {
        "org": org,
        "page": page,
        "can_add": can_anywhere(request.user, "talent", ADD),
        "changeable": {c.pk for c in page.object_list if can_at(request.user, "talent", CHANGE, c.org)},
    }
    return render(request, "talent/contests.html", context)


@login_required
def contest_create(request):
    require_anywhere(request.user, "talent", ADD)
    form = forms.ContestForm(request.POST or None, user=request.user, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.contest_result_save(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:contests")
    return _form_page(request, form, _("New contest result"))


@login_required
def contest_edit(request, pk: int):
    found = selectors.contest_detail(user=request.user, pk=pk)
    if not can_at(request.user, "talent", CHANGE, found.org):
        raise PermissionDenied
    initial = {k: getattr(found, k) for k in ("contest", "level", "held_on", "rank", "award")}
    initial["person"] = found.person.employee_no
    form = forms.ContestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.contest_result_save(actor=request.user, obj=found, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:contests")
    extra = {"retire_url": reverse("talent:contest_delete", args=[found.pk]), "retire_label": _("Delete the result")}
    return _form_page(request, form, _("Change: %(name)s") % {"name": found.contest}, extra=extra)


@login_required
@require_POST
def contest_delete(request, pk: int):
    found = selectors.contest_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.contest_result_delete(actor=request.user, result=found)
    if not refused:
        messages.success(request, _("The result is deleted."))
    return redirect("talent:contests")


def _year(request) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


@login_required
def reports(request):
    """What a manager reads: mentors' load, drills per team and month, the latest contest results."""
    org = _org(request)
    year = _year(request)
    drill_org = (
        selectors.visible_org(user=request.user, code=org.code, resource="drill")
        if can_at(request.user, "drill", VIEW, org)
        else None
    )
    lines, totals = (
        selectors.drills_per_team_month(user=request.user, org=drill_org, year=year) if drill_org else ([], [])
    )
    context = {
        "org": org,
        "year": year,
        "mentors": selectors.mentor_load(user=request.user, org=org),
        "lines": lines,
        "totals": totals,
        "months": range(1, 13),
        "contests": list(selectors.contest_list(user=request.user, org=org, year=year)[:20]),
    }
    return render(request, "talent/reports.html", context)


# --- drills


@login_required
def drills(request):
    org = _org(request, "drill")
    kind = request.GET.get("kind", "") if request.GET.get("kind") in Drill.Kind.values else ""
    year = _year(request)
    rows = selectors.drill_list(user=request.user, org=org, kind=kind, year=year)
    page = paginate(request, rows)
    context = {
        "org": org,
        "page": page,
        "kind": kind,
        "kinds": Drill.Kind.choices,
        "year": year,
        "total": page.paginator.count,
        "can_add": can_anywhere(request.user, "drill", ADD),
        # a team leader records sessions but has no import grant (the import page would answer 403)
        "can_import": can_anywhere(request.user, "drill", IMPORT) and can_anywhere(request.user, "import", ADD),
    }
    return render(request, "talent/drills.html", context)


@login_required
def drill_create(request):
    require_anywhere(request.user, "drill", ADD)
    kind = request.GET.get("kind") if request.GET.get("kind") in Drill.Kind.values else Drill.Kind.DRILL
    form = forms.DrillForm(
        request.POST or None, user=request.user, initial={"held_on": timezone.localdate(), "kind": kind}
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            drill = services.drill_save(actor=request.user, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:drill", pk=drill.pk)
    return _form_page(request, form, _("Record a drill or lecture"))


@login_required
def drill(request, pk: int):
    """A session with its attendance; who may change it ticks who came and enters scores (375 px first)."""
    found = selectors.drill_detail(user=request.user, pk=pk)
    may_change = can_at(request.user, "drill", CHANGE, found.org)
    recorded = {a.person_id: a for a in found.attendance.all()}
    candidates = selectors.drill_candidates(user=request.user, drill=found) if may_change else []
    rows = [{"person": p, "row": recorded.get(p.pk)} for p in candidates]
    known = {p.pk for p in candidates}
    rows += [{"person": a.person, "row": a} for a in found.attendance.all() if a.person_id not in known]
    context = {
        "drill": found,
        "may_change": may_change,
        "rows": rows if may_change else [{"person": a.person, "row": a} for a in found.attendance.all()],
        "held": found.held_on <= timezone.localdate(),
        "present": sum(1 for a in found.attendance.all() if a.present),
    }
    return render(request, "talent/drill.html", context)


@login_required
@require_POST
def drill_attendance(request, pk: int):
    found = selectors.drill_detail(user=request.user, pk=pk)
    if not can_at(request.user, "drill", CHANGE, found.org):
        raise PermissionDenied
    candidates = {p.pk: p for p in selectors.drill_candidates(user=request.user, drill=found)}
    candidates.update({a.person_id: a.person for a in found.attendance.all()})
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    listed = {int(v) for v in request.POST.getlist("listed") if v.isdigit()}
    rows, bad = [], False
    for person_id in sorted(listed & set(candidates)):
        text = request.POST.get(f"score_{person_id}", "").strip()
        try:
            score = Decimal(text) if text else None
        except InvalidOperation:
            score, bad = None, True
        rows.append((candidates[person_id], person_id in present, score))
    if bad:
        messages.error(request, _("A score is a number from 0 to 100."))
        return redirect("talent:drill", pk=found.pk)
    with refusal_as_message(request) as refused:
        n = services.drill_attendance_save(actor=request.user, drill=found, rows=rows)
    if not refused:
        messages.success(request, _("Attendance saved (%(n)s changed).") % {"n": n})
    return redirect("talent:drill", pk=found.pk)


@login_required
def drill_edit(request, pk: int):
    found = selectors.drill_detail(user=request.user, pk=pk)
    if not can_at(request.user, "drill", CHANGE, found.org):
        raise PermissionDenied
    initial = {k: getattr(found, k) for k in ("kind", "topic", "held_on", "scored_by")}
    initial.update(org=found.org_id, unit=found.unit_id, trainer=found.trainer.employee_no if found.trainer_id else "")
    form = forms.DrillForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.drill_save(actor=request.user, obj=found, **form.service_args())
        if not refused:
            _saved(request)
            return redirect("talent:drill", pk=found.pk)
    extra = {
        "retire_url": reverse("talent:drill_delete", args=[found.pk]),
        "retire_label": _("Delete (recorded by mistake)"),
    }
    return _form_page(request, form, _("Change: %(name)s") % {"name": found.topic}, extra=extra)


@login_required
@require_POST
def drill_delete(request, pk: int):
    found = selectors.drill_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.drill_delete(actor=request.user, drill=found)
    if refused:
        return redirect("talent:drill", pk=found.pk)
    messages.success(request, _("The session is deleted."))
    return redirect("talent:drills")


# --- a person's record


@login_required
def mine(request):
    if not getattr(request.user, "person_id", None):
        raise PermissionDenied  # an account without a person on the roll has no record of its own
    return record(request, pk=request.user.person_id)


@login_required
def record(request, pk: int):
    person = selectors.record_person(user=request.user, pk=pk)
    own = person.pk == getattr(request.user, "person_id", None)
    context = {
        "person": person,
        **selectors.record(person=person),
        "points": selectors.drill_points(user=request.user, person=person),
        # "my points" only for one who has a ledger (a non-member employee's /points/ answers 403)
        "my_points": own and points_selectors.has_ledger(user=request.user),
    }
    return render(request, "talent/record.html", context)


# --- exports

EXPORTS = {
    "pool": (
        "talent",
        lambda user, org: selectors.pool_list(user=user, org=org),
        [
            (_("pool"), lambda m: m.get_pool_display()),
            (_("talent class"), lambda m: m.get_talent_class_display()),
            (_("employee number"), lambda m: m.person.employee_no),
            (_("name"), lambda m: m.person.name),
            (_("party org"), lambda m: m.org.name),
            (_("specialty"), lambda m: m.specialty),
            (_("joined on"), lambda m: m.joined_on),
        ],
    ),
    "plans": (
        "talent",
        lambda user, org: selectors.plan_list(user=user, org=org),
        [
            (_("trainee"), lambda p: p.trainee.name),
            (_("mentor"), lambda p: p.mentor.name),
            (_("post aimed at"), lambda p: p.target.post if p.target_id else ""),
            (_("from"), lambda p: p.starts_on),
            (_("until"), lambda p: p.ends_on),
            (_("status"), lambda p: p.get_status_display()),
            (_("total score"), lambda p: p.total),
            (_("result"), lambda p: p.get_result_display()),
        ],
    ),
    "contests": (
        "talent",
        lambda user, org: selectors.contest_list(user=user, org=org),
        [
            (_("contest"), lambda c: c.contest),
            (_("level"), lambda c: c.get_level_display()),
            (_("date"), lambda c: c.held_on),
            (_("employee number"), lambda c: c.person.employee_no),
            (_("name"), lambda c: c.person.name),
            (_("rank"), lambda c: c.rank),
            (_("award"), lambda c: c.award),
        ],
    ),
    "drills": (
        "drill",
        lambda user, org: selectors.drill_list(user=user, org=org),
        [
            (_("date"), lambda d: d.held_on),
            (_("kind"), lambda d: d.get_kind_display()),
            (_("topic"), lambda d: d.topic),
            (_("team"), lambda d: d.unit.name if d.unit_id else ""),
            (_("party org"), lambda d: d.org.name),
            (_("trainer"), lambda d: d.trainer.name if d.trainer_id else ""),
            (_("present"), lambda d: d.present),
        ],
    ),
}


@login_required
def export(request, what: str):
    if what not in EXPORTS:
        raise Http404
    resource, rows, columns = EXPORTS[what]
    require_anywhere(request.user, resource, EXPORT)
    org = selectors.visible_org(user=request.user, code=request.GET.get("org"), resource=resource)
    if not can_at(request.user, resource, EXPORT, org):
        raise PermissionDenied
    return columns_export(rows(request.user, org), [(str(h), g) for h, g in columns], f"{what}.xlsx", what)
