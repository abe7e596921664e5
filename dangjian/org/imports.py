"""Import kinds for people (人员) and party organisations (党组织), registered with the core import framework.

Rows are checked with the same permission guards and model validation the services use, so a file that passes the
check normally commits; the commit still goes through person_*/org_* services, which check everything again.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.imports import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Choice,
    Column,
    Date,
    ImportKind,
    Pending,
    Ref,
    RefList,
    Text,
    register,
)
from dangjian.core.scoping import scope_for
from dangjian.core.services import require_at, require_global
from dangjian.org import services
from dangjian.org.models import OrgUnitLink, PartyOrg, Person, StatusChange, Unit

PARTY_STATUS_ZH = {
    "群众": "non_member",
    "入党申请人": "applicant",
    "入党积极分子": "activist",
    "积极分子": "activist",
    "发展对象": "candidate",
    "预备党员": "probationary",
    "中共预备党员": "probationary",
    "正式党员": "member",
    "中共党员": "member",
    "党员": "member",
}
GENDER_ZH = {"男": "male", "女": "female"}
EDUCATION_ZH = {
    "高中及以下": "secondary",
    "高中": "secondary",
    "中专": "secondary",
    "技校": "secondary",
    "初中": "secondary",
    "大专": "vocational",
    "专科": "vocational",
    "高职": "vocational",
    "本科": "bachelor",
    "大学本科": "bachelor",
    "硕士": "master",
    "研究生": "master",
    "博士": "doctor",
}
ORG_KIND_ZH = {
    "基层党委": "committee",
    "党委": "committee",
    "党总支": "general_branch",
    "总支": "general_branch",
    "党支部": "branch",
    "支部": "branch",
    "党小组": "group",
    "临时党支部": "temporary_branch",
    "联合党支部": "joint_branch",
}
REFERENCE_ROWS = 2000  # the code sheets of a template are a convenience, not an export: bounded


def _orgs(ctx):
    # Existence is looked up company-wide so an out-of-scope code gets "you cannot import into …", not "unknown".
    return PartyOrg.objects.all()


def _units(ctx):
    return Unit.objects.restrict(ctx.actor, "view")


ORG_CODE = Ref(_orgs, describe=_lazy("The code of a party organisation (see the sheet of organisations)."))
UNIT_CODE = Ref(_units, describe=_lazy("The code of a production unit (see the sheet of units)."))


def may_import(actor, resource: str, action: str, org) -> bool:
    """The service's own guard for `action` at `org`, plus the import grant on the resource there."""
    try:
        require_at(actor, resource, action, org)
        require_at(actor, resource, "import", org)
    except NotPermitted:
        return False
    return True


def cannot_import_into(org) -> str:
    return _("you cannot import into %(org)s.") % {"org": org}


def _reference_orgs(user, resource: str):
    scope = scope_for(user, resource, "import")
    orgs = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE)
    if not scope.everywhere:
        paths = scope.paths or ["\0"]
        query = None
        for path in paths:
            part = PartyOrg.objects.filter(path__startswith=path)
            query = part if query is None else query | part
        orgs = orgs & query
    rows = [[o.code, o.name, o.get_kind_display()] for o in orgs.order_by("path")[:REFERENCE_ROWS]]
    return (_("Organisations"), [_("Code"), _("Name"), _("Kind")], rows)


def _reference_units(user):
    units = Unit.objects.restrict(user, "view").filter(active=True).order_by("path")[:REFERENCE_ROWS]
    return (_("Units"), [_("Code"), _("Name"), _("Kind")], [[u.code, u.name, u.get_kind_display()] for u in units])


def _same(before, after) -> bool:
    return audit.snapshot(before) == audit.snapshot(after)


@register
class PeopleImport(ImportKind):
    """People (人员): an employee number that exists updates the person, a new one registers them."""

    slug = "people"
    label = _lazy("People")
    description = _lazy("Employees and party members, with their branch, unit and the dates of each recruitment step.")
    resource = "person"
    columns = [
        Column(
            "employee_no",
            _lazy("employee number"),
            "工号",
            Text(30),
            required=True,
            aliases=("员工编号", "职工编号"),
            example="E10001",
        ),
        Column("name", _lazy("name"), "姓名", Text(50), required=True, example="张伟"),
        Column("gender", _lazy("gender"), "性别", Choice(Person.Gender, GENDER_ZH), required=True, example="男"),
        Column(
            "birth_date", _lazy("birth date"), "出生日期", Date(), aliases=("出生年月",), example=dt.date(1990, 3, 1)
        ),
        Column("education", _lazy("education"), "学历", Choice(Person.Education, EDUCATION_ZH), example="本科"),
        Column("job_title", _lazy("job title"), "岗位", Text(60), aliases=("职务", "岗位职务"), example="电解工"),
        Column("unit", _lazy("unit code"), "单位编码", UNIT_CODE, aliases=("unit", "所在单位编码"), example="W1"),
        Column(
            "phone", _lazy("phone"), "手机号", Text(20), aliases=("联系电话", "电话", "手机"), example="13800000000"
        ),
        Column(
            "party_status",
            _lazy("party status"),
            "政治面貌",
            Choice(Person.PartyStatus, PARTY_STATUS_ZH, blank=Person.PartyStatus.NON_MEMBER),
            help=_lazy("Give the date of the status reached and of every step before it."),
            example="正式党员",
        ),
        Column("applied_on", _lazy("applied"), "申请入党日期", Date(), example=dt.date(2012, 3, 1)),
        Column("activist_on", _lazy("activist since"), "确定积极分子日期", Date(), example=dt.date(2012, 9, 1)),
        Column("candidate_on", _lazy("candidate since"), "确定发展对象日期", Date(), example=dt.date(2013, 9, 1)),
        Column("probationary_on", _lazy("probationary since"), "入党日期", Date(), example=dt.date(2014, 3, 1)),
        Column("full_member_on", _lazy("full member since"), "转正日期", Date(), example=dt.date(2015, 3, 1)),
        Column(
            "branch",
            _lazy("branch code"),
            "支部编码",
            ORG_CODE,
            required=True,
            aliases=("branch", "所在支部编码"),
            example="BA",
        ),
        Column("group", _lazy("party group code"), "党小组编码", ORG_CODE, aliases=("group",), example=""),
    ]

    def check_rows(self, rows, ctx):
        people = ctx.cache.setdefault("people", {})
        wanted = {row.values["employee_no"] for row in rows if row.values.get("employee_no")} - set(people)
        # Existence is checked company-wide: a number held outside the user's scope must not become a second person.
        for person in Person.objects.select_related("branch").filter(employee_no__in=wanted):
            people[person.employee_no] = person
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        number = row.values.get("employee_no")
        if not number:
            return
        cells_ok = row.ok
        seen = ctx.state.setdefault("seen", {})
        if number in seen:
            row.error(
                _("employee number “%(no)s” is also in row %(other)s.") % {"no": number, "other": seen[number]},
                self.column("employee_no"),
            )
            return
        seen[number] = row.number
        existing = ctx.cache["people"].get(number)
        branch = row.values.get("branch")
        if existing is None:
            row.action = CREATE
            if branch is not None and not may_import(ctx.actor, "person", "add", branch):
                row.error(cannot_import_into(branch), self.column("branch"))
            person = Person(**row.values)
        else:
            row.action, row.target = UPDATE, existing
            if not may_import(ctx.actor, "person", "change", existing.branch):
                row.error(
                    _("employee number “%(no)s” belongs to a person you may not change.") % {"no": number},
                    self.column("employee_no"),
                )
                return
            if branch is not None and branch != existing.branch and not may_import(ctx.actor, "person", "add", branch):
                row.error(cannot_import_into(branch), self.column("branch"))
            person = copy.copy(existing)
            for name, value in row.values.items():
                setattr(person, name, value)
            cells_ok = self._status_steps(row, existing, person) and cells_ok
        if not cells_ok:
            return  # the model's rules would only repeat, less clearly, what is wrong with the cells
        try:
            # Foreign keys were resolved from codes already; uniqueness of the number was checked above.
            person.full_clean(exclude=["branch", "unit", "group"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
        if row.action == UPDATE and row.ok and not row.extra["steps"] and _same(existing, person):
            row.action = UNCHANGED

    def _status_steps(self, row, existing: Person, person: Person) -> bool:
        """An import may move a person forward along the recruitment path, one recorded step at a time."""
        order = Person.STATUS_ORDER
        current, target = order.index(existing.party_status), order.index(person.party_status)
        column = self.column("party_status")
        row.extra["steps"] = []
        if target < current:
            row.error(
                _("party status cannot go back from %(from)s to %(to)s by import; change it on the person's page.")
                % {"from": existing.get_party_status_display(), "to": person.get_party_status_display()},
                column,
            )
            return False
        steps = order[current + 1 : target + 1]
        last = None
        if steps:
            last = StatusChange.objects.filter(person=existing).order_by("-on").values_list("on", flat=True).first()
        for status in steps:
            date_column = self.column(Person.STATUS_DATE_FIELD[status])
            on = getattr(person, date_column.key)
            if on is None:
                row.error(
                    _("give %(column)s for the step to %(status)s.")
                    % {"column": date_column.title, "status": Person.PartyStatus(status).label},
                    date_column,
                )
            elif last and on < last:
                row.error(
                    _("%(column)s cannot be earlier than the previous step (%(date)s).")
                    % {"column": date_column.title, "date": last},
                    date_column,
                )
            else:
                row.extra["steps"].append((status, on))
                last = on
        return len(row.extra["steps"]) == len(steps)

    def commit_row(self, row, ctx):
        if row.action == CREATE:
            services.person_create(actor=ctx.actor, **row.values)
            return
        fields = {k: v for k, v in row.values.items() if k not in ("employee_no", "party_status")}
        person = services.person_update(actor=ctx.actor, person=row.target, **fields)
        for status, on in row.extra["steps"]:
            person = services.person_change_status(
                actor=ctx.actor, person=person, to_status=status, on=on, note=_("spreadsheet import")
            )

    def reference_sheets(self, user):
        return [_reference_orgs(user, "person"), _reference_units(user)]


ORG_FIELDS = ("code", "name", "kind", "founded_on", "term_start", "term_end")


@register
class OrgImport(ImportKind):
    """Party organisations (党组织): a code that exists updates the org; a parent may be an org created above."""

    slug = "orgs"
    label = _lazy("Party organisations")
    description = _lazy("Party organisations with their parent, term dates and the production units they cover.")
    resource = "org"
    columns = [
        Column(
            "code", _lazy("code"), "组织编码", Text(40), required=True, aliases=("编码", "党组织编码"), example="B07"
        ),
        Column(
            "name",
            _lazy("name"),
            "组织名称",
            Text(100),
            required=True,
            aliases=("名称", "党组织名称"),
            example="电解二车间党支部",
        ),
        Column(
            "kind",
            _lazy("kind"),
            "组织类别",
            Choice(PartyOrg.Kind, ORG_KIND_ZH),
            required=True,
            aliases=("类别",),
            example="党支部",
        ),
        Column(
            "parent",
            _lazy("parent code"),
            "上级组织编码",
            Ref(_orgs, pending_ok=True, describe=_lazy("An existing code, or the code of an organisation above.")),
            aliases=("上级编码", "parent"),
            help=_lazy("Empty for a top-level organisation (company-wide party office only)."),
            example="ROOT",
        ),
        Column("founded_on", _lazy("founded"), "成立日期", Date(), example=dt.date(2018, 7, 1)),
        Column(
            "term_start",
            _lazy("term start"),
            "本届开始日期",
            Date(),
            aliases=("换届日期",),
            example=dt.date(2024, 1, 1),
        ),
        Column(
            "term_end", _lazy("term end"), "本届届满日期", Date(), aliases=("届满日期",), example=dt.date(2027, 1, 1)
        ),
        Column(
            "units",
            _lazy("unit codes"),
            "覆盖单位编码",
            RefList(_units, describe=_lazy("Codes of production units, separated by 、 or a comma.")),
            aliases=("单位编码", "units"),
            example="W1",
        ),
    ]

    def check_rows(self, rows, ctx):
        orgs = ctx.cache.setdefault("orgs", {})
        wanted = {row.values["code"] for row in rows if row.values.get("code")} - set(orgs)
        for org in PartyOrg.objects.select_related("parent").prefetch_related("unit_links").filter(code__in=wanted):
            orgs[org.code] = org
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        code = row.values.get("code")
        if not code:
            return
        seen = ctx.state.setdefault("seen", {})
        declared = ctx.state.setdefault("declared", {})
        if code in seen:
            row.error(
                _("code “%(code)s” is also in row %(other)s.") % {"code": code, "other": seen[code]},
                self.column("code"),
            )
            return
        seen[code] = row.number
        cells_ok = row.ok
        parent, parent_known = self._parent(row, declared)
        existing = ctx.cache["orgs"].get(code)
        fields = {k: row.values[k] for k in ORG_FIELDS if k in row.values}
        if existing is None:
            row.action = CREATE
            if parent_known:
                self._check_parent_scope(row, ctx, parent)
            org = PartyOrg(parent=parent, **fields)
        else:
            row.action, row.target = UPDATE, existing
            if not may_import(ctx.actor, "org", "change", existing):
                row.error(cannot_import_into(existing), self.column("code"))
                return
            org = copy.copy(existing)
            for name, value in fields.items():
                setattr(org, name, value)
            if parent is not None and parent.pk != existing.parent_id:
                self._check_parent_scope(row, ctx, parent)
                org.parent = parent
        if row.action == CREATE:
            # Later rows may name this org as their parent; a stand-in id lets the model's rules see it.
            org.pk = -row.number
            declared[code] = org
        if not (cells_ok and parent_known):
            return  # the model's rules would only repeat, less clearly, what is wrong with the cells
        try:
            org.full_clean(exclude=["id", "parent"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
        units = row.values.get("units")
        for unit in units or []:
            try:
                OrgUnitLink(org=org, unit=unit).clean()
            except ValidationError as exc:
                for message in exc.messages:
                    row.error(f"{self.column('units').title} “{unit.code}”: {message}", self.column("units"))
        if row.action == UPDATE and row.ok and org.parent_id == existing.parent_id and _same(existing, org):
            if units is None or {u.pk for u in units} == {link.unit_id for link in existing.unit_links.all()}:
                row.action = UNCHANGED

    def _parent(self, row, declared) -> tuple[PartyOrg | None, bool]:
        """The parent org (a stand-in if created by a row above) and whether the code was found at all."""
        parent = row.values.get("parent")
        if not isinstance(parent, Pending):
            return parent, True
        if parent.code in declared:
            return declared[parent.code], True
        row.error(
            _("%(column)s “%(code)s” is neither an existing organisation nor created in a row above.")
            % {"column": self.column("parent").title, "code": parent.code},
            self.column("parent"),
        )
        return None, False

    def _check_parent_scope(self, row, ctx, parent) -> None:
        if parent is None:
            try:
                require_global(ctx.actor, "org", "add")
                require_global(ctx.actor, "org", "import")
            except NotPermitted:
                row.error(_("give the parent organisation's code."), self.column("parent"))
        elif parent.pk > 0 and not may_import(ctx.actor, "org", "add", parent):
            row.error(cannot_import_into(parent), self.column("parent"))

    def commit_row(self, row, ctx):
        created = ctx.state.setdefault("created", {})
        parent = row.values.get("parent")
        if isinstance(parent, Pending):
            parent = created[parent.code]
        fields = {k: row.values[k] for k in ORG_FIELDS if k in row.values}
        if row.action == CREATE:
            org = services.org_create(actor=ctx.actor, parent=parent, **fields)
            created[org.code] = org
        else:
            org = services.org_update(actor=ctx.actor, org=row.target, parent=parent, **fields)
        if "units" in row.values:
            services.org_set_units(actor=ctx.actor, org=org, units=row.values["units"])

    def reference_sheets(self, user):
        return [_reference_orgs(user, "org"), _reference_units(user)]
