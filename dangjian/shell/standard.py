"""The standard catalogues a company installs with one click (issue 15, item 4), each from one source the demo
uses too:

- the meeting frequency rules of the 支部工作条例 (meetings/rules.DEFAULTS);
- the default points rules and the member star policy (points/services/rules.DEFAULT_RULES, StarPolicy defaults);
- the 5-class 33-item 双百分 template (assessment/demo_data/template.ITEMS, generic wording);
- the State Council holidays and make-up working days (调休) from the `chinesecalendar` package (maintained from the
  国务院办公厅 notices; it holds the years announced when the pinned release was made — a year it lacks is said so).

Each install is a service: permission at the company, audited, and it never overwrites what the company already has.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import require_at
from dangjian.meetings.models import MeetingRule
from dangjian.meetings.rules import default_rules
from dangjian.org.models import PartyOrg

ASSESSMENT_NAME = "{year}年党支部党建工作“双百分”考核细则"


def _require_company(company: PartyOrg) -> None:
    if company.parent_id:
        raise InvalidInput(_("Standard catalogues are installed for the whole company, at its party committee."))


# --- meeting rules ---


def meeting_rules_preview() -> list[MeetingRule]:
    return default_rules(0)


@transaction.atomic
def install_standard_meeting_rules(*, actor, company: PartyOrg) -> int:
    """Store the 支部工作条例 frequencies as the company's own rules (then edited on the rules page). Rules the company
    already has are kept. Returns how many were added."""
    require_at(actor, "meeting", "change", company)
    _require_company(company)
    have = set(MeetingRule.objects.filter(company=company).values_list("meeting_type", flat=True))
    added = 0
    for rule in default_rules(company.pk):
        if rule.meeting_type in have:
            continue
        rule.full_clean()
        rule.save()
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=rule, after=audit.snapshot(rule))
        added += 1
    return added


# --- points rules and the star policy ---


def points_preview() -> list[tuple]:
    from dangjian.points.services.rules import DEFAULT_RULES

    return DEFAULT_RULES


@transaction.atomic
def install_standard_points(*, actor, company: PartyOrg, valid_from: dt.date) -> int:
    """The default points rules (those not yet in the catalogue by code) and, when the company has none, the
    standard member star policy (60/80/100/120 points; 5 stars need an excellent appraisal)."""
    from dangjian.points import services as points
    from dangjian.points.models import StarPolicy

    _require_company(company)
    added = points.defaults_install(actor=actor, company=company, valid_from=valid_from)
    if not StarPolicy.objects.filter(company=company).exists():
        points.policy_save(actor=actor, company=company)
        added += 1
    return added


# --- the 双百分 template ---


def assessment_preview() -> list[tuple]:
    from dangjian.assessment.demo_data.template import ITEMS

    return ITEMS


@transaction.atomic
def install_standard_assessment(*, actor, company: PartyOrg, year: int, name: str | None = None, **fields):
    """The year's 双百分 template with the 5 classes and 33 standard items (edited on the template page after)."""
    from dangjian.assessment import services as assessment
    from dangjian.assessment.demo_data.template import ITEMS

    _require_company(company)
    template = assessment.template_create(
        actor=actor, org=company, year=year, name=name or ASSESSMENT_NAME.format(year=year), **fields
    )
    for order, (category, code, title, pts, guide, freq, evidence, source, rule) in enumerate(ITEMS):
        item = {"title": title, "max_points": Decimal(pts), "guide": guide, "frequency": freq}
        item.update(evidence_required=evidence, source=source, order=order)
        if rule:
            item.update(rule=rule[0], zero_at=Decimal(rule[1]), full_at=Decimal(rule[2]), thresholds=rule[3])
        assessment.item_upsert(actor=actor, template=template, category_name=category, code=code, **item)
    return template


# --- holidays ---


def holidays(year: int) -> list[tuple[dt.date, str, str]]:
    """(day, kind, name) of the year's exceptions to the Monday–Friday week from the chinesecalendar package: public
    holidays on weekdays and make-up working days (调休) on weekends. Empty when the package lacks the year (the
    State Council announces the next year's calendar in November or December)."""
    import chinese_calendar

    out = []
    for day, name in sorted(chinese_calendar.holidays.items()):
        if day.year == year and day.weekday() < 5:
            out.append((day, "holiday", _holiday_name(name)))
    for day, name in sorted(chinese_calendar.workdays.items()):
        if day.year == year and day.weekday() >= 5:
            out.append((day, "workday", _holiday_name(name) + "调休"))
    return sorted(out)


def _holiday_name(value) -> str:
    # The package stores the English name; the Chinese one (what the calendar shows) is on its Holiday member.
    import chinese_calendar

    for holiday in chinese_calendar.Holiday:
        if holiday.value == value:
            return holiday.chinese
    return str(value)


@transaction.atomic
def install_standard_holidays(*, actor, years: list[int]) -> int:
    """Mark the given years' holidays and 调休 working days in the calendar (dates already marked are kept: the office
    may have corrected them). Returns how many dates were added."""
    from dangjian.service.models import CalendarDay
    from dangjian.service.services import calendar_day_save

    rows = [row for year in years for row in holidays(year)]
    have = set(CalendarDay.objects.filter(day__in=[day for day, _k, _n in rows]).values_list("day", flat=True))
    added = 0
    for day, kind, name in rows:
        if day not in have:
            calendar_day_save(actor=actor, day=day, kind=kind, name=name)
            added += 1
    return added


# --- the go-live date ---


@transaction.atomic
def company_go_live_set(*, actor, company: PartyOrg, go_live: dt.date | None) -> PartyOrg:
    """Set the day the company started to use the system: compliance, reviews and assessments count from it."""
    require_at(actor, "meeting", "change", company)
    _require_company(company)
    company = PartyOrg.objects.select_for_update().get(pk=company.pk)
    before = {"go_live": company.go_live.isoformat() if company.go_live else None}
    company.go_live = go_live
    company.save(update_fields=["go_live"])
    after = {"go_live": go_live.isoformat() if go_live else None}
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=company, before=before, after=after)
    return company
