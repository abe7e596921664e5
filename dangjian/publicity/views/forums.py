"""Forum pages: the sessions of the two forums, a session with its presenters, the audience's vote and the ranking,
and the organiser's forms (session, presenters, opening and closing the vote) and the ranking's export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.publicity import results, selectors, services, workflow
from dangjian.publicity.forms import ForumForm, PresentationForm
from dangjian.publicity.models import ForumKind, ForumState


@login_required
def forums(request):
    user = request.user
    require_anywhere(user, "forum", VIEW)
    kind = request.GET.get("kind") if request.GET.get("kind") in ForumKind.values else None
    page = paginate(request, selectors.forum_list(user=user, kind=kind))
    context = {"page": page, "kind": kind, "kinds": ForumKind.choices, "can_add": can_anywhere(user, "forum", ADD)}
    return render(request, "publicity/forums.html", context)


@login_required
def forum_create(request):
    user = request.user
    require_anywhere(user, "forum", ADD)
    form = ForumForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            found = services.forum_save(actor=user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The session is saved. Add its presenters."))
            return redirect("publicity:forum", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "publicity/form.html", {"form": form, "title": _("New forum session")}, status=status)


@login_required
def forum(request, pk: int):
    """A session: presenters and their results, the vote (once per person) and the ranking."""
    user = request.user
    found = selectors.forum_detail(user=user, pk=pk)
    vote = selectors.own_vote(user=user, session=found)
    organiser = workflow.forum_organiser(user, found)
    context = {
        "session": found,
        "ranking": selectors.ranking(found),
        "vote": vote,
        "may_vote": found.state == ForumState.VOTING and vote is None and bool(user.person_id),
        "organiser": organiser and found.state != ForumState.CLOSED,
        "actions": [(a, workflow.FORUM_ACTIONS[a]) for a in workflow.forum_actions(user, found)],
        "can_export": can_at(user, "forum", EXPORT, found.org),
    }
    return render(request, "publicity/forum.html", context)


def _organised(request, pk: int):
    found = selectors.forum_detail(user=request.user, pk=pk)
    if not workflow.forum_organiser(request.user, found):
        raise PermissionDenied
    return found


@login_required
def forum_edit(request, pk: int):
    user = request.user
    found = _organised(request, pk)
    form = ForumForm(request.POST or None, user=user, instance=found)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.forum_save(actor=user, org=found.org, obj=found, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("publicity:forum", pk=pk)
        status = refused.status
    context = {"form": form, "title": _("Change: %(name)s") % {"name": found.title}}
    return render(request, "publicity/form.html", context, status=status)


@login_required
@require_POST
def forum_move(request, pk: int):
    found = _organised(request, pk)
    with refusal_as_message(request) as refused:
        services.forum_move(actor=request.user, session=found, action=request.POST.get("action", ""))
    if not refused:
        messages.success(request, _("Done."))
    return redirect("publicity:forum", pk=pk)


@login_required
def presentation_create(request, pk: int):
    user = request.user
    found = _organised(request, pk)
    form = PresentationForm(request.POST or None, user=user, session=found)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.presentation_save(actor=user, session=found, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The presenter is added."))
            return redirect("publicity:forum", pk=pk)
        status = refused.status
    context = {"form": form, "title": _("Add a presenter: %(name)s") % {"name": found.title}}
    return render(request, "publicity/form.html", context, status=status)


@login_required
def presentation_edit(request, pk: int, ppk: int):
    user = request.user
    found = _organised(request, pk)
    presentation = selectors.presentation_detail(session=found, pk=ppk)
    form = PresentationForm(request.POST or None, user=user, session=found, instance=presentation)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.presentation_save(actor=user, session=found, obj=presentation, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("publicity:forum", pk=pk)
        status = refused.status
    context = {
        "form": form,
        "title": _("Change: %(name)s") % {"name": presentation.title},
        "retire_url": reverse("publicity:presentation_remove", kwargs={"pk": pk, "ppk": ppk}),
        "retire_label": _("Take this presenter off the session"),
    }
    return render(request, "publicity/form.html", context, status=status)


@login_required
@require_POST
def presentation_remove(request, pk: int, ppk: int):
    found = _organised(request, pk)
    presentation = selectors.presentation_detail(session=found, pk=ppk)
    with refusal_as_message(request) as refused:
        services.presentation_remove(actor=request.user, presentation=presentation)
    if not refused:
        messages.success(request, _("The presenter is taken off the session."))
    return redirect("publicity:forum", pk=pk)


@login_required
@require_POST
def forum_vote(request, pk: int):
    """The signed-in person's one vote for the best presentation."""
    found = selectors.forum_detail(user=request.user, pk=pk)
    chosen = next((p for p in found.presentations.all() if str(p.pk) == request.POST.get("presentation")), None)
    with refusal_as_message(request) as refused:
        if chosen is None:
            from dangjian.core.errors import InvalidInput

            raise InvalidInput(_("Choose the presentation you vote for."))
        services.vote_cast(actor=request.user, session=found, presentation=chosen)
    if not refused:
        messages.success(request, _("Your vote is counted. Thank you."))
    return redirect("publicity:forum", pk=pk)


@login_required
def forum_export(request, pk: int):
    """The session's ranking as .xlsx (its organisers and those who may export forums there)."""
    user = request.user
    found = selectors.forum_detail(user=user, pk=pk)
    if not can_at(user, "forum", EXPORT, found.org):
        raise PermissionDenied
    rows = selectors.ranking(found)
    services.export_audit(actor=user, resource="forum", label=found.title, rows=len(rows), about=found.code)
    headers = [_("Rank"), _("Presenter"), _("Party organisation"), _("Title"), _("Result"), _("Votes")]
    data = [
        [
            r["rank"],
            r["presentation"].presenter.name,
            r["presentation"].presenter.branch.name,
            r["presentation"].title,
            results.label_of(r["presentation"]),
            r["votes"],
        ]
        for r in rows
    ]
    return xlsx_response(f"forum-{found.code}.xlsx", [str(h) for h in headers], data, _("Ranking"))
