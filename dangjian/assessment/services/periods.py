"""The monthly cycle: open a period (a sheet per branch, automatic items filled in from data), the branch
self-assesses with evidence, the reviewer deducts with reasons, moves along the sheet's table (workflow.py), and
党群工作部 locks the period (scores and ranks computed and stored). Each write locks the period row, so nothing lands
on a sheet after its period is locked."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.assessment import inbox, metrics, production, scoring, workflow
from dangjian.assessment.models import Item, Line, Period, Sheet, Template
from dangjian.assessment.models.templates import Frequency, parse_thresholds
from dangjian.assessment.services.common import points, require
from dangjian.core import audit, months
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.i18n import in_site_language
from dangjian.core.models import AuditLog
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg


def window(item: Item, month: dt.date) -> tuple[dt.date, dt.date]:
    """The dates an item's metric reads in `month`: the month, its quarter so far, or the whole year."""
    if item.frequency == Frequency.QUARTERLY:
        return months.add_months(month, -2), months.last_day(month)
    if item.frequency == Frequency.ANNUAL:
        return dt.date(month.year, 1, 1), dt.date(month.year, 12, 31)
    return month, months.last_day(month)


def item_points(item: Item, rate):
    if item.rule == Item.Rule.THRESHOLDS:
        return scoring.threshold_points(rate, max_points=item.max_points, thresholds=parse_thresholds(item.thresholds))
    return scoring.linear_points(rate, max_points=item.max_points, zero_at=item.zero_at, full_at=item.full_at)


def fill_automatic(line: Line, item: Item, org: PartyOrg, month: dt.date, since=metrics.LOOK_UP) -> None:
    """Fill an automatic item's rate, points and the sentence saying how (not saved, written in the site's language).
    An item whose metric has no provider yet is scored by hand and says so. `since`: the first month counted after
    the company's go-live (tenancy.counted_from), when the caller has it for many lines."""
    if item.source:
        with in_site_language():
            _fill_automatic(line, item, org, month, since)


def _fill_automatic(line: Line, item: Item, org: PartyOrg, month: dt.date, since) -> None:
    start, end = window(item, month)
    result = metrics.compute(item.source, org, start, end, since=since)
    if result is None:
        line.automatic, line.rate, line.auto_points = False, None, None
        line.computation = _("No data source yet for “%(metric)s”: scored by hand.") % {
            "metric": metrics.label(item.source)
        }
        return
    line.automatic, line.rate = True, result.value
    line.auto_points = item_points(item, result.value)
    rule = (
        _("thresholds %(t)s") % {"t": item.thresholds}
        if item.rule == Item.Rule.THRESHOLDS
        else _("linear from %(zero)s (0 points) to %(full)s (all points)")
        % {"zero": item.zero_at.normalize(), "full": item.full_at.normalize()}
    )
    if result.value is None:
        tail = _("Nothing was due, so nothing is deducted: %(points)s points.") % {"points": line.auto_points}
    else:
        tail = _("Rate %(rate)s, %(rule)s: %(points)s of %(max)s points.") % {
            "rate": result.value.normalize(),
            "rule": rule,
            "points": line.auto_points,
            "max": item.max_points,
        }
    line.computation = metrics.sentences(result.explanation, tail)[:500]


def _locked_period(period: Period) -> Period:
    return Period.objects.select_for_update(of=("self",)).select_related("template__org").get(pk=period.pk)


def _open_period_of(sheet: Sheet, actor, *standings: str) -> Period:
    """The sheet's period row, locked; refused first for an actor without any of `standings` over the branch (so a
    refusal says 403 whatever the period's state), then if the period is final."""
    period = _locked_period(sheet.period)
    held = workflow.standings(actor, sheet.org)
    if not held & set(standings):
        require(actor, sheet.org, standings[0])
    if period.locked:
        raise Conflict(_("The period is locked; its scores are final."))
    return period


def branches_of(org: PartyOrg) -> list[PartyOrg]:
    """The active branches assessed under `org` (its subtree's branch-like orgs)."""
    return list(
        PartyOrg.objects.filter(
            path__startswith=org.path, kind__in=PartyOrg.BRANCH_KINDS, status=PartyOrg.Status.ACTIVE
        )
        .exclude(pk=org.pk)
        .order_by("path")
    )


@transaction.atomic
def period_open(*, actor, template: Template, month: dt.date | None) -> Period:
    """Open the month for every branch under the template's org: one sheet each, one line per item in use that
    applies that month, automatic items filled in from data. `month` None: none was given (or not a month)."""
    require(actor, template.org, workflow.OFFICE)
    if month is None or month.day != 1 or month.year != template.year:
        message = _("Choose a month of %(year)s.") % {"year": template.year}
        raise InvalidInput(message, errors={"month": [message]})
    if Period.objects.filter(template=template, month=month).exists():
        raise Conflict(_("%(month)s is already open.") % {"month": months.label(month)})
    period = Period.objects.create(template=template, month=month, opened_at=timezone.now())
    in_use = template.items.filter(active=True, category__active=True).order_by("category__order", "order")
    items = [i for i in in_use if i.applies_in(month.month)]
    if not items:
        raise Conflict(_("The template has no items that apply in %(month)s.") % {"month": months.label(month)})
    branches = branches_of(template.org)
    sheets = Sheet.objects.bulk_create([Sheet(period=period, org=org) for org in branches])
    # The branches are all of the template org's company: one go-live date for every line.
    since = tenancy.counted_from_of(template.org)
    lines = []
    for sheet in sheets:
        for item in items:
            line = Line(sheet=sheet, item=item)
            fill_automatic(line, item, sheet.org, month, since)
            lines.append(line)
    Line.objects.bulk_create(lines)
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=period,
        after={**audit.snapshot(period), "sheets": len(sheets), "items": len(items)},
    )
    inbox.period_opened(period, sheets)
    return period


def _refresh(sheet: Sheet, month: dt.date) -> None:
    lines = [line for line in sheet.lines.select_related("item") if line.item.source]
    since = tenancy.counted_from_of(sheet.org) if lines else None
    for line in lines:
        before = (line.automatic, line.rate, line.auto_points, line.computation)
        fill_automatic(line, line.item, sheet.org, month, since)
        if (line.automatic, line.rate, line.auto_points, line.computation) != before:
            line.save(update_fields=["automatic", "rate", "auto_points", "computation"])


def _line_snapshot(line: Line) -> dict:
    return audit.snapshot(line)


@transaction.atomic
def line_self_save(*, actor, line: Line, score, note: str = "", evidence: str = "") -> Line:
    """The branch's own points for a manual item (0…max, two decimals) with a note and the evidence, while the
    sheet is a draft."""
    sheet = line.sheet
    _open_period_of(sheet, actor, workflow.OWNER)
    sheet.refresh_from_db()
    if sheet.status != Sheet.Status.DRAFT:
        raise Conflict(_("The self-assessment has been submitted; it can change only if the reviewer returns it."))
    line = Line.objects.select_related("item").get(pk=line.pk)
    if line.automatic:
        raise InvalidInput(
            _("This item is computed from the platform's records; it is not typed."),
            errors={"score": [_("Computed, not typed.")]},
        )
    before = _line_snapshot(line)
    line.self_score = points(score, field="score", maximum=line.item.max_points)
    line.self_note = (note or "").strip()[:500]
    line.evidence = (evidence or "").strip()[:4000]
    line.save(update_fields=["self_score", "self_note", "evidence"])
    after = _line_snapshot(line)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=line, before=before, after=after)
    return line


@transaction.atomic
def line_deduct(*, actor, line: Line, deduction, reason: str = "") -> Line:
    """The reviewer's deduction on one line, with the reason (required for any deduction), while the sheet is
    submitted for review. A reviewer never deducts on their own branch."""
    sheet = line.sheet
    _open_period_of(sheet, actor, workflow.REVIEWER)
    sheet.refresh_from_db()
    if sheet.status != Sheet.Status.SUBMITTED:
        raise Conflict(_("Deductions are made while the sheet is submitted for review."))
    line = Line.objects.select_related("item").get(pk=line.pk)
    start = line.start_points
    value = points(deduction, field="deduction", maximum=start if start is not None else line.item.max_points)
    reason = (reason or "").strip()
    if value > 0 and not reason:
        raise InvalidInput(_("Give the reason for the deduction."), errors={"reason": [_("Required.")]})
    before = _line_snapshot(line)
    line.deduction, line.deduction_reason = value, reason[:500] if value else ""
    line.save(update_fields=["deduction", "deduction_reason"])
    after = _line_snapshot(line)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=line, before=before, after=after)
    return line


@transaction.atomic
def sheet_self_assess(*, actor, sheet: Sheet, entries: dict[str, tuple]) -> int:
    """The branch's points for many manual items at once — {item code: (points, evidence, note)} — all or nothing,
    one audit row for the sheet (what a "save all" of the sheet does). Returns how many lines changed."""
    _open_period_of(sheet, actor, workflow.OWNER)
    sheet = Sheet.objects.select_for_update(of=("self",)).select_related("org").get(pk=sheet.pk)
    if sheet.status != Sheet.Status.DRAFT:
        raise Conflict(_("The self-assessment has been submitted; it can change only if the reviewer returns it."))
    lines = {line.item.code: line for line in sheet.lines.select_related("item")}
    changed = []
    for code, (score, evidence, note) in entries.items():
        line = lines.get(code)
        if line is None or line.automatic:
            raise InvalidInput(_("%(code)s is not a manual item of this sheet.") % {"code": code})
        line.self_score = points(score, field=f"line_{line.pk}", maximum=line.item.max_points)
        line.evidence, line.self_note = (evidence or "").strip()[:4000], (note or "").strip()[:500]
        changed.append(line)
    Line.objects.bulk_update(changed, ["self_score", "evidence", "self_note"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=sheet,
        after={line.item.code: str(line.self_score) for line in changed},
        comment=_("Self-assessment saved: %(n)s items.") % {"n": len(changed)},
    )
    return len(changed)


@transaction.atomic
def sheet_deductions(*, actor, sheet: Sheet, entries: dict[str, tuple]) -> int:
    """The reviewer's deductions on many lines at once — {item code: (points, reason)} — all or nothing, one audit
    row for the sheet. Same rules as line_deduct."""
    _open_period_of(sheet, actor, workflow.REVIEWER)
    sheet = Sheet.objects.select_for_update(of=("self",)).select_related("org").get(pk=sheet.pk)
    if sheet.status != Sheet.Status.SUBMITTED:
        raise Conflict(_("Deductions are made while the sheet is submitted for review."))
    lines = {line.item.code: line for line in sheet.lines.select_related("item")}
    changed = []
    for code, (deduction, reason) in entries.items():
        line = lines.get(code)
        if line is None:
            raise InvalidInput(_("%(code)s is not an item of this sheet.") % {"code": code})
        start = line.start_points if line.start_points is not None else line.item.max_points
        value = points(deduction, field=f"line_{line.pk}", maximum=start)
        reason = (reason or "").strip()
        if value > 0 and not reason:
            raise InvalidInput(_("Give the reason for the deduction."), errors={f"line_{line.pk}": [_("Required.")]})
        line.deduction, line.deduction_reason = value, reason[:500] if value else ""
        changed.append(line)
    Line.objects.bulk_update(changed, ["deduction", "deduction_reason"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=sheet,
        after={line.item.code: [str(line.deduction), line.deduction_reason] for line in changed},
        comment=_("Deductions saved: %(n)s items.") % {"n": len(changed)},
    )
    return len(changed)


def _check_complete(sheet: Sheet) -> None:
    errors = {}
    for line in sheet.lines.select_related("item"):
        if line.automatic:
            continue
        if line.self_score is None:
            errors[f"line_{line.pk}"] = [_("Score %(code)s.") % {"code": line.item.code}]
        elif line.item.evidence_required and not line.evidence.strip():
            errors[f"line_{line.pk}"] = [_("Give the evidence for %(code)s.") % {"code": line.item.code}]
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(
            _("The self-assessment is not complete: %(n)s items need points or evidence (%(first)s).")
            % {"n": len(errors), "first": first},
            errors=errors,
        )


@transaction.atomic
def sheet_transition(*, actor, sheet: Sheet, action: str, comment: str = "") -> Sheet:
    """Make one move of the sheet's table (workflow.TABLE): submit (the branch; every manual item scored, evidence
    where required), return with a reason, finish or reopen the review (the superior org or 党群工作部)."""
    period = _open_period_of(sheet, actor, workflow.OWNER, workflow.REVIEWER)
    sheet = Sheet.objects.select_for_update(of=("self",)).select_related("org").get(pk=sheet.pk)
    move = workflow.TABLE.get((sheet.status, action))
    if move is None or action == workflow.LOCK:
        raise Conflict(
            _("The sheet is %(status)s; that step is not possible now.") % {"status": sheet.get_status_display()}
        )
    standing = next(iter(move.who))
    require(actor, sheet.org, standing)
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise InvalidInput(_("Say why the sheet goes back to the branch."), errors={"comment": [_("Required.")]})
    before = audit.snapshot(sheet)
    if action in (workflow.SUBMIT, workflow.REVIEW):
        _refresh(sheet, period.month)
    if action == workflow.SUBMIT:
        _check_complete(sheet)
        sheet.submitted_at, sheet.returned_reason = timezone.now(), ""
    elif action == workflow.RETURN:
        sheet.returned_reason = comment[:500]
    elif action == workflow.REVIEW:
        sheet.reviewed_at = timezone.now()
        sheet.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    sheet.status = move.to_status
    sheet.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=sheet,
        before=before,
        after=audit.snapshot(sheet),
        comment=comment[:500],
    )
    inbox.sheet_moved(sheet, action)
    return sheet


def sheet_scores(template: Template, lines: list[Line], production_score) -> tuple:
    """(party score, combined score) of one sheet's lines and its production score."""
    party = scoring.party_score((line.final_points, line.item.max_points) for line in lines)
    total = scoring.combined(
        party,
        production_score,
        party_weight=template.party_weight,
        production_weight=template.production_weight,
    )
    return party, total


@transaction.atomic
def period_lock(*, actor, period: Period) -> Period:
    """Make the month final (党群工作部): every sheet must be reviewed; the party, production and combined scores and
    the ranks are computed and stored, and nothing changes any more."""
    period = _locked_period(period)
    template = period.template
    require(actor, template.org, workflow.OFFICE)
    if period.locked:
        raise Conflict(_("The period is already locked."))
    sheets = list(period.sheets.select_related("org").prefetch_related("lines__item").select_for_update(of=("self",)))
    waiting = [s.org.name for s in sheets if s.status != Sheet.Status.REVIEWED]
    if waiting:
        raise Conflict(
            _("%(n)s sheets are not reviewed yet: %(orgs)s.") % {"n": len(waiting), "orgs": "、".join(waiting[:5])}
        )
    produced = production.production_scores(orgs=[s.org for s in sheets], month=period.month)
    totals = {}
    for sheet in sheets:
        sheet.production_score = produced[sheet.org_id][0]
        sheet.party_score, sheet.total = sheet_scores(template, list(sheet.lines.all()), sheet.production_score)
        totals[sheet.pk] = sheet.total
    ranks = scoring.ranks(totals)
    for sheet in sheets:
        before = audit.snapshot(sheet)
        sheet.rank, sheet.status = ranks.get(sheet.pk), Sheet.Status.LOCKED
        sheet.save()
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=sheet, before=before, after=audit.snapshot(sheet))
    before = audit.snapshot(period)
    period.status, period.locked_at = Period.Status.LOCKED, timezone.now()
    period.save(update_fields=["status", "locked_at"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=period, before=before, after=audit.snapshot(period))
    return period


@transaction.atomic
def period_unlock(*, actor, period: Period, reason: str) -> Period:
    """Reopen a locked month so a mistake can be corrected (党群工作部, with the reason): its sheets go back to
    reviewed and their stored scores and ranks are cleared — they are computed again when the month is locked again.
    A reviewer may then reopen a sheet's review or return it to the branch."""
    period = _locked_period(period)
    require(actor, period.template.org, workflow.OFFICE)
    if not period.locked:
        raise Conflict(_("The period is not locked."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the month is reopened."), errors={"reason": [_("Required.")]})
    for sheet in period.sheets.select_for_update(of=("self",)):
        before = audit.snapshot(sheet)
        sheet.status = Sheet.Status.REVIEWED
        sheet.party_score = sheet.production_score = sheet.total = sheet.rank = None
        sheet.save()
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=sheet, before=before, after=audit.snapshot(sheet))
    before = audit.snapshot(period)
    period.status, period.locked_at = Period.Status.OPEN, None
    period.save(update_fields=["status", "locked_at"])
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=period,
        before=before,
        after=audit.snapshot(period),
        comment=reason[:500],
    )
    return period
