"""The programme-items import (降本增效实施方案指标): one row per indicator of a programme at one unit — its annual
target, owner, price, measures (one per line) and, optionally, monthly targets. The programme is named by its org,
year and name and must exist (started on its page or through the API). An item already in the programme (the same
indicator and unit) is replaced by the row; its measures and monthly targets only when those columns are in the file.
Each row goes in through services.item_save as the uploader, all or nothing."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UPDATE, Column, ImportKind, Ref, Text, register
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.indicators.imports import UNIT_CODE, Number, Whole, reference_sheets
from dangjian.indicators.models import Indicator
from dangjian.org import tenancy
from dangjian.org.imports.common import cannot_import_into, may_import
from dangjian.projects.costs import services
from dangjian.projects.costs.models import Programme, ProgrammeItem
from dangjian.projects.projects.imports import Lines, people_lookup

MONTH_KEYS = {f"m{m}": m for m in range(1, 13)}
INDICATOR = Ref(
    lambda ctx: Indicator._base_manager.filter(tenancy.company_q(ctx.actor, "company", shared=True)),
    describe=_lazy("The code of an indicator of your company (see the sheet of indicators)."),
    refuse=lambda i: None if i.active else _("%(name)s is no longer in use.") % {"name": i},
)


def _programmes(actor):
    return Programme.objects.all() if is_system(actor) else Programme.objects.restrict(actor, VIEW)


@register
class ProgrammeItemsImport(ImportKind):
    """A cost-reduction programme's indicators with their targets, owners and measures."""

    slug = "cost-items"
    label = _lazy("Cost-reduction programme items")
    description = _lazy(
        "One row per indicator and unit of a programme: the programme (organisation code, year, name), the annual "
        "target, the owner, the unit price and the measures, one per line. Start the programme on its page first."
    )
    # Programmes are run like the org's projects (costs/models.py): the "project" grant at the owner org.
    resource = "project"
    result_url = "costs:list"
    columns = [
        Column("org", _lazy("organisation code"), "组织编码", Text(40), required=True, example="B07"),
        Column("year", _lazy("year"), "年度", Whole(2000, 2100), required=True, example=2020),
        Column(
            "programme",
            _lazy("programme"),
            "方案名称",
            Text(200),
            required=True,
            aliases=("方案",),
            example="轧钢厂2020年降本增效实施方案",
        ),
        Column(
            "indicator", _lazy("indicator"), "指标编码", INDICATOR, required=True, aliases=("指标",), example="KWH_T"
        ),
        Column("unit", _lazy("unit"), "单位编码", UNIT_CODE, required=True, aliases=("单位",), example="W1"),
        Column("annual_target", _lazy("annual target"), "年度目标", Number(), required=True, example="13150"),
        Column(
            "owner",
            _lazy("owner"),
            "责任人工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            help=_lazy("Whose pay is tied to it."),
        ),
        Column(
            "unit_price",
            _lazy("unit price (元)"),
            "单价",
            Number(),
            help=_lazy("The money value of one unit saved; empty for no money figure."),
            example="0.35",
        ),
        Column("measures", _lazy("measures"), "重点措施", Lines(), example="合理安排换辊换槽时间"),
        Column("sort_order", _lazy("order"), "排序", Whole(0, 1_000_000)),
        *[
            Column(key, format_lazy("{} {}", _lazy("target in month"), m), f"{m}月目标", Number())
            for key, m in MONTH_KEYS.items()
        ],
    ]

    def check_row(self, row, ctx):
        values = row.values
        if not row.ok or not all(values.get(k) not in (None, "") for k in ("org", "year", "programme")):
            return
        programme = self._programme(values, ctx)
        if programme is None:
            row.error(
                _("%(org)s has no programme “%(name)s” for %(year)s; start it on the programmes page first.")
                % {"org": values["org"], "name": values["programme"], "year": values["year"]},
                self.column("programme"),
            )
            return
        if not may_import(ctx.actor, "project", CHANGE, programme.owner_org):
            row.error(cannot_import_into(programme.owner_org), self.column("org"))
            return
        price = values.get("unit_price")
        if price is not None and price < 0:
            row.error(_("A price cannot be negative."), self.column("unit_price"))
        if len(values.get("measures") or []) > services.MAX_MEASURES:
            row.error(_("At most %(max)s measures per item.") % {"max": services.MAX_MEASURES}, self.column("measures"))
        for line in values.get("measures") or []:
            if len(line) > 300:
                row.error(
                    _("a measure is longer than 300 characters: “%(measure)s…”.") % {"measure": line[:20]},
                    self.column("measures"),
                )
        key = (programme.pk, values["indicator"].pk, values["unit"].pk)
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(
                _("row %(other)s already gives this indicator and unit for the programme.") % {"other": seen[key]}
            )
            return
        seen[key] = row.number
        row.target = (
            programme,
            ProgrammeItem.objects.filter(
                programme=programme, indicator=values["indicator"], unit=values["unit"]
            ).first(),
        )
        row.action = UPDATE if row.target[1] else CREATE

    def _programme(self, values, ctx) -> Programme | None:
        cache = ctx.cache.setdefault("programmes", {})
        key = (values["org"], values["year"], values["programme"])
        if key not in cache:
            cache[key] = (
                _programmes(ctx.actor)
                .select_related("owner_org")
                .filter(owner_org__code=key[0], year=key[1], name=key[2])
                .first()
            )
        return cache[key]

    def commit_row(self, row, ctx):
        values = row.values
        programme, item = row.target
        if item is not None:
            item = ProgrammeItem.objects.filter(pk=item.pk).first()
        months = [key for key in MONTH_KEYS if key in ctx.present]
        monthly = {MONTH_KEYS[k]: values[k] for k in months if values.get(k) is not None} if months else None
        measures = values.get("measures") or [] if "measures" in ctx.present else None
        services.item_save(
            actor=ctx.actor,
            programme=programme,
            item=item,
            indicator=values["indicator"],
            unit=values["unit"],
            annual_target=values["annual_target"],
            owner=values.get("owner") if "owner" in ctx.present else (item.owner if item else None),
            unit_price=values.get("unit_price") if "unit_price" in ctx.present else (item.unit_price if item else None),
            monthly_targets=monthly if item is not None or monthly else {},
            measures=measures if item is not None else (measures or []),
            sort_order=self._order(values, item, row.number),
        )

    @staticmethod
    def _order(values, item, number: int) -> int:
        if values.get("sort_order") is not None:
            return values["sort_order"]
        return item.sort_order if item is not None else number

    def reference_sheets(self, user):
        programmes = _programmes(user).select_related("owner_org").order_by("-year", "owner_org__path", "name")[:500]
        sheet = (
            _("Programmes"),
            [_("Organisation code"), _("Year"), _("Name")],
            [[p.owner_org.code, p.year, p.name] for p in programmes],
        )
        indicators = Indicator.objects.restrict(user, "view").filter(active=True).order_by("sort_order", "code")
        return [sheet, *reference_sheets(user, indicators)]
