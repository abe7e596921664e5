"""Spreadsheet imports of this capability (core/imports): a template's items (考核细则), the key-task list
(重点工作任务清单) and the monthly production scores (imported KPI results), each row written through the services.

The items' columns are also the export's (views/templates.py), so a template goes out to Excel and back."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.assessment import keytask_stats, metrics, services, workflow
from dangjian.assessment.models import Frequency, Item, KeyTask, ProductionScore, Template
from dangjian.assessment.services import templates as template_services
from dangjian.core import months
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, CellError, Choice, Column, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import Parser, as_text
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.org.models import PartyOrg, Person
from dangjian.projects.projects.imports import Number


class YesNo(Parser):
    blank = False
    YES = {"是", "y", "yes", "true", "1", "需要", "√"}
    NO = {"否", "n", "no", "false", "0", "不需要", ""}

    def parse(self, value, *, column, ctx):
        text = as_text(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise CellError(_("%(column)s “%(value)s” is not 是 or 否.") % {"column": column.title, "value": text[:20]})

    def describe(self):
        return _("是 or 否.")

    def display(self, value):
        return "是" if value else "否"


class Source(Parser):
    """Blank for an item scored by hand, or the code of a metric."""

    blank = ""

    def parse(self, value, *, column, ctx):
        text = as_text(value).strip()
        by_label = {label: code for code, label in metrics.choices()}
        code = by_label.get(text, text)
        if code not in metrics.KNOWN:
            raise CellError(
                _("%(column)s “%(value)s” is not one of: %(allowed)s.")
                % {"column": column.title, "value": text[:40], "allowed": "、".join(metrics.KNOWN)}
            )
        return code

    def describe(self):
        return "\n".join(f"{code} = {label}" for code, label in metrics.choices())


class DueDate(Parser):
    """A date (YYYY-MM-DD or a date cell), or a month (YYYY-MM) meaning its last day; a day the month lacks (04-31)
    is its last day."""

    def parse(self, value, *, column, ctx):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = as_text(value).replace("/", "-").replace(".", "-")
        parts = text.split("-")
        try:
            if len(parts) == 2:
                return keytask_stats.due_in(int(parts[0]), int(parts[1]))
            if len(parts) == 3:
                return keytask_stats.due_in(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
        raise CellError(
            _("%(column)s “%(value)s” is not a date (YYYY-MM-DD) or a month (YYYY-MM).")
            % {"column": column.title, "value": text[:20]}
        )

    def describe(self):
        return _("YYYY-MM-DD, or YYYY-MM for the month's last day; the 31st of a 30-day month is its 30th.")


ORG = Ref(lambda ctx: PartyOrg._base_manager.all(), describe=_lazy("The code of a party organisation."))
FREQUENCY = Choice(Frequency, aliases={"每月": "monthly", "月度": "monthly", "季度": "quarterly", "年度": "annual"})
RULE = Choice(Item.Rule, aliases={"线性": "linear", "阈值": "thresholds"})

ITEM_COLUMNS = [
    Column("org", _lazy("organisation"), "组织编码", ORG, required=True, example="QNDL"),
    Column("year", _lazy("year"), "年度", Number(whole=True), required=True, example="2022"),
    Column("category", _lazy("category"), "考核类别", Text(100), required=True, example="组织建设"),
    Column("code", _lazy("code"), "编号", Text(20), required=True, example="A01"),
    Column("title", _lazy("item"), "考核内容", Text(300), required=True, example="三会一课按期开展、记录完整"),
    Column("max_points", _lazy("maximum points"), "分值", Number(), required=True, example="4"),
    Column("guide", _lazy("scoring guide"), "评分标准", Text(2000), example="缺一次扣1分"),
    Column("frequency", _lazy("frequency"), "频次", FREQUENCY, example="每月"),
    Column("evidence_required", _lazy("evidence required"), "需佐证", YesNo(), example="是"),
    Column("source", _lazy("data source"), "数据来源", Source(), help=_lazy("Blank: scored by hand.")),
    Column("rule", _lazy("rule"), "计分规则", RULE, example="线性"),
    Column("zero_at", _lazy("no points at or below (rate)"), "零分线", Number(), example="0.5"),
    Column("full_at", _lazy("all points from (rate)"), "满分线", Number(), example="1"),
    Column("thresholds", _lazy("thresholds"), "阈值", Text(200), example="0.95:1, 0.8:0.6"),
]


def item_row(template: Template, item: Item) -> list:
    """One item in the import's columns (what the template export writes)."""
    return [
        template.org.code,
        template.year,
        item.category.name,
        item.code,
        item.title,
        item.max_points,
        item.guide,
        FREQUENCY.display(item.frequency),
        "是" if item.evidence_required else "否",
        item.source,
        RULE.display(item.rule),
        item.zero_at,
        item.full_at,
        item.thresholds,
    ]


@register
class AssessmentItemsImport(ImportKind):
    """The items of a year's template, one per row (the template is created with the first row if needed)."""

    slug = "assessment-items"
    label = _lazy("Assessment items")
    description = _lazy(
        "One item per row: organisation code and year of the template, category, item code and text, points, "
        "frequency, whether evidence is required, and the data source (blank: scored by hand) with its rule."
    )
    resource = "assessment"
    columns = ITEM_COLUMNS

    def check_row(self, row, ctx):
        if not row.ok:
            return
        values = row.values
        org = values["org"]
        if workflow.OFFICE not in workflow.standings(ctx.actor, org):
            row.error(_("only 党群工作部 over %(org)s may set its template.") % {"org": org.code}, self.column("org"))
            return
        key = (org.pk, values["year"], values["code"])
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(_("row %(other)s already gives item %(code)s.") % {"other": seen[key], "code": values["code"]})
            return
        seen[key] = row.number
        template = Template.objects.filter(org=org, year=values["year"]).first()
        item = Item.objects.filter(template=template, code=values["code"]).first() if template else None
        row.action = CREATE if item is None else UPDATE
        # A template whose months have been opened keeps its items and what they score (the service's own rule).
        refusal = template_services.fixed_change(template) if template else None
        if refusal is not None and template_services.scoring_changed(item, self.item_fields(values)):
            row.error(refusal.message)
            return
        candidate = Item(template=template, code=values["code"], max_points=values["max_points"], title=values["title"])
        for key in ("zero_at", "full_at", "thresholds", "rule", "source"):
            if values.get(key) not in (None, ""):
                setattr(candidate, key, values[key])
        try:
            candidate.clean()
        except ValidationError as exc:
            row.validation_errors(exc, self)

    @staticmethod
    def item_fields(values: dict) -> dict:
        """A row's values as item_upsert takes them (an empty rule cell keeps what the item has)."""
        fields = {
            k: values[k]
            for k in ("title", "max_points", "guide", "frequency", "evidence_required", "source", "rule")
            if k in values and values[k] is not None
        }
        for key in ("zero_at", "full_at", "thresholds"):
            if values.get(key) not in (None, ""):
                fields[key] = values[key]
        return fields

    def commit_row(self, row, ctx):
        values = row.values
        template = Template.objects.filter(org=values["org"], year=values["year"]).first()
        if template is None:
            template = services.template_create(
                actor=ctx.actor,
                org=values["org"],
                year=values["year"],
                name=_("%(year)s assessment of %(org)s") % {"year": values["year"], "org": values["org"].name},
            )
        fields = self.item_fields(values)
        fields["order"] = row.number
        services.item_upsert(
            actor=ctx.actor, template=template, category_name=values["category"], code=values["code"], **fields
        )


CATEGORY = Choice(
    KeyTask.Category,
    aliases={
        "党建": "party",
        "党的建设": "party",
        "安全环保": "safety",
        "生产": "production",
        "降本增效": "cost",
        "质量": "quality",
        "设备": "equipment",
        "队伍建设": "workforce",
    },
)


@register
class KeyTasksImport(ImportKind):
    """The year's key tasks (重点工作任务清单), one per row; a task already there (same code) is updated unless it
    has been closed out."""

    slug = "key-tasks"
    label = _lazy("Key tasks")
    description = _lazy(
        "One task per row: code, task, category, owner organisation code, owner's employee number (optional), "
        "due date (or a month for its last day) and the deliverable."
    )
    resource = "keytask"
    columns = [
        Column("code", _lazy("code"), "编号", Text(30), required=True, example="ZG-2022-001"),
        Column("title", _lazy("task"), "任务", Text(300), required=True, example="修订党支部工作制度10项"),
        Column("category", _lazy("category"), "类别", CATEGORY, required=True, example="党建"),
        Column("owner_org", _lazy("owner organisation"), "责任组织编码", ORG, required=True, example="QNDL-DJ1"),
        Column(
            "owner",
            _lazy("owner"),
            "责任人工号",
            Ref(lambda ctx: Person._base_manager.select_related("branch"), field="employee_no"),
            example="E000123",
        ),
        Column("due_on", _lazy("due"), "完成时限", DueDate(), required=True, example="2022-04-30"),
        Column("deliverable", _lazy("deliverable"), "交付成果", Text(300), required=True, example="制度汇编"),
    ]

    def check_row(self, row, ctx):
        if not row.ok:
            return
        org = row.values["owner_org"]
        if not can_at(ctx.actor, "keytask", "add", org) and not is_system(ctx.actor):
            row.error(_("you may not add tasks for %(org)s.") % {"org": org.code}, self.column("owner_org"))
            return
        owner = row.values.get("owner")
        if owner is not None and not owner.branch.path.startswith(org.path):
            row.error(_("the owner must belong to the owner organisation."), self.column("owner"))
        seen = ctx.state.setdefault("seen", {})
        code = row.values["code"]
        if code in seen:
            row.error(_("row %(other)s already gives task %(code)s.") % {"other": seen[code], "code": code})
            return
        seen[code] = row.number
        task = KeyTask.objects.filter(code=code).first()
        if task is not None and task.closed:
            row.error(_("%(code)s is closed out; it no longer changes.") % {"code": code})
            return
        if task is not None and task.cancelled:
            row.error(_("%(code)s is cancelled; restore it first.") % {"code": code})
            return
        row.action = CREATE if task is None else UPDATE

    def commit_row(self, row, ctx):
        fields = {k: row.values[k] for k in ("title", "category", "owner_org", "due_on", "deliverable")}
        fields["owner"] = row.values.get("owner")
        fields["year"] = row.values["due_on"].year
        services.keytask_upsert(actor=ctx.actor, code=row.values["code"], **fields)


class Month(Parser):
    def parse(self, value, *, column, ctx):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        month = months.parse(as_text(value)[:7])
        if month is None:
            raise CellError(
                _("%(column)s “%(value)s” is not a month (YYYY-MM).")
                % {"column": column.title, "value": as_text(value)[:20]}
            )
        return month

    def describe(self):
        return _("YYYY-MM.")


@register
class ProductionScoresImport(ImportKind):
    """Production scores (0–100) per org and month, from the KPI assessment, for the dual assessment."""

    slug = "production-scores"
    label = _lazy("Production scores")
    description = _lazy("One score per row: organisation code, month (YYYY-MM) and the production score 0–100.")
    resource = "assessment"
    columns = [
        Column("org", _lazy("organisation"), "组织编码", ORG, required=True, example="QNDL-DJ1"),
        Column("month", _lazy("month"), "月份", Month(), required=True, example="2022-03"),
        Column("value", _lazy("production score"), "生产经营得分", Number(), required=True, example="92.5"),
        Column("note", _lazy("note"), "说明", Text(300)),
    ]

    def check_row(self, row, ctx):
        if not row.ok:
            return
        org, month, value = row.values["org"], row.values["month"], row.values["value"]
        if not can_at(ctx.actor, "assessment", "change", org) and not is_system(ctx.actor):
            row.error(_("you may not set scores for %(org)s.") % {"org": org.code}, self.column("org"))
            return
        if not 0 <= value <= 100:
            row.error(_("a production score lies between 0 and 100."), self.column("value"))
            return
        seen = ctx.state.setdefault("seen", {})
        key = (org.pk, month)
        if key in seen:
            row.error(_("row %(other)s already gives this organisation and month.") % {"other": seen[key]})
            return
        seen[key] = row.number
        stored = ProductionScore.objects.filter(org=org, month=month).first()
        row.action = CREATE if stored is None else UNCHANGED if stored.value == value else UPDATE

    def commit_row(self, row, ctx):
        services.production_score_set(
            actor=ctx.actor,
            org=row.values["org"],
            month=row.values["month"],
            value=str(row.values["value"]),
            source=ProductionScore.Source.IMPORTED,
            note=row.values.get("note") or "",
        )
