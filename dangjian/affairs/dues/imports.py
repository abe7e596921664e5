"""The payroll import of dues bases (core/imports): one member per row — employee number, dues year (the July it
starts), monthly after-tax fixed pay and category. A member with a base for that year gets it changed; written
through `services.base_set` as the uploader, all rows or none."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.affairs.dues import services
from dangjian.affairs.dues.models import DuesBase
from dangjian.affairs.dues.rates import Category, monthly_dues
from dangjian.core.errors import InvalidInput
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, CellError, Choice, Column, ImportKind, Ref, register
from dangjian.core.imports.columns import Parser, as_text
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.org.models import Person


def people_lookup(ctx):
    return Person.objects.all() if is_system(ctx.actor) else Person.objects.restrict(ctx.actor, VIEW)


class Money(Parser):
    """An amount in 元, to the fen (a number cell or text such as 4,860.50)."""

    def parse(self, value, *, column, ctx):
        try:
            return services.money(as_text(value), field=column.key)
        except InvalidInput:
            raise CellError(
                _("%(column)s “%(value)s” is not an amount in 元 (at least 0, to the fen).")
                % {"column": column.title, "value": as_text(value)[:20]}
            ) from None

    def describe(self):
        return _("An amount in 元, e.g. 4860.50.")


class Year(Parser):
    def parse(self, value, *, column, ctx):
        text = as_text(value)
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise CellError(
                _("%(column)s “%(value)s” is not a year from 2000 to 2100.")
                % {"column": column.title, "value": text[:20]}
            )
        return int(text)

    def describe(self):
        return _("The July the dues year starts: 2025 = July 2025 – June 2026.")


@register
class DuesBasesImport(ImportKind):
    slug = "dues-bases"
    label = _lazy("Dues bases (payroll)")
    description = _lazy(
        "One party member per row: employee number, dues year (the July it starts), monthly after-tax fixed pay "
        "(税后固定工资) and category (在职, 离退休, 学生, 失业). The dues follow the 2008 brackets; a member who "
        "already has a base for the year gets it changed."
    )
    resource = "dues_base"
    result_url = "dues:bases"
    columns = [
        Column(
            "person",
            _lazy("employee number"),
            "工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            required=True,
            example="QN0001",
        ),
        Column("year", _lazy("dues year"), "党费年度", Year(), required=True, aliases=("年度",), example="2025"),
        Column(
            "base",
            _lazy("monthly after-tax fixed pay"),
            "税后固定工资",
            Money(),
            required=True,
            aliases=("党费基数", "基数"),
            example="5860.00",
        ),
        Column(
            "category",
            _lazy("category"),
            "类别",
            Choice(
                Category,
                aliases={
                    "在职": "employed",
                    "离退休": "retired",
                    "退休": "retired",
                    "学生": "student",
                    "失业": "unemployed",
                },
                blank=Category.EMPLOYED,
            ),
            help=_lazy("Empty: in work."),
        ),
    ]

    def check_row(self, row, ctx):
        person, year = row.values.get("person"), row.values.get("year")
        if not isinstance(person, Person) or year is None:
            return
        key = (person.pk, year)
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(_("row %(other)s already gives this member's base for the year.") % {"other": seen[key]})
            return
        seen[key] = row.number
        if person.party_status not in (Person.PartyStatus.PROBATIONARY, Person.PartyStatus.MEMBER):
            row.error(_("%(name)s is not a party member.") % {"name": person.name}, self.column("person"))
            return
        found = DuesBase.objects.filter(person=person, year=year).first()
        if not is_system(ctx.actor) and not can_at(ctx.actor, "dues_base", CHANGE if found else ADD, person.branch):
            row.error(_("You may not set this member's base."), self.column("person"))
            return
        if not row.ok:
            return
        category = row.values.get("category") or Category.EMPLOYED
        base: Decimal = row.values["base"]
        row.target = found
        if found is None:
            row.action = CREATE
        elif (found.base, found.category, found.monthly) == (base, category, monthly_dues(base, category)):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx):
        services.base_set(
            actor=ctx.actor,
            person=row.values["person"],
            year=row.values["year"],
            base=row.values["base"],
            category=row.values.get("category") or Category.EMPLOYED,
            source=DuesBase.Source.IMPORT,
        )
