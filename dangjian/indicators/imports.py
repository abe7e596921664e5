"""The indicator-values import (指标数据): long format, one value per row — indicator, unit, period, value (+ shift).

Rows are checked per chunk (codes, the period for the indicator's granularity, repeats within the file, whether the
value is new, changed or the same) and written through services.values_upsert in batches, so a file goes in exactly
as a push of the same values through the API would: revisions, audit, all or nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, CellError, Column, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import Parser, as_text
from dangjian.indicators import services
from dangjian.indicators.models import Indicator, Target
from dangjian.indicators.periods import PeriodError, parse_period, parse_value, period_label
from dangjian.org import tenancy

REFERENCE_ROWS = 2000
FLUSH = 1000


class Number(Parser):
    """A number cell or text such as 1,234.5 (kept to six decimals)."""

    def parse(self, value, *, column, ctx):
        try:
            return parse_value(value)
        except PeriodError as exc:
            raise CellError(_("%(column)s: %(error)s") % {"column": column.title, "error": exc.message}) from None

    def describe(self):
        return _("A number; at most six decimals are kept.")


def _indicator_refused(indicator: Indicator) -> str | None:
    if not indicator.active:
        return _("%(name)s (%(code)s) is no longer in use.") % {"name": indicator, "code": indicator.code}
    if not indicator.stores_values:
        return _("%(name)s is computed from %(numerator)s ÷ %(denominator)s; import those two instead.") % {
            "name": indicator,
            "numerator": indicator.numerator,
            "denominator": indicator.denominator,
        }
    return None


# The indicators of the importer's companies and the shared ones (another company's code is "no such indicator");
# units are those of the importer's companies (likewise); the write scope is checked when writing.
INDICATOR_CODE = Ref(
    lambda ctx: Indicator._base_manager.select_related("numerator", "denominator").filter(
        tenancy.company_q(ctx.actor, "company", shared=True)
    ),
    describe=_lazy("The code of an indicator (see the sheet of indicators)."),
    refuse=_indicator_refused,
)
UNIT_CODE = Ref(lambda ctx: tenancy.units(ctx.actor), describe=_lazy("The code of a production unit."))


@register
class IndicatorValuesImport(ImportKind):
    """Indicator values from MES/ERP exports or hand-kept sheets; a value already there is updated (and its earlier
    value kept as a revision), an identical one is left alone."""

    slug = "indicator-values"
    label = _lazy("Indicator values")
    description = _lazy(
        "One value per row: indicator code, unit code, period (YYYY-MM-DD for a day or shift, YYYY-MM for a month), "
        "value, and the shift (A–D) for shift indicators."
    )
    resource = "indicator"
    columns = [
        Column(
            "indicator",
            _lazy("indicator"),
            "指标编码",
            INDICATOR_CODE,
            required=True,
            aliases=("指标", "indicator code"),
            example="AL_OUTPUT",
        ),
        Column(
            "unit", _lazy("unit"), "单位编码", UNIT_CODE, required=True, aliases=("单位", "unit code"), example="W1"
        ),
        Column(
            "period",
            _lazy("period"),
            "期间",
            Text(20),
            required=True,
            aliases=("日期", "月份", "date", "month"),
            help=_lazy("YYYY-MM-DD for a day or a shift, YYYY-MM for a month."),
            example="2024-03-05",
        ),
        Column("value", _lazy("value"), "数值", Number(), required=True, aliases=("值", "指标值"), example="1234.5"),
        Column(
            "shift",
            _lazy("shift"),
            "班次",
            Text(2),
            aliases=("班",),
            help=_lazy("A, B, C or D; only for shift values."),
        ),
    ]

    def check_rows(self, rows, ctx) -> None:
        seen = ctx.state.setdefault("seen", {})
        checked = []
        for row in rows:
            if not row.ok:
                continue
            indicator, unit = row.values["indicator"], row.values["unit"]
            try:
                start, shift = parse_period(indicator.granularity, row.values["period"], row.values.get("shift"))
            except PeriodError as exc:
                column = self.column(exc.field)
                row.error(_("%(column)s: %(error)s") % {"column": column.title, "error": exc.message}, column)
                continue
            value_row = services.ValueRow(row.number, indicator, unit, start, shift, row.values["value"])
            if value_row.key in seen:
                row.error(
                    _("row %(other)s already gives %(indicator)s for %(unit)s in %(period)s.")
                    % {
                        "other": seen[value_row.key],
                        "indicator": indicator.code,
                        "unit": unit.code,
                        "period": period_label(indicator.granularity, start, shift),
                    }
                )
                continue
            seen[value_row.key] = row.number
            row.target = value_row
            checked.append(row)
        stored = services.existing_values([row.target for row in checked])
        for row in checked:
            current = stored.get(row.target.key)
            row.action = CREATE if current is None else UNCHANGED if current.value == row.target.value else UPDATE
            if row.action != UNCHANGED:
                # Each pass has its own context; at commit, commit_row is called for exactly these rows, so the
                # count tells it when the last batch is complete.
                ctx.state["to_write"] = ctx.state.get("to_write", 0) + 1

    def check_row(self, row, ctx) -> None:
        self.check_rows([row], ctx)

    def commit_row(self, row, ctx) -> None:
        buffer = ctx.state.setdefault("buffer", [])
        target = row.target
        buffer.append(
            {
                "row": row.number,
                "indicator": target.indicator.code,
                "unit": target.unit.code,
                "period": target.period_start.isoformat(),
                "shift": target.shift,
                "value": target.value,
            }
        )
        ctx.state["written"] = ctx.state.get("written", 0) + 1
        if len(buffer) >= FLUSH or ctx.state["written"] >= ctx.state.get("to_write", 0):
            ctx.state["buffer"] = []
            services.values_upsert(actor=ctx.actor, rows=buffer, source=services.Source.IMPORT)

    def reference_sheets(self, user):
        return reference_sheets(
            user, Indicator.objects.restrict(user, "view").filter(active=True).exclude(rollup=Indicator.Rollup.RATIO)
        )


def reference_sheets(user, indicators) -> list:
    """The sheets of indicator and unit codes (of the user's companies) added to an import template."""
    units = tenancy.units(user).filter(active=True).order_by("path")[:REFERENCE_ROWS]
    return [
        (
            _("Indicators"),
            [_("Code"), _("Name"), _("Unit of measure"), _("Granularity")],
            [[i.code, i.name, i.unit_of_measure, i.get_granularity_display()] for i in indicators[:REFERENCE_ROWS]],
        ),
        (_("Units"), [_("Code"), _("Name"), _("Kind")], [[u.code, u.name, u.get_kind_display()] for u in units]),
    ]


class Whole(Parser):
    """A whole number within bounds (a year, a month)."""

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


@register
class IndicatorTargetsImport(ImportKind):
    """Targets (目标值) per indicator, unit and year or month, as planning departments keep them in a sheet; a target
    already set is replaced (and audited) through services.target_set, an identical one is left alone."""

    slug = "indicator-targets"
    label = _lazy("Indicator targets")
    description = _lazy(
        "One target per row: indicator code, unit code, year, month (1–12, or empty for the whole year) and the target."
    )
    resource = "indicator"
    columns = [
        Column(
            "indicator",
            _lazy("indicator"),
            "指标编码",
            Ref(
                lambda ctx: Indicator._base_manager.filter(tenancy.company_q(ctx.actor, "company", shared=True)),
                describe=_lazy("The code of an indicator (see the sheet of indicators)."),
                refuse=lambda i: None if i.active else _("%(name)s is no longer in use.") % {"name": i},
            ),
            required=True,
            aliases=("指标", "indicator code"),
            example="AL_OUTPUT",
        ),
        Column(
            "unit", _lazy("unit"), "单位编码", UNIT_CODE, required=True, aliases=("单位", "unit code"), example="W1"
        ),
        Column("year", _lazy("year"), "年度", Whole(2000, 2100), required=True, aliases=("年",), example="2024"),
        Column(
            "month",
            _lazy("month"),
            "月份",
            Whole(1, 12),
            aliases=("月",),
            help=_lazy("1–12; leave empty for the target of the whole year."),
            example="3",
        ),
        Column("value", _lazy("target"), "目标值", Number(), required=True, aliases=("目标", "value"), example="92.5"),
    ]

    def check_rows(self, rows, ctx) -> None:
        seen = ctx.state.setdefault("seen", {})
        checked = []
        for row in rows:
            if not row.ok:
                continue
            key = (row.values["indicator"].pk, row.values["unit"].pk, row.values["year"], row.values.get("month"))
            if key in seen:
                period = f"{key[2]}-{key[3]:02d}" if key[3] else str(key[2])
                row.error(
                    _("row %(other)s already gives the target of %(indicator)s for %(unit)s in %(period)s.")
                    % {
                        "other": seen[key],
                        "indicator": row.values["indicator"].code,
                        "unit": row.values["unit"].code,
                        "period": period,
                    }
                )
                continue
            seen[key] = row.number
            row.target = key
            checked.append(row)
        if not checked:
            return
        # The stored targets of this chunk's indicators, units and years in one query.
        stored = {
            (t.indicator_id, t.unit_id, t.year, t.month): t.value
            for t in Target.objects.filter(
                indicator_id__in={r.target[0] for r in checked},
                unit_id__in={r.target[1] for r in checked},
                year__in={r.target[2] for r in checked},
            )
        }
        for row in checked:
            current = stored.get(row.target)
            row.action = CREATE if current is None else UNCHANGED if current == row.values["value"] else UPDATE

    def check_row(self, row, ctx) -> None:
        self.check_rows([row], ctx)

    def commit_row(self, row, ctx) -> None:
        services.target_set(
            actor=ctx.actor,
            indicator=row.values["indicator"],
            unit=row.values["unit"],
            year=row.values["year"],
            month=row.values.get("month"),
            value=row.values["value"],
        )

    def reference_sheets(self, user):
        # Ratios have targets too (kWh/t), though they store no values.
        return reference_sheets(user, Indicator.objects.restrict(user, "view").filter(active=True))


# The catalogue import lives in its own module and reuses the parsers above; importing it registers it.
from dangjian.indicators import catalogue_import  # noqa: E402, F401
