"""Writes of the indices: the office's weights (a change is a new version from a month on; an unused version can be
retired) and the computation of a month (idempotent: one row per branch or member, month and index, rewritten in
place), run by the background task (tasks.py) monthly and on demand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit, months
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, DELETE
from dangjian.core.services import require_at, save_audited
from dangjian.indices import components
from dangjian.indices.models import IndexValue, Kind, WeightVersion
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg, Person

BRANCH_KINDS = PartyOrg.BRANCH_KINDS
MEMBER_STATUSES = (Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)
TOTAL = 100


def clean_weights(kind: str, weights: dict) -> dict[str, int]:
    """The weights as whole numbers 0–100 adding up to 100, every key a component of the index; a key naming a banned
    activity is refused with the anti-formalism sentence."""
    if kind not in Kind.values:
        raise InvalidInput(_("Choose an index."), errors={"kind": [_("Choose an index.")]})
    codes = [c.code for c in components.of_kind(kind)]
    known = set(codes)
    cleaned: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for code, weight in (weights or {}).items():
        word = components.banned_word(str(code))
        if word:
            raise InvalidInput(
                components.refusal_sentence(word), errors={"weights": [_("Not an outcome an index may read.")]}
            )
        if code not in known:
            errors.setdefault("weights", []).append(_("Unknown component: %(code)s.") % {"code": code})
            continue
        text = str(weight).strip() if weight is not None else ""
        if text in ("", "None"):
            text = "0"
        if not text.isdigit() or not 0 <= int(text) <= TOTAL:
            errors[code] = [_("A whole number from 0 to 100.")]
            continue
        cleaned[code] = int(text)
    if errors:
        raise InvalidInput(_("Check the weights."), errors=errors)
    if sum(cleaned.values()) != TOTAL:
        raise InvalidInput(
            _("The weights add up to %(sum)s; they must add up to 100.") % {"sum": sum(cleaned.values())},
            errors={"weights": [_("The weights must add up to 100.")]},
        )
    return {code: cleaned.get(code, 0) for code in codes}


@transaction.atomic
def weights_set(
    *, actor, company: PartyOrg, kind: str, valid_from: dt.date, weights: dict, note: str = ""
) -> WeightVersion:
    """A new version of the company's weights for `kind`, applying from `valid_from`'s month on. A month of a past
    year is refused: last year's values stay as they were computed."""
    require_at(actor, "index_weights", ADD, company)
    cleaned = clean_weights(kind, weights)
    if valid_from is None:
        raise InvalidInput(_("Give the month the weights apply from."), errors={"valid_from": [_("Enter a month.")]})
    valid_from = months.first_of(valid_from)
    this_year = dt.date(timezone.localdate().year, 1, 1)
    if valid_from < this_year:
        raise InvalidInput(
            _("Weights apply from this year on (%(year)s): a change never rewrites a past year's values.")
            % {"year": this_year.year},
            errors={"valid_from": [_("A month of this year or later.")]},
        )
    number = (WeightVersion.objects.filter(company=company, kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
    version = WeightVersion(
        company=company,
        kind=kind,
        number=number,
        valid_from=valid_from,
        weights=cleaned,
        note=(note or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return save_audited(version, actor=actor, conflict=_("Someone saved a version at the same time; try again."))


@transaction.atomic
def weights_retire(*, actor, version: WeightVersion) -> None:
    """Remove a version no value was computed with (a mistake caught in time); a used version stays for good."""
    require_at(actor, "index_weights", DELETE, version.company)
    if IndexValue.objects.filter(version=version).exists():
        raise Conflict(_("Values were computed with this version; it stays. Add a new version instead."))
    before = audit.snapshot(version)
    pk = version.pk
    version.delete()
    version.pk = pk
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=version, before=before)


def version_for(company: PartyOrg, kind: str, month: dt.date) -> WeightVersion | None:
    """The version that applies to `month`: the latest from a month not after it (the highest number on a tie)."""
    return (
        WeightVersion.objects.filter(company=company, kind=kind, valid_from__lte=month)
        .order_by("-valid_from", "-number")
        .first()
    )


def _subjects(company: PartyOrg, kind: str) -> list:
    if kind == Kind.BRANCH:
        return list(
            PartyOrg.objects.filter(path__startswith=company.path, kind__in=BRANCH_KINDS, status="active").order_by(
                "path"
            )
        )
    return list(
        Person.objects.filter(branch__path__startswith=company.path, party_status__in=MEMBER_STATUSES, active=True)
        .select_related("branch")
        .order_by("employee_no")
    )


def combine(parts: list[dict]) -> Decimal | None:
    """Σ weight × normalised ÷ Σ weight over the components that had data (a component without data that month is
    left out and the others count in proportion); None when none had data."""
    present = [(p["weight"], Decimal(p["normalised"])) for p in parts if p["weight"] and p["normalised"] is not None]
    total = sum(w for w, _n in present)
    if not total:
        return None
    return components.pct(sum(w * n for w, n in present) / total)


def ranks(values: dict[int, Decimal | None]) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) by value, highest first; no rank without a value."""
    ordered = sorted((v, k) for k, v in values.items() if v is not None)
    ordered.reverse()
    result, previous, rank = {}, None, 0
    for position, (value, key) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        result[key] = rank
    return result


@transaction.atomic
def compute_month(*, actor, company: PartyOrg, month: dt.date, kinds=(Kind.BRANCH, Kind.MEMBER)) -> dict[str, int]:
    """Compute both indices of `company` for `month` from the components' outcome data with the weight version that
    applies to the month, and store one row per subject (rewritten in place when computed again). An index without
    a version for the month, or a month before the company went live, is skipped. {kind: rows written}."""
    require_at(actor, "index", CHANGE, company)
    month = months.first_of(month)
    since = tenancy.counted_from_of(company)
    written: dict[str, int] = {}
    if since is not None and month < since:
        return {kind: 0 for kind in kinds}
    for kind in kinds:
        version = version_for(company, kind, month)
        subjects = _subjects(company, kind)
        if version is None or not subjects:
            written[kind] = 0
            continue
        readings = {c.code: c.compute(company, month, subjects) for c in components.of_kind(kind)}
        existing = {
            (v.person_id or v.org_id): v for v in IndexValue.objects.filter(company=company, kind=kind, month=month)
        }
        rows, values = [], {}
        now = timezone.now()
        for subject in subjects:
            parts = []
            for component in components.of_kind(kind):
                reading = readings[component.code].get(subject.pk) or components.Reading()
                parts.append(
                    {"code": component.code, "weight": version.weights.get(component.code, 0), **reading.as_json()}
                )
            value = combine(parts)
            is_member = kind == Kind.MEMBER
            row = existing.pop(subject.pk, None) or IndexValue(company=company, kind=kind, month=month)
            row.org = subject.branch if is_member else subject
            row.person = subject if is_member else None
            row.version, row.value, row.components, row.computed_at = version, value, parts, now
            rows.append(row)
            values[subject.pk] = value
        ranked = ranks(values)
        for row, subject in zip(rows, subjects, strict=True):
            row.rank = ranked.get(subject.pk)
        IndexValue.objects.bulk_create([r for r in rows if r.pk is None])
        IndexValue.objects.bulk_update(
            [r for r in rows if r.pk is not None],
            ["org", "person", "version", "value", "rank", "components", "computed_at"],
        )
        if existing:  # subjects gone since (a branch dissolved, a member moved out of the company)
            IndexValue.objects.filter(pk__in=[v.pk for v in existing.values()]).delete()
        written[kind] = len(rows)
        audit.record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            object_type="indices.indexvalue",
            object_id=f"{company.pk}:{kind}:{month:%Y-%m}",
            object_repr=f"{company.name} {Kind(kind).label} {month:%Y-%m}",
            comment=_("Computed %(n)s values with weight version %(v)s.") % {"n": len(rows), "v": version.number},
        )
    return written


def recompute(*, actor, company: PartyOrg, first: dt.date, last: dt.date) -> list[dt.date]:
    """Ask the background task to compute each month from `first` to `last` (the request returns at once; inline in
    tests). The permission is checked here, before anything is queued."""
    require_at(actor, "index", CHANGE, company)
    wanted = months.between(first, last)
    if not wanted or len(wanted) > 24:
        raise InvalidInput(
            _("Choose from 1 to 24 months, the first not after the last."), errors={"month": [_("Check the months.")]}
        )
    if last > timezone.localdate():
        raise InvalidInput(_("A month that has not begun cannot be computed."), errors={"month": [_("Not yet.")]})
    from dangjian.indices.tasks import compute_indices

    actor_id = getattr(actor, "pk", None)
    for month in wanted:
        transaction.on_commit(lambda m=month: compute_indices(company.pk, m.isoformat(), actor_id))
    return wanted
