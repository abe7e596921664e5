"""Index pages: the month's list with ranks (branch or member index), a value's breakdown down to the records, the
distribution and stability, a member's own index, the weights with their versions (a new version, retiring an unused
one) and the on-demand recomputation. Thin: parse, call a selector or service, render; writes are POST only."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core import months
from dangjian.core.errors import InvalidInput
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, CHANGE, DELETE, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on
from dangjian.indices import components, selectors, services
from dangjian.indices.forms import WeightsForm
from dangjian.indices.models import Kind


def _month(text: str | None, default: dt.date | None) -> dt.date | None:
    return months.parse(text or "") or default


def _list_context(request):
    user = request.user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=request.GET.get("org"))
    kind = selectors.parse_kind(request.GET.get("kind"))
    latest = selectors.latest_month(user=user, org=org, kind=kind)
    month = _month(request.GET.get("month"), latest or months.add_months(timezone.localdate(), -1))
    return org, kind, month


@login_required
def index_list(request):
    """The month's branch or member index under an org: rank, value, change from the previous month."""
    user = request.user
    org, kind, month = _list_context(request)
    company = selectors.company_of(org)
    context = {
        "org": org,
        "kind": kind,
        "kinds": Kind.choices,
        "month": month,
        "previous": months.add_months(month, -1),
        "next": months.add_months(month, 1),
        "rows": selectors.values_list(user=user, org=org, kind=kind, month=month),
        "can_recompute": can_at(user, "index", CHANGE, company),
        "can_export": can_at(user, "index", EXPORT, org),
        "this_month": months.first_of(timezone.localdate()),
    }
    return render(request, "indices/list.html", context)


@login_required
def export(request):
    user = request.user
    org, kind, month = _list_context(request)
    if not can_at(user, "index", EXPORT, org):
        raise PermissionDenied
    rows = selectors.values_list(user=user, org=org, kind=kind, month=month)
    codes = [c.code for c in components.of_kind(kind)]
    headers = [_("Rank"), _("Organisation"), _("Member"), _("Index"), _("Previous month"), _("Weight version")]
    normalised_word = _("normalised")
    headers += [f"{components.get(c).label} ({normalised_word})" for c in codes]
    table = []
    for r in rows:
        normalised = {p["code"]: p["normalised"] for p in r.components}
        table.append(
            [r.rank, r.org.name, r.person.name if r.person_id else "", r.value, r.previous, r.version.number]
            + [normalised.get(c) for c in codes]
        )
    return xlsx_response(f"indices-{kind}-{month:%Y-%m}.xlsx", headers, table, sheet_title=f"{month:%Y-%m}")


@login_required
@require_POST
def recompute(request):
    """Queue the computation of a month (or of this year's months so far) for the user's company."""
    user = request.user
    selectors.require_subtree(user, action=CHANGE)  # only who computes; the org in the body is looked up after
    org = selectors.visible_org(user=user, code=request.POST.get("org"))
    company = selectors.company_of(org)
    today = timezone.localdate()
    with refusal_as_message(request) as refused:
        if request.POST.get("year"):
            first, last = dt.date(today.year, 1, 1), months.first_of(today)
        else:
            first = last = _month(request.POST.get("month"), None)
            if first is None:
                raise InvalidInput(_("Enter a month."), errors={"month": [_("Enter a month.")]})
        done = services.recompute(actor=user, company=company, first=first, last=last)
    if not refused:
        messages.success(
            request,
            _("Computing %(n)s months (%(first)s–%(last)s) in the background.")
            % {"n": len(done), "first": f"{done[0]:%Y-%m}", "last": f"{done[-1]:%Y-%m}"},
        )
    kind = selectors.parse_kind(request.POST.get("kind"))
    month = request.POST.get("month") or f"{months.add_months(today, -1):%Y-%m}"
    return redirect(f"{reverse('indices:list')}?org={org.code}&kind={kind}&month={month}")


@login_required
def detail(request, pk: int):
    """One value's breakdown: each component's weight, raw and normalised value, what it contributed, how it was
    computed and the records behind it; the weight version used and the subject's last 12 months."""
    user = request.user
    value = selectors.value_detail(user=user, pk=pk)
    parts = selectors.breakdown(value)
    context = {
        "value": value,
        "parts": parts,
        "history": selectors.history(user=user, value=value),
        "sees_list": selectors.holds_subtree(user) and can_at(user, "index", VIEW, value.org),
    }
    return render(request, "indices/detail.html", context)


@login_required
def mine(request):
    """A member's own member index, month by month, each opening its breakdown."""
    user = request.user
    if not can_anywhere(user, "index", VIEW):  # one's own record counts here
        raise PermissionDenied
    rows = selectors.own_values(user=user)
    return render(request, "indices/mine.html", {"rows": rows})


@login_required
def distribution(request):
    """The month's histogram of an index and how stable it was over the last 12 months."""
    user = request.user
    org, kind, month = _list_context(request)
    data = selectors.distribution(user=user, org=org, kind=kind, month=month)
    context = {
        "org": org,
        "kind": kind,
        "kinds": Kind.choices,
        "month": month,
        "previous": months.add_months(month, -1),
        "next": months.add_months(month, 1),
        "rank_move": selectors.RANK_MOVE,
        "jumpy_mean": selectors.JUMPY_MEAN_CHANGE,
        "jumpy_share": int(selectors.JUMPY_SHARE * 100),
        "chart": {"labels": [b["label"] for b in data["buckets"]], "counts": [b["count"] for b in data["buckets"]]},
        **data,
    }
    return render(request, "indices/distribution.html", context)


def _weights_context(request, forms_by_kind=None):
    user = request.user
    selectors.require_subtree(user, "index_weights")
    company = selectors.weights_company(user=user, code=request.GET.get("org") or request.POST.get("org"))
    versions = selectors.weight_versions(user=user, company=company)
    today = timezone.localdate()
    blocks = []
    for kind, label in Kind.choices:
        mine = [v for v in versions if v.kind == kind]
        current = next((v for v in mine if v.valid_from <= months.first_of(today)), None)
        form = (forms_by_kind or {}).get(kind) or WeightsForm(
            kind=kind,
            initial_weights=(mine[0].weights if mine else None),
            initial={"valid_from": f"{dt.date(today.year, 1, 1) if not mine else months.first_of(today):%Y-%m}"},
        )
        blocks.append(
            {
                "kind": kind,
                "label": label,
                "versions": [(v, selectors.version_rows(v), v is current) for v in mine],
                "form": form,
                "components": components.of_kind(kind),
            }
        )
    return company, {
        "company": company,
        "blocks": blocks,
        "can_add": can_at(user, "index_weights", ADD, company),
        "can_retire": can_at(user, "index_weights", DELETE, company),
    }


@login_required
def weights(request):
    """The weights of both indices: every version (the one in force marked), and a form for a new version."""
    _company, context = _weights_context(request)
    return render(request, "indices/weights.html", context)


def _place(form):
    def place(form_, exc):
        errors = exc.errors if isinstance(exc.errors, dict) else {}
        placed = False
        for name, texts in errors.items():
            field = name if name in form_.fields else f"w_{name}" if f"w_{name}" in form_.fields else None
            for text in texts:
                form_.add_error(field, str(text))
                placed = True
        if not placed or "weights" in errors:
            form_.add_error(None, exc.message)

    return place


@login_required
@require_POST
def weights_set(request):
    """Save a new version of one index's weights."""
    user = request.user
    selectors.require_subtree(user, "index_weights")
    kind = selectors.parse_kind(request.POST.get("kind"))
    form = WeightsForm(request.POST, kind=kind)
    company = selectors.weights_company(user=user, code=request.POST.get("org"))
    if not can_at(user, "index_weights", ADD, company):
        raise PermissionDenied
    with refusal_on(form, place=_place(form)) as refused:
        valid_from = months.parse(request.POST.get("valid_from", ""))
        if valid_from is None:
            raise InvalidInput(_("Enter a month."), errors={"valid_from": [_("Enter a month.")]})
        version = services.weights_set(
            actor=user,
            company=company,
            kind=kind,
            valid_from=valid_from,
            weights=form.weights(),
            note=request.POST.get("note", ""),
        )
    if refused:
        _company, context = _weights_context(request, {kind: form})
        return render(request, "indices/weights.html", context, status=refused.status)
    messages.success(
        request,
        _("Version %(n)s saved; it applies from %(month)s. Recompute the months from then on to use it.")
        % {"n": version.number, "month": f"{version.valid_from:%Y-%m}"},
    )
    return redirect("indices:weights")


@login_required
@require_POST
def weights_retire(request, pk: int):
    """Retire a version no value was computed with."""
    version = selectors.version_get(user=request.user, pk=pk)
    if not can_at(request.user, "index_weights", DELETE, version.company):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.weights_retire(actor=request.user, version=version)
    if not refused:
        messages.success(request, _("The version was retired."))
    return redirect("indices:weights")
