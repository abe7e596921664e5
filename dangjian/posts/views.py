"""Demonstration-post pages: counts per org, the four registers (add, change, end a post), who holds what, pairings
with check-ins, and open challenges (post, change, cancel; apply, change or withdraw one's application; appoint,
accept)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.posts import selectors, services
from dangjian.posts.forms import ApplicationForm, ChallengeForm, PostForm
from dangjian.posts.services import KINDS

TITLES = {
    "zones": _lazy("Responsibility zones"),
    "pioneers": _lazy("Pioneer posts"),
    "taskforces": _lazy("Task forces"),
    "pairings": _lazy("Pairings"),
}


def _org(request):
    require_anywhere(request.user, "post", VIEW)
    return selectors.visible_org(user=request.user, code=request.GET.get("org"))


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404
    return kind


@login_required
def registers(request):
    """How many zones, pioneer posts, task forces, pairings and challenges each org of the subtree has."""
    org = _org(request)
    table, totals = selectors.counts(user=request.user, org=org)
    context = {
        "org": org,
        "table": table,
        "totals": totals,
        "titles": TITLES,
        "can_add": can_anywhere(request.user, "post", ADD),
    }
    return render(request, "posts/registers.html", context)


@login_required
def register(request, kind: str):
    org = _org(request)
    kind = _kind(kind)
    page = paginate(request, selectors.register(user=request.user, kind=kind, org=org))
    context = {
        "org": org,
        "kind": kind,
        "title": TITLES[kind],
        "page": page,
        "titles": TITLES,
        "can_add": can_anywhere(request.user, "post", ADD),
        "changeable": {p.pk for p in page.object_list if can_at(request.user, "post", CHANGE, p.org)},
        "today": timezone.localdate(),
    }
    return render(request, "posts/register.html", context)


@login_required
def create(request, kind: str):
    kind = _kind(kind)
    require_anywhere(request.user, "post", ADD)
    form = PostForm(request.POST or None, kind=kind, user=request.user, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.post_save(actor=request.user, kind=kind, **form.service_args())
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("posts:register", kind=kind)
    status = 400 if request.method == "POST" else 200
    return render(request, "posts/form.html", {"form": form, "title": TITLES[kind]}, status=status)


@login_required
def edit(request, kind: str, pk: int):
    """Change a zone, pioneer post, task force or pairing (another org's: 404; one the user only reads: 403); the
    page also ends it."""
    kind = _kind(kind)
    found = selectors.post_detail(user=request.user, kind=kind, pk=pk)
    if not can_at(request.user, "post", CHANGE, found.org):
        raise PermissionDenied
    form = PostForm(request.POST or None, kind=kind, user=request.user, instance=found)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.post_save(actor=request.user, kind=kind, obj=found, **form.service_args())
        if not refused:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('posts:register', kwargs={'kind': kind})}?org={found.org.code}")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": _("Change: %(name)s") % {"name": found.name},
        "end_url": reverse("posts:end", kwargs={"kind": kind, "pk": found.pk}),
        "ended": found.ends_on is not None and found.ends_on <= timezone.localdate(),
        "today": timezone.localdate(),
    }
    return render(request, "posts/form.html", context, status=status)


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(_("Enter a valid date."), errors={"on": [_("Enter a valid date.")]}) from None


@login_required
@require_POST
def end(request, kind: str, pk: int):
    """End a post on the day given (default today); it stays on the register with its period."""
    kind = _kind(kind)
    found = selectors.post_detail(user=request.user, kind=kind, pk=pk)
    with refusal_as_message(request) as refused:
        services.post_end(actor=request.user, kind=kind, obj=found, on=_day(request.POST.get("on", "")))
    if not refused:
        messages.success(request, _("The post has ended."))
    return redirect(f"{reverse('posts:register', kwargs={'kind': kind})}?org={found.org.code}")


@login_required
def holders(request):
    """Who holds what: each person with their zones, pioneer posts, task forces and pairings."""
    org = _org(request)
    return render(
        request,
        "posts/holders.html",
        {"org": org, "rows": selectors.holders(user=request.user, org=org), "titles": TITLES},
    )


@login_required
def pairing(request, pk: int):
    """A pairing and its check-ins; either of the pair (or the branch) adds a check-in."""
    found = selectors.pairing_detail(user=request.user, pk=pk)
    user = request.user
    may_add = user.person_id in (found.member_id, found.colleague_id) or can_at(user, "post", CHANGE, found.org)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        with refusal_as_message(request) as refused:
            services.checkin_add(actor=user, pairing=found, on=timezone.localdate(), note=request.POST.get("note", ""))
        if not refused:
            messages.success(request, _("The check-in is recorded."))
        return redirect("posts:pairing", pk=pk)
    return render(request, "posts/pairing.html", {"pairing": found, "may_add": may_add})


@login_required
def challenges(request):
    require_anywhere(request.user, "post", VIEW)
    page = paginate(request, selectors.challenges(user=request.user))
    return render(request, "posts/challenges.html", {"page": page, "can_add": can_anywhere(request.user, "post", ADD)})


@login_required
def challenge_create(request):
    require_anywhere(request.user, "post", ADD)
    form = ChallengeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            found = services.challenge_create(actor=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("The challenge is posted."))
            return redirect("posts:challenge", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "posts/form.html", {"form": form, "title": _("Post a challenge")}, status=status)


@login_required
def challenge(request, pk: int):
    found = selectors.challenge_detail(user=request.user, pk=pk)
    own = next((a for a in found.applications.all() if a.applicant_id == request.user.person_id), None)
    context = {
        "challenge": found,
        "own": own if own and found.status == "open" and found.deadline >= timezone.localdate() else None,
        "can_change": can_at(request.user, "post", CHANGE, found.org),
        "can_apply": bool(request.user.person_id)
        and found.status == "open"
        and found.deadline >= timezone.localdate()
        and not any(a.applicant_id == request.user.person_id for a in found.applications.all()),
    }
    return render(request, "posts/challenge.html", context)


@login_required
def challenge_edit(request, pk: int):
    """Change what was posted while applications are open (the org's secretary or 党群工作部)."""
    found = selectors.challenge_detail(user=request.user, pk=pk)
    if not can_at(request.user, "post", CHANGE, found.org):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, user=request.user, instance=found)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.challenge_update(actor=request.user, challenge=found, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("posts:challenge", pk=pk)
        status = refused.status
    context = {"form": form, "title": _("Change: %(name)s") % {"name": found.title}}
    return render(request, "posts/form.html", context, status=status)


@login_required
@require_POST
def challenge_cancel(request, pk: int):
    return _act(request, pk, lambda c: services.challenge_cancel(actor=request.user, challenge=c))


@login_required
def application_edit(request, pk: int):
    """Change one's own application (team, members, plan) while applications are open; without one: 404."""
    found = selectors.challenge_detail(user=request.user, pk=pk)
    application = selectors.own_application(user=request.user, challenge=found)
    form = ApplicationForm(request.POST or None, user=request.user, instance=application)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.application_update(actor=request.user, challenge=found, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Your application is saved."))
            return redirect("posts:challenge", pk=pk)
        status = refused.status
    context = {
        "form": form,
        "title": _("My application: %(name)s") % {"name": found.title},
        "end_url": reverse("posts:application_withdraw", kwargs={"pk": pk}),
        "withdraw": True,
    }
    return render(request, "posts/form.html", context, status=status)


@login_required
@require_POST
def application_withdraw(request, pk: int):
    found = selectors.challenge_detail(user=request.user, pk=pk)
    selectors.own_application(user=request.user, challenge=found)
    with refusal_as_message(request) as refused:
        services.application_withdraw(actor=request.user, challenge=found)
    if not refused:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("posts:challenge", pk=pk)


def _act(request, pk: int, action):
    found = selectors.challenge_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        action(found)
    if not refused:
        messages.success(request, _("Done."))
    return redirect("posts:challenge", pk=pk)


@login_required
@require_POST
def challenge_apply(request, pk: int):
    numbers = [n.strip() for n in request.POST.get("members", "").splitlines() if n.strip()]
    members = selectors.people_by_employee_no(user=request.user, numbers=numbers)
    return _act(
        request,
        pk,
        lambda c: services.challenge_apply(
            actor=request.user,
            challenge=c,
            plan=request.POST.get("plan", ""),
            team_name=request.POST.get("team_name", ""),
            members=members,
        ),
    )


@login_required
@require_POST
def challenge_appoint(request, pk: int):
    def appoint(c):
        application = next((a for a in c.applications.all() if str(a.pk) == request.POST.get("application")), None)
        if not can_at(request.user, "post", CHANGE, c.org):
            raise PermissionDenied
        if application is None:
            raise InvalidInput(_("Choose an application to appoint."))
        services.challenge_appoint(actor=request.user, challenge=c, application=application)

    return _act(request, pk, appoint)


@login_required
@require_POST
def challenge_accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.challenge_accept(actor=request.user, challenge=c, result=request.POST.get("result", "")),
    )
