"""Meeting pages: the list, record a meeting (choose org and type, then the form with the roster), the record with
its attendance, actions and attachments, change it, print it. Thin: rules live in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.capabilities import capability_modules
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.meetings import selectors, services
from dangjian.meetings.forms import AttachmentForm, ChooseForm, DoneForm, MeetingForm, initial_for
from dangjian.meetings.models import MeetingType
from dangjian.meetings.services.attendance import quorum
from dangjian.org.models import PartyOrg


def _people_for(org: PartyOrg):
    """Who can host, record, lecture or own an action: the party members of the branch (a group's branch)."""
    branch = org.parent if org.kind == PartyOrg.Kind.GROUP else org
    return services.roster(org=branch, meeting_type=MeetingType.THEMED_DAY)


@login_required
@kept_page
def meeting_list(request):
    """The meetings the user may see, newest first, filtered by org, type and year."""
    user = request.user
    require_anywhere(user, "meeting", "view")
    year = request.GET.get("year", "")
    filters = selectors.MeetingFilters(
        org=request.GET.get("org", "")[:40],
        meeting_type=request.GET.get("type", "") if request.GET.get("type") in MeetingType.values else "",
        year=int(year) if year.isdigit() and 1990 < int(year) < 2200 else None,
    )
    page = paginate(request, selectors.meeting_list(user=user, filters=filters))
    context = {
        "page": page,
        "filters": filters,
        "types": MeetingType.choices,
        "can_add": can_anywhere(user, "meeting", "add"),
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_create(request):
    """Step 1 chooses the org and type (GET); step 2 is the form with that roster; POST records the meeting."""
    user = request.user
    require_anywhere(user, "meeting", "add")
    orgs = selectors.writable_orgs(user=user)
    choose = ChooseForm(request.GET or None, orgs=orgs)
    if not choose.is_valid():
        return render(request, "meetings/meeting_choose.html", {"choose": choose})
    org = next(o for o in orgs if o.code == choose.cleaned_data["org"])
    meeting_type = choose.cleaned_data["meeting_type"]
    roster = services.roster(org=org, meeting_type=meeting_type)
    people = _people_for(org)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, roster=roster, people=people)
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                meeting = services.meeting_record(
                    actor=user,
                    org=org,
                    meeting_type=meeting_type,
                    held_on=form.cleaned_data["held_on"],
                    counts_for=form.cleaned_data["counts_for"],
                    attendance=form.marks(),
                    follow_ups=form.actions(),
                    **form.meeting_fields(),
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Meeting recorded."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(roster=roster, people=people)
    context = {"form": form, "org": org, "meeting_type": MeetingType(meeting_type), "choose": choose}
    return render(request, "meetings/meeting_form.html", context, status=status)


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    rows = list(meeting.attendance.all())
    present, voting, ok = quorum(rows)
    may_change = can_at(user, "meeting", "change", meeting.org)
    context = {
        "meeting": meeting,
        "rows": rows,
        "counts": {s: sum(1 for r in rows if r.status == s) for s in ("present", "leave", "absent")},
        "quorum": {"present": present, "voting": voting, "ok": ok},
        "checks": selectors.checklist_rows(meeting),
        "may_change": may_change,
        "may_delete": can_at(user, "meeting", "delete", meeting.org),
        "attachment_form": AttachmentForm() if may_change else None,
        "done_form": DoneForm() if may_change else None,
        "late": meeting.counts_for != meeting.held_on,
    }
    # The other apps' sections, in app order (core/capabilities.py: `meeting_sections.py`), e.g. the handbook's
    # procedure with the steps this meeting's data proves. A section that shows the procedure replaces the record's
    # own list of ticks (`procedure_shown`).
    slots = {"main": [], "side": []}
    for module in capability_modules("meeting_sections"):
        for slot, template, data in module.meeting_sections(request, meeting):
            slots[slot].append(template)
            context.update(data)
    context["main_sections"], context["side_sections"] = slots["main"], slots["side"]
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    if not can_at(user, "meeting", "change", meeting.org):
        raise PermissionDenied
    roster_ids = {r.person_id for r in meeting.attendance.all()}
    roster = [r.person for r in meeting.attendance.all()]
    # Someone who joined the roster since keeps appearing: the form covers the current roster and the recorded one.
    roster += [p for p in services.roster(org=meeting.org, meeting_type=meeting.meeting_type, on=meeting.held_on)
               if p.pk not in roster_ids]  # fmt: skip
    people = _people_for(meeting.org)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, roster=roster, people=people)
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                services.meeting_update(
                    actor=user,
                    meeting=meeting,
                    held_on=form.cleaned_data["held_on"],
                    counts_for=form.cleaned_data["counts_for"] or form.cleaned_data["held_on"],
                    attendance=[m for m in form.marks() if m.person.pk in roster_ids or m.status != "absent"],
                    follow_ups=form.actions(),
                    **form.meeting_fields(),
                )
            if refused:
                status = refused.status
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(initial=initial_for(meeting), roster=roster, people=people)
    context = {"form": form, "org": meeting.org, "meeting_type": MeetingType(meeting.meeting_type), "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context, status=status)


@login_required
def meeting_pdf(request, pk: int):
    """The printable A4 record (会议记录)."""
    from dangjian.meetings.pdf import meeting_pdf as render_record

    meeting = selectors.meeting_get(user=request.user, pk=pk)
    response = HttpResponse(render_record(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.pdf"'
    return response


@login_required
@require_POST
def attachment_add(request, pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    if not can_at(user, "meeting", "change", meeting.org):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        with refusal_as_message(request) as refused:
            services.attachment_add(actor=user, meeting=meeting, upload=form.cleaned_data["file"])
        if not refused:
            messages.success(request, _("File attached."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    attachment = next((a for a in meeting.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def follow_up_done(request, pk: int, action_pk: int):
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    if not can_at(user, "meeting", "change", meeting.org):
        raise PermissionDenied
    action = next((a for a in meeting.follow_ups.all() if a.pk == action_pk), None)
    if action is None:
        raise Http404
    form = DoneForm(request.POST)
    if form.is_valid():
        with refusal_as_message(request):
            services.follow_up_done(actor=user, follow_up=action, done_on=form.cleaned_data["done_on"])
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_delete(request, pk: int):
    """Delete a meeting recorded by mistake (wrong org or type): 党群工作部 only; the audit row keeps what it was."""
    user = request.user
    meeting = selectors.meeting_get(user=user, pk=pk)
    services.meeting_delete(actor=user, meeting=meeting)  # who may delete is the service's rule: 403 otherwise
    messages.success(request, _("Meeting deleted."))
    return redirect("meetings:list")
