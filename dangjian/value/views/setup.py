"""The value catalogue on one page, for the company's party office (党群工作部): items with units of measure and
price versions, peer groups (对标组) and their items, enrolled teams — each form writes through one service; the
Excel imports and their templates for the same lists; and the year's winning teams with the rule used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.views.pages import refusal, refusal_as_message, require_anywhere
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg
from dangjian.value import selectors, services
from dangjian.value.models import Item
from dangjian.value.models.catalogue import Metric

ORG_CHOICES = 500
# The page's lists hold what the user may see, which can be more than the catalogues they keep (the office of one
# company holding another role elsewhere): a service's refusal of a row chosen from them (403, or 404 for a company
# that is not theirs) is shown on the page with its status, like the other refusals of the posted form.
CHOICES = (NotPermitted, NotFound)


def _office(user) -> list[PartyOrg]:
    """The companies whose catalogue the user keeps; PermissionDenied for anyone else."""
    roots = services.company_roots(user)
    if not roots:
        raise PermissionDenied(_("Only the party office of the whole company may change the accounting catalogue."))
    return roots


def _number(text: str, field: str, *, required: bool = True) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        if required:
            raise InvalidInput(_("Give a number."), errors={field: [_("Give a number.")]})
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(_("Give a number."), errors={field: [_("Not a number.")]}) from None
    if not number.is_finite():
        raise InvalidInput(_("Give a number."), errors={field: [_("Not a number.")]})
    return number


def _day(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise InvalidInput(_("Give a day as YYYY-MM-DD."), errors={field: [_("Not a day.")]}) from None


def _pick(queryset, value, field: str):
    found = queryset.filter(pk=value).first() if str(value or "").isdigit() else None
    if found is None:
        raise InvalidInput(_("Choose one from the list."), errors={field: [_("Choose one from the list.")]})
    return found


def _pick_root(roots: list[PartyOrg], value, field: str) -> PartyOrg:
    """One of the office's companies (already read), by the posted id."""
    found = next((root for root in roots if str(root.pk) == str(value)), None)
    if found is None:
        raise InvalidInput(_("Choose one from the list."), errors={field: [_("Choose one from the list.")]})
    return found


def _act(request, user, roots) -> str:
    """Run the posted form's service; the message to show when it worked."""
    post, form = request.POST, request.POST.get("form", "")
    items = selectors.item_list(user=user)
    groups = selectors.catalogue_groups(user=user)
    if form == "item":
        code = post.get("code", "").strip()
        existing = items.filter(code=code).first() if code else None
        fields = {
            "name": post.get("name", "").strip(),
            "unit_of_measure": post.get("unit_of_measure", "").strip(),
            "sort_order": int(post.get("sort_order") or 0) if (post.get("sort_order") or "0").isdigit() else 0,
        }
        if existing is not None:
            services.item_update(actor=user, item=existing, **fields)
            return _("%(item)s is changed.") % {"item": existing.name}
        org = _pick_root(roots, post.get("org") or roots[0].pk, "org")
        item = services.item_create(actor=user, code=code, kind=post.get("kind", ""), org=org, **fields)
        return _("%(item)s is added; give it a price from a day.") % {"item": item.name}
    if form in ("item_retire", "item_restore"):
        item = _pick(items, post.get("item"), "item")
        services.item_update(actor=user, item=item, active=form == "item_restore")
        return _("%(item)s is changed.") % {"item": item.name}
    if form == "price":
        item = _pick(items, post.get("item"), "price_item")
        day = _day(post.get("effective_from"), "effective_from")
        services.price_set(actor=user, item=item, effective_from=day, price=_number(post.get("price"), "price"))
        return _("%(item)s costs %(price)s 元 from %(day)s; the days before keep their price.") % {
            "item": item.name,
            "price": post.get("price"),
            "day": day.isoformat(),
        }
    if form == "group":
        org = _pick_root(roots, post.get("org") or roots[0].pk, "org")
        group = services.group_create(
            actor=user,
            code=post.get("code", "").strip(),
            name=post.get("name", "").strip(),
            org=org,
            metric=post.get("metric") or Metric.VALUE_PER_HOUR,
            top_points=post.get("top_points", "").strip() or "10,8,6",
            target_value_per_hour=_number(post.get("target_value_per_hour"), "target_value_per_hour", required=False),
        )
        return _("Peer group %(group)s is added; now give it its items.") % {"group": group.name}
    if form in ("group_retire", "group_restore"):
        group = _pick(groups, post.get("group"), "group")
        services.group_update(actor=user, group=group, active=form == "group_restore")
        return _("%(group)s is changed.") % {"group": group.name}
    if form == "group_item":
        group = _pick(groups, post.get("group"), "gi_group")
        item = _pick(items, post.get("item"), "gi_item")
        services.group_item_set(
            actor=user,
            group=group,
            item=item,
            target_per_hour=_number(post.get("target_per_hour"), "target_per_hour", required=False),
            sort_order=group.items.count(),
        )
        return _("%(group)s accounts for %(item)s.") % {"group": group.name, "item": item.name}
    if form == "group_item_remove":
        group = _pick(groups, post.get("group"), "gi_group")
        item = _pick(items, post.get("item"), "gi_item")
        services.group_item_remove(actor=user, group=group, item=item)
        return _("%(group)s no longer accounts for %(item)s.") % {"group": group.name, "item": item.name}
    if form == "enrol":
        unit = _pick(tenancy.units(user), post.get("unit"), "unit")
        group = _pick(groups, post.get("group"), "enrol_group")
        org = _pick(selectors.company_orgs(roots=roots), post.get("org"), "enrol_org")
        services.unit_enrol(actor=user, unit=unit, group=group, org=org)
        return _("%(unit)s is enrolled in %(group)s.") % {"unit": unit.name, "group": group.name}
    if form == "unit_retire":
        accounting = _pick(selectors.enrolment_list(user=user), post.get("accounting"), "accounting")
        services.unit_retire(actor=user, accounting=accounting)
        return _("%(unit)s no longer takes part.") % {"unit": accounting.unit.name}
    raise InvalidInput(_("Unknown form."))


@login_required
def setup(request):
    user = request.user
    roots = _office(user)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        with refusal(also=CHOICES) as refused:
            note = _act(request, user, roots)
        if not refused:
            messages.success(request, note)
            return redirect(reverse("value:setup") + "#" + request.POST.get("form", "").split("_")[0])
        messages.error(request, refused.message)
        errors = refused.error.errors if isinstance(refused.error.errors, dict) else {}
        status = refused.status
    items = list(selectors.item_list(user=user))
    prices = selectors.price_list(items=items)
    today = timezone.localdate()
    for item in items:
        item.versions = prices.get(item.pk, [])
        item.current = next((p for p in item.versions if p.effective_from <= today), None)
    groups = list(selectors.catalogue_groups(user=user))
    enrolled = list(selectors.enrolment_list(user=user))
    context = {
        "roots": roots,
        "items": items,
        "groups": groups,
        "enrolled": enrolled,
        "enrollable": list(selectors.enrollable_units(user=user)),
        "orgs": list(selectors.company_orgs(roots=roots)[:ORG_CHOICES]),
        "kinds": Item.Kind.choices,
        "metrics": Metric.choices,
        "errors": errors,
        "post": request.POST if request.method == "POST" else {},
        "today": today,
    }
    return render(request, "value/setup.html", context, status=status)


@login_required
def winners(request):
    """The year's winning teams with the rule used; the office records them by computing them from a rule."""
    user = request.user
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    may_set = bool(services.company_roots(user))
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        with refusal_as_message(request) as refused:
            count = services.winners_compute(
                actor=user,
                year=year,
                per_group=int(request.POST.get("per_group") or 0)
                if (request.POST.get("per_group") or "").isdigit()
                else 0,
                minimum_points=_number(request.POST.get("minimum_points") or "0", "minimum_points") or Decimal(0),
            )
        if not refused:
            messages.success(
                request, _("%(count)s winning teams of %(year)s are recorded.") % {"count": count, "year": year}
            )
        return redirect(f"{reverse('value:winners')}?year={year}")

    require_anywhere(user, "value", "view")
    found = selectors.winner_list(user=user, year=year)
    context = {
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "winners": found,
        "rule": found[0].rule if found else "",
        "may_set": may_set,
    }
    return render(request, "value/winners.html", context)


@login_required
@require_POST
def record_confirm(request, pk: int):
    """Confirm the figures of a record outside its team's range, so that it is ranked."""
    user = request.user
    record = selectors.record_detail(user=user, pk=pk)
    services.record_confirm(actor=user, record=record)  # a refusal is the 403 page (core/middleware.py)
    messages.success(request, _("The figures are confirmed; the day is ranked."))
    back = request.POST.get("next", "")
    if back == "entry":
        query = f"?unit={record.unit_id}&date={record.date.isoformat()}&shift={record.shift}"
        return redirect(reverse("value:entry") + query)
    return redirect("value:record", pk=record.pk)


__all__ = ["record_confirm", "setup", "winners"]
