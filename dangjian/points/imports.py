"""The points imports: the democratic appraisal results (民主评议党员结果) — one row per person and year, with the veto
items, each through `appraisal_record` so the person's stars are recomputed — and the company's points rule
catalogue (积分规则), each row through `rule_create` or `rule_new_version`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.errors import DomainError
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.permissions import CHANGE, IMPORT
from dangjian.core.scoping import can_at, scope_for
from dangjian.core.services import is_system
from dangjian.points import selectors, services
from dangjian.points.models import Appraisal, CapPeriod, Category, PointsRule, Source
from dangjian.points.services.common import company_for
from dangjian.projects.projects.imports import Number, people_lookup

APPRAISAL_ZH = {
    "优秀": Appraisal.EXCELLENT,
    "合格": Appraisal.QUALIFIED,
    "基本合格": Appraisal.BASIC,
    "不合格": Appraisal.UNQUALIFIED,
}


class YesNo(models.TextChoices):
    YES = "yes", _lazy("yes")
    NO = "no", _lazy("no")


@register
class AppraisalImport(ImportKind):
    """A year's democratic appraisal results of a branch's members, with disciplinary sanctions (veto items)."""

    slug = "appraisals"
    label = _lazy("Democratic appraisal results")
    description = _lazy("One row per person: the year's appraisal result and any disciplinary sanction. Stars follow.")
    resource = "stars"
    result_url = "points:stars"
    columns = [
        Column(
            "person",
            _lazy("employee number"),
            "工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            required=True,
            example="QN0001",
        ),
        Column("year", _lazy("year"), "年度", Number(whole=True), required=True, example=2025),
        Column(
            "appraisal",
            _lazy("democratic appraisal"),
            "评议结果",
            Choice(Appraisal, APPRAISAL_ZH),
            required=True,
            example="优秀",
        ),
        Column(
            "sanctioned",
            _lazy("disciplinary sanction in the year"),
            "受到处分",
            Choice(YesNo, {"是": "yes", "否": "no", "有": "yes", "无": "no"}, blank="no"),
            example="否",
        ),
        Column("veto_note", _lazy("veto item"), "否决事项", Text(200)),
    ]

    def check_row(self, row, ctx):
        person = row.values.get("person")
        if person is None:
            return
        row.action = CREATE
        if not is_system(ctx.actor) and not can_at(ctx.actor, "stars", CHANGE, person.branch):
            row.error(_("you may not record appraisal results for this person."), self.column("person"))
        if row.values.get("sanctioned") == "yes" and not row.values.get("veto_note"):
            row.error(_("name the sanction."), self.column("veto_note"))

    def commit_row(self, row, ctx):
        values = row.values
        services.appraisal_record(
            actor=ctx.actor,
            person=values["person"],
            year=values["year"],
            appraisal=values["appraisal"],
            sanctioned=values.get("sanctioned") == "yes",
            veto_note=values.get("veto_note") or "",
        )


CATEGORY_ZH = {"基础积分": Category.BASIC, "基础分": Category.BASIC, "奖励积分": Category.MERIT, "加分": Category.MERIT}
CATEGORY_ZH |= {"扣分": Category.DEDUCTION}
PERIOD_ZH = {"每年": CapPeriod.YEAR, "年": CapPeriod.YEAR, "每季度": CapPeriod.QUARTER, "季度": CapPeriod.QUARTER}
PERIOD_ZH |= {"每月": CapPeriod.MONTH, "月": CapPeriod.MONTH}
SOURCE_ZH = {
    "组织生活出勤": Source.MEETING_ATTENDANCE,
    "组织生活缺席": Source.MEETING_ABSENCE,
    "党建+X项目验收": Source.PROJECT_ROLE,
    "群众诉求办结": Source.SERVICE_REQUEST_RESOLVED,
    "优胜团队": Source.WINNING_TEAM,
    "揭榜挂帅验收": Source.CHALLENGE_COMPLETED,
}
YES_NO_ZH = {"是": "yes", "否": "no", "需要": "yes", "不需要": "no"}
# What a row may set besides its code and first day (as rule_create and rule_new_version take them).
RULE_VALUES = ("name", "description", "category", "points", "cap", "cap_period", "evidence_required")
RULE_VALUES += ("approval_required", "source")


@register
class PointsRulesImport(ImportKind):
    """The company's points rule catalogue (积分规则): a new code adds a rule; a code already in the catalogue with
    other values adds its new version from the row's first day (the current one ends the day before); the same
    values change nothing. For 党群工作部 of the whole company."""

    slug = "points-rules"
    label = _lazy("Points rules")
    description = _lazy(
        "One rule per row: code, name, category, points, the cap and its period, whether evidence and approval are "
        "needed, the automatic source if any, and the first day it holds. A code already in the catalogue with other "
        "values becomes a new version from that day."
    )
    resource = "points_rule"
    result_url = "points:rules"
    columns = [
        Column("code", _lazy("code"), "规则编码", Text(40), required=True, aliases=("编码",), example="PIONEER"),
        Column(
            "name", _lazy("name"), "规则名称", Text(100), required=True, aliases=("名称",), example="党员先锋岗履职突出"
        ),
        Column("category", _lazy("category"), "类别", Choice(Category, CATEGORY_ZH), required=True, example="奖励积分"),
        Column(
            "points",
            _lazy("points"),
            "分值",
            Number(),
            required=True,
            help=_lazy("Negative for a deduction."),
            example=3,
        ),
        Column(
            "cap",
            _lazy("cap"),
            "上限",
            Number(),
            help=_lazy("The most points one person gets from the rule in a period; empty: no cap."),
            example=30,
        ),
        Column(
            "cap_period",
            _lazy("cap period"),
            "上限周期",
            Choice(CapPeriod, PERIOD_ZH, blank=CapPeriod.YEAR),
            example="每季度",
        ),
        Column(
            "evidence_required",
            _lazy("evidence required"),
            "需要佐证",
            Choice(YesNo, YES_NO_ZH, blank="no"),
            example="是",
        ),
        Column(
            "approval_required",
            _lazy("approval required"),
            "需要审核",
            Choice(YesNo, YES_NO_ZH, blank="yes"),
            example="是",
        ),
        Column(
            "source",
            _lazy("automatic source"),
            "自动来源",
            Choice(Source, SOURCE_ZH),
            help=_lazy("Empty for a rule members claim; otherwise the record that gives the points by itself."),
        ),
        Column("valid_from", _lazy("valid from"), "生效日期", Date(), required=True, example=dt.date(2025, 1, 1)),
        Column("description", _lazy("description"), "说明", Text(1000)),
    ]

    def allowed(self, user) -> bool:
        """The party office of a whole company (the grant held at a root org), read from the cached assignments: the
        import list asks every kind, and asking costs no query."""
        if not super().allowed(user):
            return False
        scope = scope_for(user, "points_rule", IMPORT)
        return is_system(user) or scope.everywhere or any(path.count("/") == 2 for path in scope.paths)

    def check_row(self, row, ctx):
        v = row.values
        code = (v.get("code") or "").strip().upper()
        if not code:
            return
        company = ctx.cache.get("company") or _company(ctx.actor)
        if company is None:
            row.error(_("only the party affairs department of the whole company may import its rules."))
            return
        ctx.cache["company"] = company
        seen = ctx.state.setdefault("seen", {})
        if code in seen:
            row.error(_("code “%(code)s” is also in row %(other)s.") % {"code": code, "other": seen[code]})
            return
        seen[code] = row.number
        values = _values(v)
        latest = selectors.latest_rule(company=company, code=code)
        candidate = PointsRule(company=company, code=code, valid_from=v.get("valid_from"), **values)
        try:
            candidate.full_clean(exclude=["company", "version"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
            return
        if latest is None:
            row.action = CREATE
        elif all(getattr(latest, name) == value for name, value in values.items()) and not latest.valid_to:
            row.action = UNCHANGED
        elif v["valid_from"] <= latest.valid_from:
            row.error(
                _("a change to rule %(code)s needs a first day after %(day)s, when its current version started.")
                % {"code": code, "day": latest.valid_from.isoformat()},
                self.column("valid_from"),
            )
        else:
            row.action = UPDATE
        row.target = (company, code, latest, values)

    def commit_row(self, row, ctx):
        company, code, latest, values = row.target
        valid_from = row.values["valid_from"]
        if row.action == CREATE:
            services.rule_create(actor=ctx.actor, company=company, code=code, valid_from=valid_from, **values)
        elif row.action == UPDATE:
            services.rule_new_version(actor=ctx.actor, rule=latest, valid_from=valid_from, **values)

    def reference_sheets(self, user):
        company = _company(user)
        if company is None:
            return []
        rules = selectors.rules_list(user=user, company=company).filter(valid_to__isnull=True)[:500]
        return [
            (
                _("Current rules"),
                [_("Code"), _("Rule name"), _("Points"), _("Valid from")],
                [[r.code, r.name, str(r.points.normalize()), r.valid_from.isoformat()] for r in rules],
            )
        ]


def _company(user):
    """The one company whose catalogue `user` may import into, or None."""
    try:
        return company_for(user, resource="points_rule", action=IMPORT)
    except DomainError:
        return None


def _values(v: dict) -> dict:
    cap = v.get("cap")
    return {
        "name": (v.get("name") or "").strip(),
        "description": (v.get("description") or "").strip(),
        "category": v.get("category"),
        "points": v.get("points"),
        "cap": cap if cap not in (None, "") else None,
        "cap_period": v.get("cap_period") or CapPeriod.YEAR,
        "evidence_required": v.get("evidence_required") == "yes",
        "approval_required": v.get("approval_required", "yes") != "no",
        "source": v.get("source") or "",
    }
