"""The indicator-catalogue import (指标目录): one indicator per row, with what the create page and the API take —
code, name, unit of measure, category, direction, granularity, roll-up rule with its weighting indicator or its
numerator, denominator and factor, benchmark, decimals, owner unit, key flag, order and description.

A code on record updates that indicator (only the columns the file has); a new code adds one to the catalogue of the
owner unit's company (or the importer's only company). A weight, numerator or denominator may be an indicator
created in a row above, so a ratio and its two sums can come in one file. The check applies the model's roll-up
rules and the service's (the granularity, and whether it is a ratio, are fixed once values exist); rows are written
through services.indicator_create / indicator_update, as the pages and the API write them.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.errors import DomainError
from dangjian.core.imports import (
    CREATE,
    UNCHANGED,
    UPDATE,
    CellError,
    Choice,
    Column,
    ImportKind,
    Pending,
    Ref,
    Text,
    register,
)
from dangjian.core.imports.columns import Parser, as_text, normalise
from dangjian.core.permissions import IMPORT
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system
from dangjian.indicators import services
from dangjian.indicators.imports import Number, Whole, reference_sheets
from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.org import tenancy

CATEGORY_ZH = {
    "产量": "output",
    "产出": "output",
    "成本": "cost",
    "能耗": "energy",
    "能源": "energy",
    "质量": "quality",
    "设备": "equipment",
    "安全环保": "safety",
    "安全": "safety",
    "创效": "value",
    "价值": "value",
    "其他": "other",
}
DIRECTION_ZH = {"越高越好": "higher", "高": "higher", "越低越好": "lower", "低": "lower"}
ROLLUP_ZH = {
    "求和": "sum",
    "累加": "sum",
    "加权平均": "weighted_avg",
    "比值": "ratio",
    "比率": "ratio",
    "期末值": "last",
    "最新值": "last",
    "算术平均": "avg",
    "平均": "avg",
}
GRANULARITY_ZH = {"班": "shift", "班次": "shift", "日": "day", "天": "day", "月": "month"}
YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "×", "✗"}
# Columns whose empty cell keeps the stored value (or the default for a new indicator) rather than clearing it.
KEEP_IF_EMPTY = ("category", "direction", "rollup", "factor", "decimals", "sort_order", "active")
LINKS = ("weight", "numerator", "denominator")


class YesNo(Parser):
    """是/否 (yes/no, 1/0, true/false)."""

    def __init__(self, blank=None):
        self.blank = blank

    def parse(self, value, *, column, ctx):
        if isinstance(value, bool):
            return value
        text = normalise(as_text(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(_("%(column)s “%(value)s” is not 是 or 否.") % {"column": column.title, "value": text[:20]})

    def describe(self):
        return _("是 or 否.")

    def display(self, value):
        return "" if value is None else ("是" if value else "否")


class Amount(Number):
    """A number stored with its own decimals (100, not 100.000000), so the field's limit on decimals applies."""

    def parse(self, value, *, column, ctx):
        number = super().parse(value, column=column, ctx=ctx).normalize()
        return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


def _catalogue(ctx):
    # The importer's companies' indicators and the shared ones; another company's code reads as unknown.
    return Indicator._base_manager.filter(tenancy.company_q(ctx.actor, "company", shared=True))


INDICATOR_REF = {
    "describe": _lazy("The code of a sum indicator of the catalogue, or of one created in a row above."),
    "pending_ok": True,
}


@register
class IndicatorCatalogueImport(ImportKind):
    """The company's indicator catalogue (指标目录): a code on record updates the indicator, a new one adds it."""

    slug = "indicators"
    label = _lazy("Indicator catalogue")
    description = _lazy(
        "One indicator per row: code, name, unit of measure, granularity, how it rolls up (with the weighting "
        "indicator, or the numerator and denominator of a ratio), benchmark, owner unit and whether it is a key "
        "indicator. A code already in the catalogue updates that indicator with the columns given."
    )
    resource = "indicator"
    result_url = "indicators:catalogue"
    columns = [
        Column("code", _lazy("code"), "指标编码", Text(40), required=True, aliases=("编码",), example="AL_OUTPUT"),
        Column("name", _lazy("name"), "指标名称", Text(100), required=True, aliases=("名称",), example="原铝产量"),
        Column(
            "unit_of_measure",
            _lazy("unit of measure"),
            "计量单位",
            Text(30),
            aliases=("单位", "计量单位名称"),
            example="t",
        ),
        Column("category", _lazy("category"), "类别", Choice(Indicator.Category, CATEGORY_ZH), example="产量"),
        Column(
            "direction",
            _lazy("direction"),
            "方向",
            Choice(Indicator.Direction, DIRECTION_ZH),
            aliases=("优劣方向",),
            example="越高越好",
        ),
        Column(
            "granularity",
            _lazy("granularity"),
            "数据周期",
            Choice(Indicator.Granularity, GRANULARITY_ZH),
            required=True,
            aliases=("周期", "粒度"),
            help=_lazy("The period of one stored value; fixed once the indicator has values."),
            example="日",
        ),
        Column(
            "rollup",
            _lazy("roll-up rule"),
            "汇总方式",
            Choice(Indicator.Rollup, ROLLUP_ZH),
            aliases=("汇总规则",),
            help=_lazy(
                "Sum for quantities; a rate or share is a weighted average (give the weighting indicator) or a ratio "
                "of two sums (give the numerator and denominator), never a plain average."
            ),
            example="求和",
        ),
        Column(
            "weight",
            _lazy("weighted by"),
            "权重指标编码",
            Ref(_catalogue, **INDICATOR_REF),
            aliases=("权重指标",),
            help=_lazy("Only for a weighted average."),
            example="",
        ),
        Column(
            "numerator",
            _lazy("numerator"),
            "分子指标编码",
            Ref(_catalogue, **INDICATOR_REF),
            aliases=("分子指标",),
            help=_lazy("Only for a ratio."),
            example="",
        ),
        Column(
            "denominator",
            _lazy("denominator"),
            "分母指标编码",
            Ref(_catalogue, **INDICATOR_REF),
            aliases=("分母指标",),
            help=_lazy("Only for a ratio."),
            example="",
        ),
        Column(
            "factor",
            _lazy("ratio factor"),
            "比值系数",
            Amount(),
            aliases=("系数",),
            help=_lazy("For a ratio: numerator ÷ denominator × this factor, e.g. 100 for a percentage; 1 if empty."),
            example="",
        ),
        Column("benchmark", _lazy("industry benchmark"), "行业标杆值", Amount(), aliases=("标杆值",), example="1000"),
        Column("decimals", _lazy("decimals shown"), "显示小数位", Whole(0, 6), aliases=("小数位",), example="1"),
        Column(
            "owner_unit",
            _lazy("owner unit"),
            "责任单位编码",
            Ref(lambda ctx: tenancy.units(ctx.actor), describe=_lazy("The code of a production unit of your company.")),
            aliases=("责任单位",),
            help=_lazy("It tells which company's catalogue a new indicator joins (yours if empty)."),
            example="CO",
        ),
        Column(
            "key",
            _lazy("key indicator"),
            "关键指标",
            YesNo(blank=False),
            help=_lazy("是: shown on the kiosk of the company's key indicators."),
            example="是",
        ),
        Column("sort_order", _lazy("order"), "排序", Whole(0, 100000), aliases=("顺序",), example="10"),
        Column(
            "active",
            _lazy("active"),
            "启用",
            YesNo(),
            aliases=("是否启用",),
            help=_lazy("否 retires the indicator (no new values; its history stays); 是 restores it."),
            example="是",
        ),
        Column("description", _lazy("description"), "说明", Text(2000), aliases=("备注",), example=""),
    ]

    def allowed(self, user) -> bool:
        """The catalogue is the whole company's: its party office imports it, as it alone edits it."""
        if is_system(user):
            return True
        return (
            can_anywhere(user, "import", "add")
            and can_anywhere(user, "indicator", IMPORT)
            and services.catalogue_editable(user)
        )

    def check_rows(self, rows, ctx):
        found = ctx.cache.setdefault("indicators", {})
        wanted = {row.values["code"] for row in rows if row.values.get("code")} - set(found)
        # Codes are unique across the installation: a code of another company must not become a second indicator.
        queryset = Indicator._base_manager.select_related("company", "weight", "numerator", "denominator", "owner_unit")
        for indicator in queryset.filter(code__in=wanted):
            found[indicator.code] = indicator
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        code = row.values.get("code")
        if not code:
            return
        declared = ctx.state.setdefault("declared", {})
        if not self.first_in_file(row, ctx, code):
            return
        fields = self._fields(row, declared)
        if fields is None:
            return
        existing = ctx.cache["indicators"].get(code)
        if existing is None:
            indicator = self._new(row, ctx, fields)
            if indicator is None:
                return
            indicator.pk = -row.number  # a stand-in id, so later rows may name it as their weight or ratio parts
            declared[code] = indicator
        else:
            indicator = self._changed(row, ctx, existing, fields)
            if indicator is None:
                return
        if not row.ok:
            return
        try:
            indicator.full_clean(exclude=["id", "company", "owner_unit", *LINKS], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)

    def _fields(self, row, declared) -> dict | None:
        """The row's fields, links resolved (to a stand-in for an indicator created above); None if a link is not
        found."""
        fields = {k: v for k, v in row.values.items() if k != "code"}
        for name in KEEP_IF_EMPTY:
            if name in fields and fields[name] in (None, ""):
                del fields[name]
        for name in LINKS:
            link = fields.get(name)
            if not isinstance(link, Pending):
                continue
            if link.code not in declared:
                row.error(
                    _("%(column)s “%(code)s” is neither an indicator of the catalogue nor created in a row above.")
                    % {"column": self.column(name).title, "code": link.code},
                    self.column(name),
                )
                return None
            fields[name] = declared[link.code]
        return fields

    def _new(self, row, ctx, fields) -> Indicator | None:
        row.action = CREATE
        try:
            company = services.new_indicator_company(ctx.actor, owner_unit=fields.get("owner_unit"))
            services.require_catalogue(ctx.actor, "add", company)
        except DomainError as exc:
            row.error(exc.message, self.column("owner_unit") if "owner_unit" in exc.errors else self.column("code"))
            return None
        return Indicator(company=company, code=row.values["code"], **fields)

    def _changed(self, row, ctx, existing: Indicator, fields) -> Indicator | None:
        row.action, row.target = UPDATE, existing
        if existing.company_id is not None and not tenancy.in_company_org(ctx.actor, existing.company):
            row.error(
                _("code “%(code)s” is already used by another company's indicator.") % {"code": existing.code},
                self.column("code"),
            )
            return None
        if existing.company_id is None and not is_system(ctx.actor):
            row.error(
                _("%(name)s is shared by every company and is kept by the system.") % {"name": existing},
                self.column("code"),
            )
            return None
        if not services.catalogue_editable(ctx.actor, existing.company):
            row.error(_("you may not change the indicator catalogue."), self.column("code"))
            return None
        changes = {name: value for name, value in fields.items() if not _same(getattr(existing, name), value)}
        if not changes:
            row.action = UNCHANGED
            return None
        indicator = copy.copy(existing)
        for name, value in changes.items():
            setattr(indicator, name, value)
        moves = indicator.granularity != existing.granularity or indicator.stores_values != existing.stores_values
        if moves and IndicatorValue._base_manager.filter(indicator=existing).exists():
            row.error(
                _("%(name)s already has values, so its granularity and whether it is a ratio cannot change.")
                % {"name": existing.name},
                self.column("granularity" if indicator.granularity != existing.granularity else "rollup"),
            )
            return None
        row.extra["changes"] = sorted(changes)
        return indicator

    def commit_row(self, row, ctx):
        created = ctx.state.setdefault("created", {})
        fields = {k: v for k, v in row.values.items() if k != "code"}
        for name in KEEP_IF_EMPTY:
            if name in fields and fields[name] in (None, ""):
                del fields[name]
        for name in LINKS:
            if isinstance(fields.get(name), Pending):
                fields[name] = created[fields[name].code]
        if row.action == CREATE:
            indicator = services.indicator_create(actor=ctx.actor, code=row.values["code"], **fields)
            created[indicator.code] = indicator
        else:
            changes = {name: fields[name] for name in row.extra["changes"]}
            services.indicator_update(actor=ctx.actor, indicator=row.target, **changes)

    def reference_sheets(self, user):
        return reference_sheets(user, Indicator.objects.restrict(user, "view").order_by("sort_order", "code"))


def _same(stored, value) -> bool:
    """Is a cell's value what is stored? Decimals compare by value (1000 is 1000.000000), links by row."""
    if hasattr(stored, "pk") or hasattr(value, "pk"):
        return getattr(stored, "pk", None) == getattr(value, "pk", None)
    return stored == value
