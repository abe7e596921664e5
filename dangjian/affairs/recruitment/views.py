"""Recruitment pages: the pipeline board per stage, a person's file (record the next step, extend probation, stop),
opening a file, the plans (计划 vs 实际), the steps with the company's sub-steps, the export and the A4 documents."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.affairs.recruitment import pdf, selectors, services, steps
from dangjian.affairs.recruitment.forms import ExtendForm, LocalStepForm, OpenForm, PlanForm, StepForm, StopForm
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere
from dangjian.org import tenancy


def _org(request):
    require_anywhere(request.user, "recruitment", VIEW)
    return selectors.visible_org(user=request.user, code=request.GET.get("org"))


@login_required
def board(request):
    """The pipeline: open files under the org, one column per stage, overdue first."""
    org = _org(request)
    stages = selectors.board(user=request.user, org=org)
    context = {
        "org": org,
        "columns": [(n, steps.STAGES[n], stages[n]) for n in steps.STAGES],
        "total": sum(len(v) for v in stages.values()),
        "overdue": sum(1 for v in stages.values() for _d, p in v if p.overdue),
        "can_add": can_anywhere(request.user, "recruitment", ADD),
        "can_export": can_anywhere(request.user, "recruitment", EXPORT),
    }
    return render(request, "recruitment/board.html", context)


@login_required
def file_open(request):
    require_anywhere(request.user, "recruitment", ADD)
    # No date prefilled: an empty one takes the application date the roll already holds (entered once), a typed one
    # wins; the service asks for it only when neither exists.
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            selectors.applicant_choices(user=request.user).filter(employee_no=form.cleaned_data["employee_no"]).first()
        )
        if person is None:
            form.add_error(
                "employee_no",
                _("No one on the roll you may see has this number, or they have an open file or are full members."),
            )
        else:
            with refusal_on(form) as refused:
                dossier = services.dossier_open(
                    actor=request.user,
                    person=person,
                    applied_on=form.cleaned_data["applied_on"],
                    note=form.cleaned_data["note"],
                )
            if not refused:
                messages.success(request, _("File opened."))
                return redirect("recruitment:file", pk=dossier.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/open.html", {"form": form}, status=status)


def _step_args(request, dossier, form) -> dict:
    data = form.cleaned_data
    choice = data["step"]
    args = {"step": choice, "done_on": data.get("done_on"), "note": data["note"]}
    if choice.startswith("local:"):
        local = selectors.local_step_of(dossier=dossier, pk=int(choice.split(":")[1]))
        args.update(step=local.after, local_step=local)
    if data.get("meeting"):
        args["meeting"] = selectors.meeting_for(user=request.user, dossier=dossier, pk=data["meeting"])
    for name in ("votes_for", "votes_against", "abstentions", "training_days", "training_hours"):
        if data.get(name) is not None:
            args[name] = data[name]
    numbers = [data.get("introducer_1"), data.get("introducer_2")]
    if any(numbers):
        chosen = {
            p.employee_no: p
            for p in selectors.introducer_choices(user=request.user, dossier=dossier).filter(
                employee_no__in=[n for n in numbers if n]
            )
        }
        missing = [n for n in numbers if n and n not in chosen]
        if missing:
            form.add_error("introducer_1", _("Not a full member you may see: %(n)s") % {"n": "、".join(missing)})
            return {}
        args["introducers"] = [chosen[n] for n in numbers if n]
        args["relations"] = [data.get("relation_1") or "", data.get("relation_2") or ""]
    return args


@login_required
def file(request, pk: int):
    """A person's file: the steps done, what is due, the warnings, and (for whoever runs it) the next step's form."""
    dossier = selectors.file_get(user=request.user, pk=pk)
    records = list(dossier.records.all())
    local = selectors.local_steps(company_id=tenancy.company_pk(dossier.org))
    slots = selectors.slots_of(local)
    progress = selectors.progress(dossier, records, slots, timezone.localdate())
    may_branch = can_at(request.user, "recruitment", CHANGE, dossier.org)
    may_higher = can_at(request.user, "recruitment", CHANGE, services.committee_above(dossier.org))
    can_change = may_branch or may_higher

    def mine(definition, lo) -> bool:
        """The user records this step: the higher committee's steps need the grant above the branch."""
        return may_higher if (lo.actor if lo else definition.actor) in steps.HIGHER else may_branch

    open_ = dossier.state == dossier.State.OPEN
    # The next step is someone else's (the branch waits for the higher committee, or the reverse): say who takes it
    # instead of offering a form every entry of which would be refused for the order.
    elsewhere = progress.next if open_ and can_change and progress.next and not mine(*progress.next) else None
    form = None
    status = 200
    if open_ and can_change and not elsewhere:
        initial = {}
        if progress.next:
            definition, lo = progress.next
            initial["step"] = f"local:{lo.pk}" if lo else definition.code
        chosen = request.POST.get("step") or initial.get("step") or ""
        form = StepForm(
            request.POST or None,
            initial=initial,
            slots=[(d, lo) for d, lo in slots if mine(d, lo)],
            meetings=selectors.assemblies(user=request.user, dossier=dossier),
            # the fields of the step being recorded (a sub-step takes only the date and the note)
            step=steps.BY_CODE.get(chosen) or steps.step("talk"),
        )
        if request.method == "POST":
            if form.is_valid():
                args = _step_args(request, dossier, form)
                if args:
                    with refusal_on(form) as refused:
                        services.step_record(actor=request.user, dossier=dossier, **args)
                    if not refused:
                        messages.success(request, _("Step recorded."))
                        return redirect("recruitment:file", pk=dossier.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "elsewhere": elsewhere,
        "dossier": dossier,
        "person": dossier.person,
        "records": records,
        "progress": progress,
        "form": form,
        "can_change": can_change and open_,
        "stop_form": StopForm() if can_change and open_ else None,
        "extend_form": ExtendForm()
        if can_change and open_ and not dossier.extension_months and on_probation(records)
        else None,
        "stages": steps.STAGES,
        "slots": [
            (d, lo, any(r.step == d.code and r.local_step_id == (lo.pk if lo else None) for r in records))
            for d, lo in slots
        ],
    }
    return render(request, "recruitment/file.html", context, status=status)


def on_probation(records) -> bool:
    """Approved as a probationary member and the conversion not voted on yet: probation may be extended."""
    done = {r.step for r in records if r.local_step_id is None}
    return "approval" in done and "conversion_vote" not in done


@login_required
@require_POST
def file_stop(request, pk: int):
    dossier = selectors.file_get(user=request.user, pk=pk)
    if not can_at(request.user, "recruitment", CHANGE, dossier.org):
        raise PermissionDenied
    form = StopForm(request.POST)
    with refusal_as_message(request):
        if not form.is_valid():
            messages.error(request, _("Give the date and the reason."))
        else:
            services.dossier_stop(actor=request.user, dossier=dossier, **form.cleaned_data)
            messages.success(request, _("The file is closed."))
    return redirect("recruitment:file", pk=dossier.pk)


@login_required
@require_POST
def file_extend(request, pk: int):
    dossier = selectors.file_get(user=request.user, pk=pk)
    if not can_at(request.user, "recruitment", CHANGE, dossier.org):
        raise PermissionDenied
    form = ExtendForm(request.POST)
    with refusal_as_message(request):
        if not form.is_valid():
            messages.error(request, _("Probation is extended by 6 to 12 months, with the date and the reason."))
        else:
            services.probation_extend(actor=request.user, dossier=dossier, **form.cleaned_data)
            messages.success(request, _("Probation extended."))
    return redirect("recruitment:file", pk=dossier.pk)


@login_required
def file_pdf(request, pk: int, doc: str):
    """志愿书-style summary, 公示 notice or approval letter of a file, as an A4 PDF."""
    if doc not in pdf.DOCUMENTS:
        raise Http404
    dossier = selectors.file_get(user=request.user, pk=pk)
    data = pdf.document(dossier, doc)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="recruitment-{dossier.pk}-{doc}.pdf"'
    return response


@login_required
def plans(request):
    """Each org's plan for the year against the admissions recorded; the form sets a plan."""
    org = _org(request)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    orgs = [o for o in selectors.plan_orgs(user=request.user, org=org) if can_at(request.user, "recruitment", ADD, o)]
    form = PlanForm(request.POST or None, orgs=orgs, initial={"year": year, "org": org.code}) if orgs else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            target = next(o for o in orgs if o.code == form.cleaned_data["org"])
            with refusal_on(form) as refused:
                services.plan_save(
                    actor=request.user,
                    org=target,
                    year=form.cleaned_data["year"],
                    planned=form.cleaned_data["planned"],
                    note=form.cleaned_data["note"],
                )
            if not refused:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?org={org.code}&year={form.cleaned_data['year']}")
        status = 400
    rows = selectors.plans(user=request.user, org=org, year=year)
    context = {"org": org, "year": year, "rows": rows, "form": form, "years": range(year - 3, year + 2)}
    return render(request, "recruitment/plans.html", context, status=status)


@login_required
def catalogue(request):
    """The 25 national steps in their stages, and the company's own sub-steps (党群工作部 adds and retires them)."""
    org = _org(request)
    root = selectors.company_root(org=org)
    local = selectors.local_steps(company_id=root.pk, active_only=False) if root else []
    may = root is not None and can_at(request.user, "recruitment", CHANGE, root)
    form = LocalStepForm(request.POST or None) if may else None
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        retire = request.POST.get("retire")
        if retire:
            found = next((s for s in local if str(s.pk) == retire), None)
            if found is None:
                raise Http404
            with refusal_as_message(request):
                services.local_step_save(
                    actor=request.user,
                    company=root,
                    obj=found,
                    after=found.after,
                    name=found.name,
                    actor_kind=found.actor,
                    record=found.record,
                    active=not found.active,
                )
            return redirect(request.get_full_path())
        if form.is_valid():
            data = form.cleaned_data
            with refusal_on(form) as refused:
                services.local_step_save(
                    actor=request.user,
                    company=root,
                    after=data["after"],
                    name=data["name"],
                    actor_kind=data["actor"],
                    record=data["record"],
                )
            if not refused:
                messages.success(request, _("Saved."))
                return redirect(request.get_full_path())
        status = 400
    by_step = {}
    for item in local:
        by_step.setdefault(item.after, []).append(item)
    rows = [(d, by_step.get(d.code, [])) for d in steps.NATIONAL]
    context = {"org": org, "rows": rows, "stages": steps.STAGES, "form": form}
    return render(request, "recruitment/steps.html", context, status=status)


@login_required
def export(request):
    """The open files in scope as .xlsx: person, branch, stage, next step, first due date, overdue."""
    require_anywhere(request.user, "recruitment", EXPORT)
    org = selectors.visible_org(user=request.user, code=request.GET.get("org"))
    rows = selectors.with_progress(selectors.files(user=request.user, org=org, action=EXPORT)[: selectors.MAX_FILES])
    services.export_audit(actor=request.user, rows=len(rows))
    headers = [
        _("employee number"),
        _("name"),
        _("branch"),
        _("applied"),
        _("stage"),
        _("next step"),
        _("due"),
        _("overdue"),
    ]
    data = []
    for dossier, prog in rows:
        due = prog.first_due
        data.append(
            [
                dossier.person.employee_no,
                dossier.person.name,
                dossier.org.name,
                dossier.opened_on,
                str(steps.STAGES[prog.stage]),
                prog.next_label,
                due.on if due else None,
                prog.overdue,
            ]
        )
    return xlsx_response(f"recruitment-{dt.date.today():%Y%m%d}.xlsx", headers, data, sheet_title=_("Recruitment"))
