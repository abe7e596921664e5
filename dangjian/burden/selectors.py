"""Reads of the burden meter, each from `restrict(user, "view")`: a month's input time per role and per capability,
the five most expensive forms and the facts typed twice. A fixed number of queries whatever the number of rows;
never per person."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Sum
from django.utils.translation import gettext as _

from dangjian.burden.models import DuplicateFact, MonthlyBurden
from dangjian.core.errors import InvalidInput
from dangjian.core.months import first_of
from dangjian.core.months import parse as parse_month
from dangjian.core.permissions import ROLE_CHOICES, VIEW

FIELDS = ("opens", "submissions", "successes", "failures", "repeats", "seconds", "typed", "reused")
ROLE_LABELS = dict(ROLE_CHOICES)


def month_of(text: str | None, *, today: dt.date) -> dt.date:
    if not text:
        return first_of(today)
    month = parse_month(text)
    if month is None:
        raise InvalidInput(_("Enter a month as YYYY-MM."), errors={"month": [_("Enter a month as YYYY-MM.")]})
    return month


def capability_label(label: str) -> str:
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def _row(values: dict) -> dict:
    row = {name: values.get(name) or 0 for name in FIELDS}
    row["minutes"] = round(row["seconds"] / 60, 1)
    row["per_send"] = round(row["seconds"] / row["successes"] / 60, 1) if row["successes"] else None
    typed_all = row["typed"] + row["reused"]
    row["reused_share"] = round(100 * row["reused"] / typed_all) if typed_all else None
    return row


def meter(*, user, month: dt.date, top: int = 5) -> dict:
    """The month's figures in the user's scope: totals, per role, per capability, the `top` forms by input time,
    the twice-typed facts (at most 50) and the months that have figures (the last 12)."""
    rows = MonthlyBurden.objects.restrict(user, VIEW)
    this = rows.filter(month=month)
    sums = {name: Sum(name) for name in FIELDS}
    per_role = [
        {"role": r["role"], "label": str(ROLE_LABELS.get(r["role"], r["role"] or "—")), **_row(r)}
        for r in this.values("role").annotate(**sums).order_by("-seconds", "role")
    ]
    per_capability = [
        {"capability": r["capability"], "label": capability_label(r["capability"]), **_row(r)}
        for r in this.values("capability").annotate(**sums).order_by("-seconds", "capability")
    ]
    forms = [
        {"form": r["form"], "capability": r["capability"], "label": capability_label(r["capability"]), **_row(r)}
        for r in this.filter(submissions__gt=0)
        .values("form", "capability")
        .annotate(**sums)
        .order_by("-seconds", "-typed", "form")[:top]
    ]
    total = _row(this.aggregate(**sums))
    duplicates = list(DuplicateFact.objects.restrict(user, VIEW).filter(month=month).order_by("-second_at")[:50])
    months = list(rows.values_list("month", flat=True).order_by("-month").distinct()[:12])
    return {
        "month": month,
        "total": total,
        "per_role": per_role,
        "per_capability": per_capability,
        "forms": forms,
        "duplicates": duplicates,
        "months": months,
    }


def monthly_rows(*, user, month: dt.date):
    """The month's sums per org, role, capability and form in scope (the API's list)."""
    return MonthlyBurden.objects.restrict(user, VIEW).filter(month=month).order_by("-seconds", "form", "pk")
