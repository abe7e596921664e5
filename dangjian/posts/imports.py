"""Spreadsheet imports of the four registers (core/imports): responsibility zones, pioneer posts, task forces and
pairings, one post per row. A post is known by its org and name: a row naming one already there changes it, a new
name adds one. Each row is written through `services.post_save` as the uploader."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Column, Date, ImportKind, Ref, RefList, Text, register
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.org.imports.common import cannot_import_into, dissolved, may_import, reference_orgs
from dangjian.org.models import PartyOrg
from dangjian.posts import services
from dangjian.posts.services import FIELDS, KINDS
from dangjian.projects.projects.imports import people_lookup
from dangjian.projects.projects.models import Project


def org_lookup(ctx):
    # Only the orgs the uploader sees: another company's code is unknown, never named back.
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


def project_lookup(ctx):
    return Project.objects.all() if is_system(ctx.actor) else Project.objects.restrict(ctx.actor, VIEW)


ORG = Ref(
    org_lookup, describe=_lazy("The code of a party organisation (see the sheet of organisations)."), refuse=dissolved
)
PERSON = Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see."))
PEOPLE = RefList(
    people_lookup, field="employee_no", describe=_lazy("Employee numbers you may see, separated by 、 or commas.")
)
DAY = dt.date(2025, 3, 1)

COMMON = [
    Column("org", _lazy("organisation code"), "组织编码", ORG, required=True, aliases=("党组织编码",), example="B07"),
    Column(
        "name",
        _lazy("name"),
        "名称",
        Text(120),
        required=True,
        help=_lazy("With the organisation code it names the post: the same name again changes that post."),
        example="电解三车间1-40号槽党员责任区",
    ),
    Column("starts_on", _lazy("from"), "开始日期", Date(), required=True, example=DAY),
    Column("ends_on", _lazy("until"), "结束日期", Date(), help=_lazy("Empty: it runs on.")),
]


class PostImport(ImportKind):
    """One register: rows keyed by (org, name); the kind's own columns after the common ones."""

    kind = ""
    resource = "post"
    result_url = "posts:registers"

    def check_rows(self, rows, ctx):
        """The posts the chunk's rows name, in one query: by (org id, name), several when a name repeats."""
        found = ctx.cache.setdefault("posts", {})
        orgs = {row.values["org"].pk for row in rows if isinstance(row.values.get("org"), PartyOrg)}
        names = {row.values["name"] for row in rows if row.values.get("name")}
        if orgs and names:
            model = KINDS[self.kind]
            existing = model.objects.filter(org_id__in=orgs, name__in=names).select_related("org")
            if hasattr(model, "members"):
                existing = existing.prefetch_related("members")
            for post in existing:
                found.setdefault((post.org_id, post.name), {})[post.pk] = post
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        org, name = row.values.get("org"), row.values.get("name")
        if not isinstance(org, PartyOrg) or not name:
            return
        key = (org.pk, name)
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(
                _("row %(other)s already gives “%(name)s” of this organisation.") % {"other": seen[key], "name": name}
            )
            return
        seen[key] = row.number
        existing = list(ctx.cache.get("posts", {}).get(key, {}).values())
        if len(existing) > 1:
            row.error(
                _("%(org)s has several posts named “%(name)s”; change them on the register page.")
                % {"org": org, "name": name}
            )
            return
        target = existing[0] if existing else None
        if not may_import(ctx.actor, "post", CHANGE if target else ADD, org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        if not row.ok:
            return
        row.target = target
        fields = self.fields(row)
        if target is None:
            row.action = CREATE
        elif self.unchanged(target, fields, row.values.get("members")):
            row.action = UNCHANGED
            return
        else:
            row.action = UPDATE
        candidate = KINDS[self.kind](org=org, **self.model_fields(target, fields))
        try:
            candidate.full_clean(exclude=["members"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)

    def fields(self, row) -> dict:
        """The values of the post's own fields in the columns the file has (a column left out is not changed)."""
        return {k: v for k, v in row.values.items() if k in FIELDS[self.kind]}

    def model_fields(self, target, fields: dict) -> dict:
        current = {k: getattr(target, k) for k in FIELDS[self.kind]} if target is not None else {}
        return {**current, **fields}

    def unchanged(self, target, fields: dict, members) -> bool:
        same = all(getattr(target, k) == v for k, v in fields.items())
        if members is not None and hasattr(target, "members"):
            same = same and {p.pk for p in target.members.all()} == {p.pk for p in members}
        return same

    def commit_row(self, row, ctx):
        members = row.values.get("members") if "members" in row.values else None
        services.post_save(
            actor=ctx.actor,
            kind=self.kind,
            org=row.values["org"],
            obj=row.target,
            members=members,
            **self.fields(row),
        )

    def reference_sheets(self, user):
        return [reference_orgs(user, "post")]


@register
class ZonesImport(PostImport):
    slug, kind = "post-zones", "zones"
    label = _lazy("Responsibility zones")
    description = _lazy(
        "One responsibility zone (党员责任区) per row: organisation code, name, period, the area it covers, goals, the "
        "leader's employee number and the members' (separated by 、). An organisation code and name already there "
        "change that zone."
    )
    columns = [
        *COMMON,
        Column("area", _lazy("area"), "责任区域", Text(200), required=True, example="电解三车间1-40号槽"),
        Column("goals", _lazy("goals"), "目标", Text(2000), example="效应系数≤0.03"),
        Column("leader", _lazy("leader (employee number)"), "负责人工号", PERSON, example="QN0001"),
        Column("members", _lazy("members (employee numbers)"), "成员工号", PEOPLE, example="QN0002、QN0003"),
    ]


@register
class PioneersImport(PostImport):
    slug, kind = "post-pioneers", "pioneers"
    label = _lazy("Pioneer posts")
    description = _lazy(
        "One pioneer post (党员先锋岗) per row: organisation code, name, period, the holder's employee number and "
        "their commitments. An organisation code and name already there change that post."
    )
    columns = [
        *COMMON,
        Column("holder", _lazy("holder (employee number)"), "岗位人工号", PERSON, required=True, example="QN0001"),
        Column("duties", _lazy("commitments"), "承诺", Text(2000), example="确保整流所安全运行"),
    ]


@register
class TaskForcesImport(PostImport):
    slug, kind = "post-taskforces", "taskforces"
    label = _lazy("Task forces")
    description = _lazy(
        "One task force (党员攻坚小组) per row: organisation code, name, period, the problem taken on, the 党建+X "
        "project code (optional), the leader's employee number and the members' (separated by 、). An organisation "
        "code and name already there change that task force."
    )
    columns = [
        *COMMON,
        Column("problem", _lazy("problem taken on"), "攻坚课题", Text(4000), required=True, example="阳极效应系数偏高"),
        Column(
            "project",
            _lazy("党建+X project code"),
            "项目编号",
            Ref(project_lookup, describe=_lazy("The code of a 党建+X project you may see.")),
            help=_lazy("Empty: not part of a project."),
        ),
        Column("leader", _lazy("leader (employee number)"), "组长工号", PERSON, example="QN0001"),
        Column("members", _lazy("members (employee numbers)"), "成员工号", PEOPLE, example="QN0002、QN0003"),
    ]


@register
class PairingsImport(PostImport):
    slug, kind = "post-pairings", "pairings"
    label = _lazy("Pairings")
    description = _lazy(
        "One pairing (结对帮扶) per row: organisation code, what it is for (the name), period, the party member's "
        "employee number, the colleague's and the goals. An organisation code and name already there change that "
        "pairing."
    )
    columns = [
        *COMMON,
        Column("member", _lazy("party member (employee number)"), "党员工号", PERSON, required=True, example="QN0001"),
        Column(
            "colleague", _lazy("colleague (employee number)"), "结对对象工号", PERSON, required=True, example="QN0102"
        ),
        Column("goals", _lazy("goals"), "帮扶目标", Text(2000), example="三个月内独立上岗"),
    ]
