"""Spreadsheet imports (core/imports): pool members (one person and pool per row), competency items (one item of a
post's model per row; a new post opens its model) and drill attendance (one person at one session per row; the
session, known by org, date and topic, is recorded with its first row). Every row goes through talent.services as
the uploader, so points follow the attendance exactly as on the page (最多报一次)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import CellError, Choice, Parser, as_text
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.org.imports.common import cannot_import_into, dissolved, may_import, reference_orgs
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.org.tenancy import units
from dangjian.talent import services
from dangjian.talent.models import CompetencyItem, CompetencyModel, Drill, Pool, PoolMember, TalentClass


class Number(Parser):
    """A number within bounds (a level, a score)."""

    def __init__(self, low: int, high: int, whole: bool = False):
        self.low, self.high, self.whole = low, high, whole

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not self.low <= number <= self.high or (self.whole and number != int(number)):
            raise CellError(
                _("%(column)s “%(value)s” is not a number from %(low)s to %(high)s.")
                % {"column": column.title, "value": text[:20], "low": self.low, "high": self.high}
            )
        return int(number) if self.whole else number

    def describe(self):
        return _("A number from %(low)s to %(high)s.") % {"low": self.low, "high": self.high}


class YesNo(Parser):
    YES = {"是", "y", "yes", "1", "true", "出勤", "到"}
    NO = {"否", "n", "no", "0", "false", "缺勤", "未到"}

    def parse(self, value, *, column, ctx):
        text = as_text(value).lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise CellError(_("%(column)s “%(value)s” is not 是 or 否.") % {"column": column.title, "value": text[:20]})

    def describe(self):
        return _("是 (present) or 否 (absent).")


def org_lookup(ctx):
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


def people_lookup(ctx):
    """The people the uploader may name (those of the branches in their talent or drill scope)."""
    if is_system(ctx.actor):
        return Person.objects.all()
    from dangjian.talent.selectors import people_q

    q = people_q(ctx.actor, ctx.kind.resource)
    return Person.objects.filter(q) if q is not None else Person.objects.none()


def team_lookup(ctx):
    return (
        Unit._base_manager.filter(kind__in=("team", "shift_crew"))
        if is_system(ctx.actor)
        else units(ctx.actor).filter(kind__in=("team", "shift_crew"))
    )


PERSON = Column(
    "person",
    _lazy("employee number"),
    "工号",
    Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
    required=True,
    example="QN0102",
)
ORG = Column(
    "org",
    _lazy("organisation code"),
    "组织编码",
    Ref(org_lookup, describe=_lazy("The code of a party organisation."), refuse=dissolved),
    required=True,
    example="B07",
)
CLASS = Column(
    "talent_class",
    _lazy("talent class"),
    "人才类别",
    Choice(TalentClass, aliases={"技术": "technical", "管理": "management", "操作": "operating", "技能": "operating"}),
    required=True,
    example="技术",
)


@register
class PoolImport(ImportKind):
    slug = "talent-pool"
    label = _lazy("Talent pools")
    description = _lazy(
        "One person in one pool per row: employee number, pool (人才库, 导师库 or 学员库), talent class, specialty and "
        "the date joined. A person already in the pool has their class and specialty changed."
    )
    resource = "talent"
    result_url = "talent:pools"
    columns = [
        PERSON,
        Column(
            "pool",
            _lazy("pool"),
            "人才库别",
            Choice(Pool, aliases={"人才库": "talent", "导师库": "mentor", "学员库": "trainee"}),
            required=True,
            example="导师库",
        ),
        CLASS,
        Column("specialty", _lazy("specialty"), "专业工种", Text(100), example="电解工"),
        Column("joined_on", _lazy("joined on"), "入库日期", Date()),
    ]

    def check_row(self, row, ctx):
        person, pool = row.values.get("person"), row.values.get("pool")
        if not isinstance(person, Person) or not pool:
            return
        if not self.first_in_file(row, ctx, f"{person.pk}/{pool}"):
            return
        target = PoolMember.objects.filter(person=person, pool=pool, left_on__isnull=True).first()
        if not may_import(ctx.actor, "talent", CHANGE if target else ADD, person.branch):
            row.error(cannot_import_into(person.branch), self.column("person"))
            return
        row.target = target
        if target is None:
            row.action = CREATE
        elif target.talent_class == row.values["talent_class"] and target.specialty == row.values.get(
            "specialty", target.specialty
        ):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx):
        fields = {"talent_class": row.values["talent_class"]}
        if "specialty" in row.values:
            fields["specialty"] = row.values["specialty"] or ""
        if row.values.get("joined_on"):
            fields["joined_on"] = row.values["joined_on"]
        if row.target is None:
            services.pool_add(actor=ctx.actor, person=row.values["person"], pool=row.values["pool"], **fields)
        else:
            services.pool_update(actor=ctx.actor, member=row.target, **fields)

    def reference_sheets(self, user):
        return [reference_orgs(user, "talent")]


@register
class ItemsImport(ImportKind):
    slug = "talent-items"
    label = _lazy("Competency items")
    description = _lazy(
        "One item of a post's competency model per row: organisation code, post, talent class, item, required level "
        "(1–5) and a description. A post not yet modelled at the org gets its model; an item already there changes."
    )
    resource = "talent"
    result_url = "talent:index"
    columns = [
        ORG,
        Column("post", _lazy("post"), "岗位", Text(100), required=True, example="电解工"),
        CLASS,
        Column("name", _lazy("competency"), "能力项", Text(100), required=True, example="槽况判断"),
        Column(
            "required_level", _lazy("required level"), "要求等级", Number(1, 5, whole=True), required=True, example=3
        ),
        Column("description", _lazy("description"), "说明", Text(300)),
    ]

    def check_row(self, row, ctx):
        org, post, name = row.values.get("org"), row.values.get("post"), row.values.get("name")
        if not isinstance(org, PartyOrg) or not post or not name:
            return
        if not self.first_in_file(row, ctx, f"{org.pk}/{post}/{name}"):
            return
        if not may_import(ctx.actor, "talent", CHANGE, org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        target = CompetencyItem.objects.filter(model__org=org, model__post=post, name=name).first()
        row.target = target
        if target is None:
            row.action = CREATE
        elif target.required_level == row.values["required_level"] and target.description == row.values.get(
            "description", target.description
        ):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx):
        org, post = row.values["org"], row.values["post"]
        model = CompetencyModel.objects.filter(org=org, post=post).first()
        if model is None:
            model = services.model_save(actor=ctx.actor, org=org, post=post, talent_class=row.values["talent_class"])
        fields = {"required_level": row.values["required_level"]}
        if "description" in row.values:
            fields["description"] = row.values["description"] or ""
        if row.target is None:
            order = model.items.count() + 1
            services.item_save(actor=ctx.actor, model=model, name=row.values["name"], order=order, **fields)
        else:
            services.item_save(actor=ctx.actor, model=model, obj=row.target, **fields)

    def reference_sheets(self, user):
        return [reference_orgs(user, "talent")]


@register
class AttendanceImport(ImportKind):
    slug = "talent-attendance"
    label = _lazy("Drill attendance")
    description = _lazy(
        "One person at one session per row: organisation code, date, kind (课后练兵 or 党员课堂), topic, team code, "
        "employee number, present (是/否) and a score. Rows with the same org, date and topic are one session, "
        "recorded with its first row; attendance feeds points as on the page."
    )
    resource = "drill"
    result_url = "talent:drills"
    columns = [
        ORG,
        Column("held_on", _lazy("date"), "日期", Date(), required=True),
        Column(
            "kind",
            _lazy("kind"),
            "类型",
            Choice(Drill.Kind, aliases={"课后练兵": "drill", "练兵": "drill", "党员课堂": "lecture"}),
            required=True,
            example="课后练兵",
        ),
        Column("topic", _lazy("topic"), "主题", Text(150), required=True, example="槽控机异常处置"),
        Column(
            "team",
            _lazy("team code"),
            "班组编码",
            Ref(team_lookup, describe=_lazy("The code of a team or shift crew.")),
        ),
        PERSON,
        Column("present", _lazy("present"), "出勤", YesNo(), required=True, example="是"),
        Column("score", _lazy("score"), "成绩", Number(0, 100)),
    ]

    def check_row(self, row, ctx):
        org, person = row.values.get("org"), row.values.get("person")
        if not isinstance(org, PartyOrg) or not isinstance(person, Person) or not row.values.get("held_on"):
            return
        key = f"{org.pk}/{row.values['held_on']}/{row.values.get('topic')}/{person.pk}"
        if not self.first_in_file(row, ctx, key):
            return
        if not may_import(ctx.actor, "drill", CHANGE, org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        row.action = CREATE

    def commit_row(self, row, ctx):
        v = row.values
        sessions = ctx.state.setdefault("sessions", {})
        key = (v["org"].pk, v["held_on"], v["topic"])
        drill = sessions.get(key) or Drill.objects.filter(org=v["org"], held_on=v["held_on"], topic=v["topic"]).first()
        if drill is None:
            drill = services.drill_save(
                actor=ctx.actor,
                org=v["org"],
                kind=v["kind"],
                topic=v["topic"],
                held_on=v["held_on"],
                unit=v.get("team"),
                scored_by=Drill.Check.TEST if v.get("score") is not None else "",
            )
        sessions[key] = drill
        services.drill_attendance_save(actor=ctx.actor, drill=drill, rows=[(v["person"], v["present"], v.get("score"))])

    def reference_sheets(self, user):
        return [reference_orgs(user, "drill")]
