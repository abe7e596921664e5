"""Pages for the people who send requests and those who handle them: send, my requests, the private link, a
request's page with its steps, its files, and the handler's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import paginate, refusal_on
from dangjian.service import lifecycle, notices, selectors, services
from dangjian.service.forms import FilterForm, SubmitForm, TransitionForm
from dangjian.service.views.common import require_business


@login_required
def request_submit(request):
    """Send a concern (phone-first): to the branch, or straight to the company leaders (必达)."""
    user = request.user
    if not services.can_submit(user):
        raise PermissionDenied
    form = SubmitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with refusal_on(form) as refused:
                created = services.request_submit(actor=user, **form.cleaned_data)
            if refused:
                status = refused.status
            else:
                messages.success(
                    request, _("Sent as %(number)s. Keep the private link to follow it.") % {"number": created.number}
                )
                return redirect("service:detail", pk=created.pk)
    return render(request, "service/submit.html", {"form": form}, status=status)


@login_required
def my_requests(request):
    """The requests the user sent, with their status and deadlines."""
    user = request.user
    require_business(user)
    form = FilterForm(request.GET or None)
    page = paginate(request, selectors.my_requests(user=user, filters=form.filters()))
    context = {"form": form, "page": page, "today": timezone.localdate(), "can_submit": services.can_submit(user)}
    return render(request, "service/mine.html", context)


@login_required
@kept_page
def handler_queue(request):
    """The open requests the user handles or manages, soonest resolve deadline first, with breaches flagged. With
    `scope=all`, every request the user may see (a leader's or the office's whole scope, read-only where they do not
    handle): the lists the cockpit's "open" and "past a deadline" counts open."""
    user = request.user
    require_business(user)
    everything = request.GET.get("scope") == "all"
    form = FilterForm(request.GET or None, initial={"state": "open"})
    filters = form.filters(default_state="open")
    if everything:
        rows = selectors.request_list(user=user, filters=filters).order_by("resolve_due", "pk")
    else:
        rows = selectors.queue(user=user, filters=filters)
    page = paginate(request, rows)
    context = {"form": form, "page": page, "today": timezone.localdate(), "everything": everything}
    return render(request, "service/queue.html", context)


def _steps(req, user) -> list[dict]:
    """A request's history as the viewer may see it: the submitter's own steps are not named on an anonymous one."""
    show = selectors.shows_submitter(req, user)
    rows = []
    for step in req.transitions.all():
        if step.by_submitter:
            who = selectors.submitter_label(req, user) if show else _("Submitter")
        else:
            who = step.actor.display_name if step.actor_id else _("System")
        rows.append(
            {
                "label": lifecycle.STEP_LABELS.get(step.action, step.action),
                "who": who,
                "at": step.at,
                "comment": step.comment,
                "state": step.to_state,
            }
        )
    return rows


def _page(request, req, *, via_token: bool = False, status: int = 200, form=None, refusal: str = ""):
    user = request.user
    actions = [
        (action, lifecycle.ACTIONS[action], lifecycle.STYLES.get(action, "primary"))
        for action in lifecycle.allowed_actions(user, req)
    ]
    needs = set()
    for action, _label, _style in actions:
        needs |= lifecycle.TABLE[(req.state, action)].needs
    context = {
        "req": req,
        "submitter": selectors.submitter_label(req, user),
        "steps": _steps(req, user),
        "attachments": req.attachments.all(),
        "actions": actions,
        "needs": needs,
        "form": form or (TransitionForm(user=user, request=req) if actions else None),
        "refusal": refusal,
        "today": timezone.localdate(),
        "via_token": via_token,
        "is_submitter": selectors.shows_submitter(req, user) and user.person_id == req.submitter_id,
    }
    return render(request, "service/detail.html", context, status=status)


def _detail(request, pk: int):
    return selectors.request_detail(user=request.user, pk=pk)


@login_required
def request_detail(request, pk: int):
    """A request's page: what was asked, where it stands, its deadlines, its history and the steps the user may take."""
    require_business(request.user)
    req = _detail(request, pk)
    notices.mark_read(user=request.user, request=req)
    return _page(request, req)


@login_required
def request_track(request, token: str):
    """The private link: the submitter follows their request with it (it names nobody the viewer may not see)."""
    require_business(request.user)
    req = selectors.request_by_token(user=request.user, token=token)
    return _page(request, req, via_token=True)


@login_required
@require_POST
def request_transition(request, pk: int):
    """One step from the page's buttons; a refusal comes back on the page with its status, the comment kept."""
    user = request.user
    require_business(user)
    req = _detail(request, pk)
    form = TransitionForm(request.POST, user=user, request=req)
    if not form.is_valid():
        return _page(request, req, status=400, form=form)
    action = form.cleaned_data["action"]
    with refusal_on(form) as refused:
        services.request_transition(actor=user, request=req, action=action, **form.service_fields())
    if refused:
        return _page(request, _detail(request, pk), status=refused.status, form=form, refusal=refused.message)
    messages.success(request, _("Done: %(step)s.") % {"step": lifecycle.ACTIONS.get(action, action)})
    return redirect("service:detail", pk=pk)


@login_required
def attachment(request, pk: int, attachment_pk: int):
    """A request's file, to whoever may see the request (files are not served from a public folder), under its
    generic name."""
    require_business(request.user)
    req = selectors.request_detail(user=request.user, pk=pk)
    found = next((a for a in req.attachments.all() if a.pk == attachment_pk), None)
    if found is None or not found.file:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
