"""Ledger pages: my points (with an appeal button on each entry), a claim or entry, the approval queue with its
decisions and corrections, appeals, and the rule catalogue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.errors import InvalidInput
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.points import selectors, services
from dangjian.points.forms import AppealForm, EntryForm, RuleForm
from dangjian.points.services.common import company_of


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year


@login_required
def mine(request):
    """The signed-in member's entries for a year, each with its reason and status, and an appeal button."""
    user = request.user
    if not selectors.has_ledger(user=user):
        raise PermissionDenied
    year = _year(request)
    entries = selectors.entries_list(user=user, mine=True).filter(occurred_on__year=year).prefetch_related("appeals")
    context = {
        "page": paginate(request, entries),
        "year": year,
        "summary": selectors.my_summary(user=user, year=year),
    }
    return render(request, "points/mine.html", context)


@login_required
def claim(request):
    """A member claims points for themselves (pending); a secretary may record for someone of the branch."""
    user = request.user
    records_for_others = can_anywhere(user, "points", ADD)
    if not records_for_others and not selectors.has_ledger(user=user):
        raise PermissionDenied
    rules = selectors.claimable_rules(user=user)
    form = EntryForm(request.POST or None, rules=rules, initial={"occurred_on": timezone.localdate()})
    if not records_for_others:
        del form.fields["employee_no"]
    if request.method == "POST" and form.is_valid():
        person = form.person(user.person if user.person_id else None) if records_for_others else user.person
        with refusal_on(form) as refused:
            if person is None:
                raise InvalidInput(_("No person with this employee number."), errors={"employee_no": [_("Not found.")]})
            data = form.cleaned_data
            services.entry_create(
                actor=user,
                person=person,
                rule=data["rule"],
                occurred_on=data["occurred_on"],
                reason=data["reason"],
                evidence=data["evidence"],
            )
        if not refused:
            messages.success(request, _("The entry is recorded."))
            return redirect("points:mine" if person.pk == user.person_id else "points:queue")
    status = 400 if request.method == "POST" else 200
    return render(request, "points/claim.html", {"form": form}, status=status)


@login_required
def appeal(request, pk: int):
    """Appeal one of one's own decided entries."""
    entry = selectors.own_entry(user=request.user, pk=pk)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.appeal_create(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        if not refused:
            messages.success(request, _("Your appeal is lodged; a reviewer will decide it."))
            return redirect("points:mine")
    status = 400 if request.method == "POST" else 200
    return render(request, "points/appeal.html", {"form": form, "entry": entry}, status=status)


@login_required
def queue(request):
    """Pending entries and open appeals the user may decide (never their own)."""
    user = request.user
    require_anywhere(user, "points", CHANGE)
    context = {
        "page": paginate(request, selectors.approval_queue(user=user)),
        "appeals": list(selectors.open_appeals(user=user)[:50]),
    }
    return render(request, "points/queue.html", context)


@login_required
@require_POST
def decide(request, pk: int):
    """Approve or reject a pending entry (POST decision=approve|reject, note). Who may decide is the services' rule
    (the points change grant over the person's branch, never one's own entry)."""
    entry = selectors.entry_detail(user=request.user, pk=pk)
    note = request.POST.get("note", "")
    decide_with = {"approve": services.entry_approve, "reject": services.entry_reject}.get(request.POST.get("decision"))
    with refusal_as_message(request) as refused:
        if decide_with is None:
            raise InvalidInput(_("Choose approve or reject."))
        decide_with(actor=request.user, entry=entry, note=note)
    if not refused:
        messages.success(request, _("The entry is decided."))
    return redirect("points:queue")


@login_required
@require_POST
def reverse_entry(request, pk: int):
    entry = selectors.entry_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.entry_reverse(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    if not refused:
        messages.success(request, _("A reversing entry is written."))
    return redirect("points:queue")


@login_required
@require_POST
def appeal_decide(request, pk: int):
    found = selectors.appeal_detail(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.appeal_decide(
            actor=request.user,
            appeal=found,
            uphold=request.POST.get("uphold") == "1",
            decision=request.POST.get("decision", ""),
        )
    if not refused:
        messages.success(request, _("The appeal is decided."))
    return redirect("points:queue")


@login_required
def rules(request):
    user = request.user
    require_anywhere(user, "points_rule", VIEW)
    context = {
        "today": timezone.localdate(),
        "rules": list(selectors.rules_list(user=user)[:300]),
        "can_add": can_anywhere(user, "points_rule", ADD),
        "can_change": can_anywhere(user, "points_rule", CHANGE),
    }
    return render(request, "points/rules.html", context)


@login_required
def rule_create(request):
    user = request.user
    require_anywhere(user, "points_rule", ADD)
    company = company_of(selectors.visible_org(user=user, code=None, resource="points_rule"))
    form = RuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with refusal_on(form) as refused:
            services.rule_create(actor=user, company=company, **data)
        if not refused:
            messages.success(request, _("The rule is added to the catalogue."))
            return redirect("points:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "points/rule_form.html", {"form": form, "company": company}, status=status)


@login_required
def rule_version(request, pk: int):
    """Change a rule from a date: a new version; the entries already written keep the version they were made under."""
    user = request.user
    rule = selectors.rule_get(user=user, pk=pk)
    if not can_at(user, "points_rule", CHANGE, rule.company):
        raise PermissionDenied
    fields = ("name", "description", "points", "cap", "cap_period", "evidence_required", "approval_required", "source")
    initial = {
        **{f: getattr(rule, f) for f in fields},
        "code": rule.code,
        "category": rule.category,
        "valid_from": timezone.localdate(),
    }
    form = RuleForm(request.POST or None, initial=initial)
    for locked in ("code", "category"):
        form.fields[locked].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        with refusal_on(form) as refused:
            services.rule_new_version(actor=user, rule=rule, valid_from=form.cleaned_data["valid_from"], **data)
        if not refused:
            messages.success(request, _("The new version of the rule is in the catalogue."))
            return redirect("points:rules")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "points/rule_form.html", {"form": form, "company": rule.company, "rule": rule}, status=status
    )


@login_required
@require_POST
def rule_retire(request, pk: int):
    """Retire a rule: its latest version holds up to the day given (POST last_day, YYYY-MM-DD)."""
    rule = selectors.rule_get(user=request.user, pk=pk)
    with refusal_as_message(request) as refused:
        services.rule_retire(actor=request.user, rule=rule, last_day=_day(request.POST.get("last_day")))
    if not refused:
        messages.success(request, _("The rule is retired from the day after."))
    return redirect("points:rules")


def _day(text: str | None):
    """A YYYY-MM-DD day from a form, or None when blank; a malformed one is refused with a sentence."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("Give the day as YYYY-MM-DD."), errors={"last_day": [_("Not a date.")]}) from None
