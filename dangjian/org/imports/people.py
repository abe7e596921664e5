"""The people import (人员): an employee number that exists updates the person, a new one registers them.

Rows are checked with the same permission guards and model validation the services use, so a file that passes the
check normally commits; the commit still goes through the person services, which check everything again.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Text, register
from dangjian.org import services
from dangjian.org.imports.common import (
    ORG_CODE,
    UNIT_CODE,
    cannot_import_into,
    may_import,
    reference_orgs,
    reference_units,
    unchanged,
)
from dangjian.org.models import Person, StatusChange

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


@register
class PeopleImport(ImportKind):
    """People (人员): an employee number that exists updates the person, a new one registers them."""

    slug = "people"
    label = _lazy("People")
    description = _lazy("Employees and party members, with their branch, unit and the dates of each recruitment step.")
    resource = "person"
    result_url = "org:people"
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
        Column("name", pgettext_lazy("person", "name"), "姓名", Text(50), required=True, example="张伟"),
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
        if row.action == UPDATE and row.ok and not row.extra["steps"] and unchanged(existing, person):
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
        return [reference_orgs(user, "person"), reference_units(user)]
