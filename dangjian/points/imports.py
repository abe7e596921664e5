"""The democratic appraisal import (民主评议党员结果): one row per person and year, with the veto items. Each row goes
through `appraisal_record`, so the person's stars are recomputed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, Choice, Column, ImportKind, Ref, Text, register
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.points import services
from dangjian.points.models import Appraisal
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
