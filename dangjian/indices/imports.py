"""The weights sheet (core/imports): one version per row — the index (堡垒指数 or 先锋指数), the month it applies
from, one whole-number weight per component (blank = 0, the index's weights adding up to 100) and a note. Each row
becomes a new version through `services.weights_set` as the uploader, all rows or none; a column naming a banned
activity does not exist, so it cannot be imported."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core import months
from dangjian.core.errors import InvalidInput
from dangjian.core.imports import CREATE, Choice, Column, ImportKind, register
from dangjian.core.imports.columns import Text
from dangjian.core.permissions import ADD
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.indices import components, services
from dangjian.indices.models import Kind
from dangjian.org import tenancy

ZH_LABELS = {
    "project_goals": "项目目标达成度",
    "production": "生产成效",
    "meetings": "组织生活开展",
    "service_sla": "诉求按期办结",
    "assessment": "考核得分",
    "points": "获得积分党员占比",
    "member_points": "实际贡献积分",
    "member_projects": "所参加项目目标达成度",
}


def _company(ctx):
    return tenancy.companies(ctx.actor).order_by("path").first()


@register
class IndexWeightsImport(ImportKind):
    slug = "index-weights"
    label = _lazy("Index weights")
    description = _lazy(
        "One weight version per row: the index (堡垒指数 or 先锋指数), the month it applies from (this year or later), "
        "a whole-number weight per component of that index (blank = 0; they add up to 100) and a note."
    )
    resource = "index_weights"
    result_url = "indices:weights"
    columns = [
        Column(
            "kind",
            _lazy("index"),
            "指数",
            Choice(Kind, aliases={"堡垒指数": Kind.BRANCH, "先锋指数": Kind.MEMBER}),
            required=True,
            example="堡垒指数",
        ),
        Column("valid_from", _lazy("applies from (month)"), "起用月份", Text(7), required=True, example="2026-01"),
        *[
            Column(c.code, c.label, ZH_LABELS.get(c.code, c.code), Text(3), example=str(c.default_weight))
            for c in components.of_kind(Kind.BRANCH) + components.of_kind(Kind.MEMBER)
        ],
        Column("note", _lazy("note"), "备注", Text(200)),
    ]

    def check_row(self, row, ctx):
        kind = row.values.get("kind")
        month = months.parse(str(row.values.get("valid_from") or ""))
        if month is None:
            row.error(_("Give the month as YYYY-MM."), self.column("valid_from"))
        company = _company(ctx)
        if company is None or (not is_system(ctx.actor) and not can_at(ctx.actor, "index_weights", ADD, company)):
            row.error(_("You may not set the weights."))
        if not row.ok or kind is None:
            return
        weights = {c.code: row.values.get(c.code) or 0 for c in components.of_kind(kind)}
        others = [
            c for c in components.of_kind(Kind.MEMBER if kind == Kind.BRANCH else Kind.BRANCH) if row.values.get(c.code)
        ]
        if others:
            row.error(_("%(column)s is not a component of this index.") % {"column": self.column(others[0].code).title})
            return
        try:
            row.extra["weights"] = services.clean_weights(kind, weights)
        except InvalidInput as exc:
            row.error(exc.message)
            return
        if month < timezone.localdate().replace(month=1, day=1):
            row.error(_("A month of this year or later."), self.column("valid_from"))
            return
        row.extra.update(company=company, month=month)
        row.action = CREATE

    def commit_row(self, row, ctx):
        services.weights_set(
            actor=ctx.actor,
            company=row.extra["company"],
            kind=row.values["kind"],
            valid_from=row.extra["month"],
            weights=row.extra["weights"],
            note=row.values.get("note") or "",
        )
