"""Writes to the rule catalogue: create a rule, add a new version, retire one, install a company's defaults (an
import of the catalogue goes row by row through the same create and new-version services).

A rule that would score logging in, time online, likes, shares or check-ins is refused here, before anything is
saved, with a sentence citing the anti-formalism rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE
from dangjian.core.services import require_at, save_audited, validate
from dangjian.org.models import PartyOrg
from dangjian.points.models import BANNED_SOURCES, PointsRule, Source, banned_reason

RULE_FIELDS = (
    "name",
    "description",
    "category",
    "points",
    "cap",
    "cap_period",
    "evidence_required",
    "approval_required",
    "source",
    "valid_to",
)

# The default catalogue (DOMAIN.md: base 70 + merit 30 a quarter; organisational life +1 capped at 30 a year;
# deductions for absences), with a rule for each automatic source the other capabilities feed.
DEFAULT_RULES = [
    # code, name, category, points, cap, cap period, evidence, approval, source
    ("BASE", "季度基础分", "basic", "70", "70", "quarter", False, False, ""),
    ("ORG_LIFE", "参加组织生活（三会一课、主题党日）", "basic", "1", "30", "year", False, False, "meeting_attendance"),
    ("ORG_LIFE_ABSENT", "无故缺席组织生活", "deduction", "-2", "20", "year", False, False, "meeting_absence"),
    ("PROJECT_LEAD", "党建+X项目通过验收（项目成员）", "merit", "5", "15", "year", False, False, "project_role"),
    (
        "SERVICE",
        "办结群众急难愁盼事项（我为群众办实事）",
        "merit",
        "2",
        "10",
        "quarter",
        False,
        False,
        "service_request_resolved",
    ),
    ("TEAM_WIN", "所在班组获评卓越行动优胜团队", "merit", "5", "10", "year", False, False, "winning_team"),
    ("CHALLENGE", "揭榜挂帅攻关项目通过验收", "merit", "10", "20", "year", False, False, "challenge_completed"),
    ("DRILL", "参加课后练兵、党员课堂", "merit", "0.5", "12", "year", False, False, "drill_attendance"),
    ("PIONEER", "党员先锋岗、责任区履职突出", "merit", "3", "30", "quarter", True, True, ""),
    ("INNOVATION", "技术革新、合理化建议被采纳", "merit", "5", "30", "quarter", True, True, ""),
    ("HONOUR", "获得上级表彰", "merit", "10", "30", "year", True, True, ""),
    ("SAFETY_VIOLATION", "违反安全规程（三违）", "deduction", "-5", "30", "year", True, True, ""),
    ("DUES_LATE", "未按时足额交纳党费", "deduction", "-3", "12", "year", False, True, ""),
]


def _refuse_banned(*, code: str, name: str, description: str, source: str) -> None:
    word = banned_reason(name, description, code)
    if source in BANNED_SOURCES or word:
        field = "source" if source in BANNED_SOURCES else "name"
        raise InvalidInput(
            _(
                "Points cannot be given for logging in, time online, likes, shares or check-ins (“%(word)s”): the "
                "2023 and 2026 rules against formalism forbid scoring such activity. Score the work done instead."
            )
            % {"word": word or source},
            errors={field: [_("Not a fact points may be given for.")]},
        )
    if source and source not in Source.values:
        raise InvalidInput(_("Unknown automatic source."), errors={"source": [_("Choose a listed source.")]})


@transaction.atomic
def rule_create(
    *, actor, company: PartyOrg, code: str, name: str, category: str, points: Decimal, valid_from: dt.date, **fields
) -> PointsRule:
    """Add a rule (version 1) to a company's catalogue."""
    extra = set(fields) - set(RULE_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    require_at(actor, "points_rule", ADD, company)
    code = (code or "").strip().upper()
    _refuse_banned(code=code, name=name, description=fields.get("description", ""), source=fields.get("source", ""))
    if PointsRule.objects.filter(company=company, code=code).exists():
        raise Conflict(
            _("The catalogue already has a rule with this code: change it with a new version."),
            errors={"code": [_("Already in use.")]},
        )
    rule = PointsRule(
        company=company, code=code, name=name, category=category, points=points, valid_from=valid_from, **fields
    )
    validate(rule)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise Conflict(_("The catalogue already has a rule with this code.")) from None
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=rule, after=audit.snapshot(rule))
    return rule


@transaction.atomic
def rule_new_version(*, actor, rule: PointsRule, valid_from: dt.date | None, **fields) -> PointsRule:
    """Change a rule from a date: the current version ends the day before (or keeps its earlier end, if it was
    retired), a new version starts. Entries already written keep the version they were written under."""
    extra = set(fields) - set(RULE_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    current = PointsRule.objects.select_for_update().select_related("company").get(pk=rule.pk)
    require_at(actor, "points_rule", CHANGE, current.company)
    latest = PointsRule.objects.filter(company=current.company, code=current.code).order_by("-version").first()
    if latest.pk != current.pk:
        raise Conflict(_("This is not the latest version of the rule."))
    if valid_from is None:
        raise InvalidInput(
            _("Say from which day the new version holds."), errors={"valid_from": [_("This field is required.")]}
        )
    if valid_from <= current.valid_from:
        raise InvalidInput(
            _("A new version starts after the current one did."), errors={"valid_from": [_("Choose a later date.")]}
        )
    values = {name: getattr(current, name) for name in RULE_FIELDS}
    values.update(fields)
    _refuse_banned(code=current.code, name=values["name"], description=values["description"], source=values["source"])
    before = audit.snapshot(current)
    day_before = valid_from - dt.timedelta(days=1)
    if current.valid_to is None or current.valid_to > day_before:
        current.valid_to = day_before
        current.save(update_fields=["valid_to"])
        audit.record(
            actor=actor, action=AuditLog.Action.UPDATE, obj=current, before=before, after=audit.snapshot(current)
        )
    new = PointsRule(
        company=current.company, code=current.code, version=current.version + 1, valid_from=valid_from, **values
    )
    save_audited(new, actor=actor)
    return new


@transaction.atomic
def rule_retire(*, actor, rule: PointsRule, last_day: dt.date | None) -> PointsRule:
    """Retire a rule: its latest version holds up to and including `last_day`, and no version follows. Entries
    already written stay; none can be claimed or awarded automatically for a later day. Retiring again moves the
    end; a new version (rule_new_version) brings the rule back."""
    current = PointsRule.objects.select_for_update().select_related("company").get(pk=rule.pk)
    require_at(actor, "points_rule", CHANGE, current.company)
    latest = PointsRule.objects.filter(company=current.company, code=current.code).order_by("-version").first()
    if latest.pk != current.pk:
        raise Conflict(_("This is not the latest version of the rule."))
    if last_day is None:
        raise InvalidInput(_("Say the last day the rule holds."), errors={"last_day": [_("This field is required.")]})
    if last_day < current.valid_from:
        raise InvalidInput(
            _("A rule cannot end before it starts."),
            errors={"last_day": [_("Choose a day from %(day)s on.") % {"day": current.valid_from.isoformat()}]},
        )
    if current.valid_to == last_day:
        return current
    before = audit.snapshot(current)
    current.valid_to = last_day
    current.save(update_fields=["valid_to"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=current, before=before, after=audit.snapshot(current))
    return current


@transaction.atomic
def defaults_install(*, actor, company: PartyOrg, valid_from: dt.date) -> int:
    """Give a company the default catalogue (rules it already has by code are left alone). Returns rules added."""
    require_at(actor, "points_rule", ADD, company)
    have = set(PointsRule.objects.filter(company=company).values_list("code", flat=True))
    added = 0
    for code, name, category, points, cap, period, evidence, approval, source in DEFAULT_RULES:
        if code in have:
            continue
        rule_create(
            actor=actor,
            company=company,
            code=code,
            name=name,
            category=category,
            points=Decimal(points),
            valid_from=valid_from,
            cap=Decimal(cap) if cap else None,
            cap_period=period,
            evidence_required=evidence,
            approval_required=approval,
            source=source,
        )
        added += 1
    return added
