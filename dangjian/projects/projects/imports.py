"""The project-plan import (党建+X 项目计划): one row per goal. Rows with the same project code make one project; the
project's own columns need filling only on its first row (later rows may repeat them, but must not contradict them).
Measures, sub-plans and tasks, one per line of their cell, add up over the project's rows. Every project comes in as
proposed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, CellError, Choice, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import Parser, as_text
from dangjian.core.permissions import VIEW
from dangjian.core.services import is_system
from dangjian.org.imports.common import ORG_CODE, cannot_import_into, may_import, reference_orgs
from dangjian.org.models import Person
from dangjian.projects.projects import services
from dangjian.projects.projects.models import Domain, Goal, Project

DOMAIN_ZH = {
    "安全环保": Domain.SAFETY_ENV,
    "生产提效": Domain.PRODUCTION,
    "降本增效": Domain.COST,
    "科技创新": Domain.INNOVATION,
    "队伍建设": Domain.WORKFORCE,
    "改革发展": Domain.REFORM,
    "和谐企业": Domain.HARMONY,
    "其他": Domain.CUSTOM,
}
DIRECTION_ZH = {"越高越好": Goal.Direction.HIGHER, "越低越好": Goal.Direction.LOWER, "高": "higher", "低": "lower"}
PROJECT_FIELDS = (
    "title",
    "domain",
    "custom_domain",
    "year",
    "starts_on",
    "ends_on",
    "secretary",
    "problem",
    "rationale",
)
GOAL_FIELDS = ("indicator_name", "unit_of_measure", "baseline", "target", "benchmark", "direction")
LINE_SEPARATORS = ("\r\n", "\n", "；", ";")


class Number(Parser):
    """A decimal number (a number cell, or text such as 92.6 or 1,900)."""

    def __init__(self, whole: bool = False):
        self.whole = whole

    def parse(self, value, *, column, ctx):
        text = as_text(value).replace(",", "").replace("，", "").rstrip("%％")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or (self.whole and number != number.to_integral_value()):
            expected = _("a whole number") if self.whole else _("a number")
            raise CellError(
                _("%(column)s “%(value)s” is not %(expected)s.")
                % {"column": column.title, "value": as_text(value)[:40], "expected": expected}
            )
        return int(number) if self.whole else number

    def describe(self):
        return _("A whole number.") if self.whole else _("A number.")


class Lines(Parser):
    """Several short texts in one cell, one per line (or separated by ；)."""

    blank: list = []

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        for separator in LINE_SEPARATORS[1:]:
            text = text.replace(separator, "\n")
        return [line.strip() for line in text.split("\n") if line.strip()]

    def describe(self):
        return _("One per line (or separated by ；).")

    def display(self, value):
        return "；".join(value or [])


def people_lookup(ctx):
    return Person.objects.all() if is_system(ctx.actor) else Person.objects.restrict(ctx.actor, VIEW)


@register
class ProjectPlanImport(ImportKind):
    """A year's 党建+X project plans: one row per goal, grouped into projects by code."""

    slug = "projects"
    label = _lazy("党建+X project plans")
    description = _lazy(
        "One row per goal; rows with the same project code make one project. Fill the project's columns on its first "
        "row. Measures, sub-plans and tasks: one per line."
    )
    resource = "project"
    result_url = "projects:list"
    columns = [
        Column("code", _lazy("project code"), "项目编号", Text(40), required=True, example="QNDL-2022-017"),
        Column("owner", _lazy("organisation code"), "组织编码", ORG_CODE, aliases=("党组织编码",), example="B07"),
        Column("title", _lazy("title"), "项目名称", Text(200), example="党建+提高电流效率"),
        Column("domain", _lazy("domain"), "X领域", Choice(Domain, DOMAIN_ZH), aliases=("领域",), example="生产提效"),
        Column("custom_domain", _lazy("other domain"), "其他领域名称", Text(60)),
        Column("year", _lazy("year"), "年度", Number(whole=True), example=2022),
        Column("starts_on", _lazy("start"), "开始日期", Date(), example=dt.date(2022, 1, 1)),
        Column("ends_on", _lazy("end"), "结束日期", Date(), example=dt.date(2022, 12, 31)),
        Column(
            "secretary",
            _lazy("responsible secretary"),
            "第一责任人工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            help=_lazy("Empty: the organisation's secretary."),
        ),
        Column("problem", _lazy("problem taken on"), "攻关问题", Text(4000), example="电流效率低于行业标杆"),
        Column("rationale", _lazy("why this project"), "立项依据", Text(4000)),
        Column("indicator_name", _lazy("indicator"), "指标", Text(100), required=True, example="电流效率"),
        Column("unit_of_measure", _lazy("unit of measure"), "计量单位", Text(30), example="%"),
        Column("baseline", _lazy("baseline"), "基准值", Number(), required=True, example=92.1),
        Column("target", _lazy("target"), "目标值", Number(), required=True, example=92.6),
        Column("benchmark", _lazy("benchmark"), "标杆值", Number(), example=93),
        Column(
            "direction",
            _lazy("direction"),
            "指标方向",
            Choice(Goal.Direction, DIRECTION_ZH, blank=Goal.Direction.HIGHER),
            example="越高越好",
        ),
        Column("measures", _lazy("measures"), "保障措施", Lines(), example="成立党员攻坚小组"),
        Column(
            "sub_plans",
            _lazy("sub-plans"),
            "子方案",
            Lines(),
            aliases=("子方案名称",),
            help=_lazy("The title of each sub-plan; its content is written on the project's page."),
            example="电解槽热平衡子方案",
        ),
        Column("tasks", _lazy("tasks"), "工作任务", Lines(), example="换极作业标准化"),
    ]

    def check_rows(self, rows, ctx):
        existing = ctx.cache.setdefault("existing", set())
        codes = {row.values["code"] for row in rows if row.values.get("code")}
        existing |= set(Project.objects.filter(code__in=codes).values_list("code", flat=True))
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        code = row.values.get("code")
        if not code:
            return
        row.action = CREATE
        cells_ok = row.ok  # the model's rules would only repeat, less clearly, what is wrong with the cells
        first = ctx.state.setdefault("projects", {})
        if code in ctx.cache["existing"]:
            row.error(_("project “%(code)s” already exists; change it on its page.") % {"code": code})
            return
        if code not in first:
            first[code] = {"row": row.number, "values": row.values}
            self._check_project(row, ctx, cells_ok)
        else:
            self._check_repeat(row, first[code])
        if cells_ok:
            self._check_goal(row)
        for line in row.values.get("tasks") or []:
            if len(line) > 200:
                row.error(
                    _("a task is longer than 200 characters: “%(task)s…”.") % {"task": line[:20]}, self.column("tasks")
                )
        for line in row.values.get("sub_plans") or []:
            if len(line) > 200:
                row.error(
                    _("a sub-plan title is longer than 200 characters: “%(title)s…”.") % {"title": line[:20]},
                    self.column("sub_plans"),
                )

    def _check_project(self, row, ctx, cells_ok: bool) -> None:
        values = row.values
        missing = [
            c.title
            for c in self.columns
            if c.key in ("owner", "title", "domain", "year", "starts_on", "ends_on") and values.get(c.key) in (None, "")
        ]
        if missing:
            row.error(_("the first row of a project needs: %(columns)s.") % {"columns": "、".join(missing)})
            return
        owner = values["owner"]
        if not may_import(ctx.actor, "project", "add", owner):
            row.error(cannot_import_into(owner), self.column("owner"))
            return
        if not cells_ok:
            return
        fields = {k: values[k] for k in PROJECT_FIELDS if k in values and k != "secretary"}
        project = Project(owner=owner, code=values["code"], **fields)
        try:
            project.full_clean(exclude=["secretary"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)

    def _check_repeat(self, row, first) -> None:
        """Later rows of a project may leave its columns empty or repeat them; a different value is an error."""
        for key in ("owner", *PROJECT_FIELDS):
            value = row.values.get(key)
            if value not in (None, "") and value != first["values"].get(key):
                column = self.column(key)
                row.error(
                    _("%(column)s differs from row %(row)s of the same project.")
                    % {"column": column.title, "row": first["row"]},
                    column,
                )

    def _check_goal(self, row) -> None:
        goal = Goal(**{k: row.values[k] for k in GOAL_FIELDS if k in row.values})
        try:
            goal.full_clean(exclude=["project"])
        except ValidationError as exc:
            row.validation_errors(exc, self)

    def commit_row(self, row, ctx):
        created = ctx.state.setdefault("created", {})
        values = row.values
        code = values["code"]
        project = created.get(code)
        if project is None:
            fields = {k: values[k] for k in PROJECT_FIELDS if values.get(k) not in (None, "")}
            project = services.project_create(actor=ctx.actor, owner=values["owner"], code=code, **fields)
            created[code] = project
        goal = {k: values[k] for k in GOAL_FIELDS if values.get(k) is not None}
        counters = ctx.state.setdefault("order", {})
        services.plan_item_save(actor=ctx.actor, project=project, section="goals", order=min(row.number, 32767), **goal)
        for section, key in (("measures", "text"), ("sub_plans", "title"), ("tasks", "title")):
            for line in values.get(section) or []:
                n = counters[(code, section)] = counters.get((code, section), 0) + 1
                services.plan_item_save(actor=ctx.actor, project=project, section=section, order=n, **{key: line})

    def reference_sheets(self, user):
        return [reference_orgs(user, "project")]
