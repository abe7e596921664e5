"""The indicator-values import (指标数据): long format, one value per row — indicator, unit, period, value (+ shift).

Rows are checked per chunk (codes, the period for the indicator's granularity, repeats within the file, whether the
value is new, changed or the same) and written through services.values_upsert in batches, so a file goes in exactly
as a push of the same values through the API would: revisions, audit, all or nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, CellError, Column, ImportKind, Ref, Text, register
from dangjian.core.imports.columns import Parser
from dangjian.indicators import services
from dangjian.indicators.models import Indicator
from dangjian.indicators.periods import PeriodError, parse_period, parse_value, period_label
from dangjian.org.models import Unit

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


# Indicators and units are company reference data: every code exists for whoever may import values.
INDICATOR_CODE = Ref(
    lambda ctx: Indicator._base_manager.select_related("numerator", "denominator"),
    describe=_lazy("The code of an indicator (see the sheet of indicators)."),
    refuse=_indicator_refused,
)
UNIT_CODE = Ref(lambda ctx: Unit._base_manager.all(), describe=_lazy("The code of a production unit."))


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
        indicators = Indicator.objects.filter(active=True).exclude(rollup=Indicator.Rollup.RATIO)[:REFERENCE_ROWS]
        units = Unit.objects.filter(active=True).order_by("path")[:REFERENCE_ROWS]
        return [
            (
                _("Indicators"),
                [_("Code"), _("Name"), _("Unit of measure"), _("Granularity")],
                [[i.code, i.name, i.unit_of_measure, i.get_granularity_display()] for i in indicators],
            ),
            (_("Units"), [_("Code"), _("Name"), _("Kind")], [[u.code, u.name, u.get_kind_display()] for u in units]),
        ]
