"""Spreadsheet imports of recruitment (core/imports): the annual plans (one org and year per row) and the pipeline
(one step done per row, in the order of the file: a row with step 1 opens the person's file). Every row goes through
the services as the uploader, so the order and time rules are the same as on the page; the whole file is written or
nothing. The two votes and the introducers name a meeting or two people and are recorded on the page or the API."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.affairs.recruitment import services, steps
from dangjian.affairs.recruitment.models import Dossier, Plan
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import CellError, Parser, as_text
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.org.imports.common import cannot_import_into, dissolved, may_import, reference_orgs
from dangjian.org.models import PartyOrg, Person


class Whole(Parser):
    """A whole number within bounds."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        if not text.isdigit() or not self.low <= int(text) <= self.high:
            raise CellError(
                _("%(column)s “%(value)s” is not a whole number from %(low)s to %(high)s.")
                % {"column": column.title, "value": text[:20], "low": self.low, "high": self.high}
            )
        return int(text)

    def describe(self):
        return _("A whole number from %(low)s to %(high)s.") % {"low": self.low, "high": self.high}


class StepCode(Parser):
    """A national step by its number (1–25) or code."""

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        by_number = {str(s.number): s.code for s in steps.NATIONAL}
        code = by_number.get(text, text)
        if code not in steps.BY_CODE:
            raise CellError(_("%(column)s “%(value)s” is not a step 1–25.") % {"column": column.title, "value": text})
        return code

    def describe(self):
        return _("The national step's number (1–25) or code.")


def org_lookup(ctx):
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


def people_lookup(ctx):
    return Person.objects.all() if is_system(ctx.actor) else Person.objects.restrict(ctx.actor, VIEW)


@register
class PlansImport(ImportKind):
    slug = "recruitment-plans"
    label = _lazy("Recruitment plans")
    description = _lazy(
        "One org's recruitment plan per row: organisation code, year, planned admissions and a note. An org and year "
        "already planned change that plan."
    )
    resource = "recruitment"
    result_url = "recruitment:plans"
    columns = [
        Column(
            "org",
            _lazy("organisation code"),
            "组织编码",
            Ref(org_lookup, describe=_lazy("The code of a party organisation."), refuse=dissolved),
            required=True,
            example="B07",
        ),
        Column("year", _lazy("year"), "年度", Whole(2000, 2100), required=True, example=2025),
        Column("planned", _lazy("planned admissions"), "计划发展数", Whole(0, 1000), required=True, example=3),
        Column("note", _lazy("note"), "备注", Text(200)),
    ]

    def check_row(self, row, ctx):
        org, year = row.values.get("org"), row.values.get("year")
        if not isinstance(org, PartyOrg) or not year:
            return
        if not self.first_in_file(row, ctx, f"{org.code}/{year}"):
            return
        target = Plan.objects.filter(org=org, year=year).first()
        if not may_import(ctx.actor, "recruitment", CHANGE if target else ADD, org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        row.target = target
        if target is None:
            row.action = CREATE
        elif target.planned == row.values["planned"] and target.note == row.values.get("note", target.note):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx):
        note = row.values.get("note", row.target.note if row.target else "")
        services.plan_save(
            actor=ctx.actor, org=row.values["org"], year=row.values["year"], planned=row.values["planned"], note=note
        )

    def reference_sheets(self, user):
        return [reference_orgs(user, "recruitment")]


NOT_IMPORTED = ("introducers", "admission_vote", "conversion_vote")


@register
class StepsImport(ImportKind):
    slug = "recruitment-steps"
    label = _lazy("Recruitment steps")
    description = _lazy(
        "One step done per row, in order: employee number, step (1–25), date, note, and for the training its days or "
        "hours. Step 1 opens the person's file. The votes and the introducers are recorded on the file's page."
    )
    resource = "recruitment"
    result_url = "recruitment:board"
    columns = [
        Column(
            "person",
            _lazy("employee number"),
            "工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            required=True,
            example="QN0102",
        ),
        Column("step", _lazy("step"), "步骤", StepCode(), required=True, example=2),
        Column("done_on", _lazy("date"), "日期", Date(), required=True),
        Column("note", _lazy("note"), "备注", Text(300)),
        Column("training_days", _lazy("training days"), "培训天数", Whole(0, 365)),
        Column("training_hours", _lazy("training hours"), "培训学时", Whole(0, 9999)),
    ]

    def check_row(self, row, ctx):
        person, code = row.values.get("person"), row.values.get("step")
        if not isinstance(person, Person) or not code:
            return
        if code in NOT_IMPORTED:
            row.error(_("record the votes and the introducers on the file's page."), self.column("step"))
            return
        if not may_import(ctx.actor, "recruitment", CHANGE, person.branch):
            row.error(cannot_import_into(person.branch), self.column("person"))
            return
        row.action = CREATE

    def commit_row(self, row, ctx):
        person, code = row.values["person"], row.values["step"]
        if code == "apply":
            services.dossier_open(
                actor=ctx.actor, person=person, applied_on=row.values["done_on"], note=row.values.get("note", "")
            )
            return
        dossier = Dossier.objects.filter(person=person, state=Dossier.State.OPEN).first()
        if dossier is None:
            raise services.invalid("person", _("%(name)s has no open file.") % {"name": person.name})
        services.step_record(
            actor=ctx.actor,
            dossier=dossier,
            step=code,
            done_on=row.values["done_on"],
            note=row.values.get("note", ""),
            training_days=row.values.get("training_days"),
            training_hours=row.values.get("training_hours"),
        )

    def reference_sheets(self, user):
        return [reference_orgs(user, "recruitment")]
