"""The demo company's series: deterministic whatever the seed day, the project effects built in where the demo
projects claim them (recovered by the effect estimator), records broken, targets, and a second run that writes
nothing."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from statistics import fmean

from django.core.management import call_command

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.demo import series
from dangjian.indicators.models import Indicator, IndicatorValue, Target
from dangjian.indicators.records import records_broken
from dangjian.indicators.rollup import rollup_by_unit
from dangjian.org.models import Unit
from dangjian.projects.costs.models import Programme
from dangjian.projects.effects import estimate

D = Decimal
TODAY = dt.date(2026, 3, 15)
DJ1, DJ2, DJ3, DJ4 = series.POTLINE_AREAS


def monthly_weighted(daily, code: str, unit: str) -> dict[dt.date, float]:
    """A weighted monthly mean (by output) of a daily rate, computed from the generated values."""
    totals, weights = {}, {}
    for day, output in daily[("AL_OUTPUT", unit)].items():
        month = day.replace(day=1)
        totals[month] = totals.get(month, 0.0) + float(output) * float(daily[(code, unit)][day])
        weights[month] = weights.get(month, 0.0) + float(output)
    return {m: totals[m] / weights[m] for m in totals}


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def test_a_day_has_the_same_value_whatever_day_the_demo_is_seeded():
    early = series.potlines(dt.date(2022, 12, 31))
    late = series.potlines(dt.date(2023, 3, 1))
    day = dt.date(2022, 6, 1)
    assert all(early[key][day] == late[key][day] for key in early)
    assert max(late[("AL_OUTPUT", DJ1)]) == dt.date(2023, 3, 1)
    monthly = series.monthly(dt.date(2023, 3, 1), late)
    assert max(monthly[("GEN_POWER", series.POWER_PLANT)]) == dt.date(2023, 2, 1)  # finished months only


def test_effects_are_recovered_by_difference_in_differences():
    daily = series.potlines(dt.date(2022, 12, 31))
    ce = {unit: monthly_weighted(daily, "CURRENT_EFF", unit) for unit in series.POTLINE_AREAS}
    result = estimate.did(ce[DJ3], [ce[DJ1], ce[DJ2], ce[DJ4]], months_of(2021), months_of(2022), decimals=3)
    assert result.method == "did" and abs(result.effect - D("0.5")) < D("0.15")
    assert result.ci_low <= D("0.5") <= result.ci_high and result.ci_low > 0
    dev = {unit: monthly_weighted(daily, "DEVIATION_V", unit) for unit in series.POTLINE_AREAS}
    result = estimate.did(dev[DJ4], [dev[DJ1], dev[DJ2], dev[DJ3]], months_of(2020), months_of(2021), decimals=2)
    assert abs(result.effect - D("-12.5")) < D("1.5") and result.ci_high < 0


def test_the_retrofit_saves_about_19_million_kwh_and_the_heat_exchanger_4500_t_of_coal():
    daily = series.potlines(dt.date(2022, 12, 31))

    def rate(code: str, year: int) -> tuple[float, float]:
        output = sum(
            float(v) for u in series.POTLINE_AREAS for d, v in daily[("AL_OUTPUT", u)].items() if d.year == year
        )
        energy = sum(float(v) for u in series.POTLINE_AREAS for d, v in daily[(code, u)].items() if d.year == year)
        return energy / output, output

    (air_2021, _), (air_2022, output_2022) = rate("AIR_POWER", 2021), rate("AIR_POWER", 2022)
    (fan_2021, _), (fan_2022, _) = rate("FAN_POWER", 2021), rate("FAN_POWER", 2022)
    assert abs((air_2021 - air_2022) - 50) < 2 and abs((fan_2021 - fan_2022) - 12) < 1
    saved = (air_2021 + fan_2021 - air_2022 - fan_2022) * output_2022
    assert 18.0e6 < saved < 20.5e6
    monthly = series.monthly(dt.date(2020, 12, 31), series.potlines(dt.date(2020, 12, 31)))
    plant = series.POWER_PLANT
    generated = sum(float(v) for m, v in monthly[("GEN_POWER", plant)].items() if m.year == 2020)
    assert 4300 < 0.93 * generated / 1e6 < 4700  # t of standard coal saved in 2020 by −0.93 g/kWh


def test_seed_indicators_builds_the_demo_series_once(demo_world, db):
    """Read on the shared demo (tests/demo/world.py, seeded as of the same TODAY): seeding the series alone again
    would cost a minute of the suite for the same rows."""
    assert "values added" in demo_world
    # not the value accounting's three (dangjian/value/indicators.py)
    catalogue = Indicator.objects.exclude(code__in=["TEAM_VALUE", "TEAM_HOURS", "TEAM_VALUE_PER_HOUR"])
    assert catalogue.count() == 26 and catalogue.filter(key=True).count() == 8
    last = IndicatorValue.objects.filter(indicator__code="AL_OUTPUT").order_by("-period_start").first()
    assert last.period_start == TODAY - dt.timedelta(days=1) and last.source == "import"
    assert IndicatorValue.objects.filter(indicator__code="GEN_POWER").latest("period_start").period_start == dt.date(
        2026, 2, 1
    )
    # The effect in the rolled-up series: 电解三车间's current efficiency against the other three potlines.
    units = {u.code: u for u in Unit.objects.filter(code__in=["QN-DJ1", "QN-DJ2", "QN-DJ3", "QN-DJ4", "QN"])}
    ce = Indicator.objects.get(code="CURRENT_EFF")
    by_unit = rollup_by_unit(ce, list(units.values()), dt.date(2021, 1, 1), dt.date(2022, 12, 31), "month")

    def mean(code: str, year: int) -> float:
        return fmean(float(p.value) for p in by_unit[units[code].pk] if p.start.year == year)

    treated = mean("QN-DJ3", 2022) - mean("QN-DJ3", 2021)
    others = fmean(mean(c, 2022) - mean(c, 2021) for c in ("QN-DJ1", "QN-DJ2", "QN-DJ4"))
    assert abs(treated - others - 0.5) < 0.15
    # Daily output records fall in each autumn campaign: some within the year before the seed day.
    output = Indicator.objects.get(code="AL_OUTPUT")
    found = records_broken(
        unit=units["QN"], since=TODAY - dt.timedelta(days=365), until=TODAY, indicator_ids=[output.pk]
    )
    assert found and all(r.value > r.previous for r in found)
    # Targets for 2022 and the seed year, at the potline workshops and above.
    assert Target.objects.filter(year=2022, indicator=ce, unit=units["QN-DJ3"], month=None).exists()
    assert Target.objects.filter(year=2026, indicator__code="COAL_RATE", unit=units["QN"]).exists()
    programme = Programme.objects.get(year=2022)
    assert programme.items.count() == 8 and all(i.owner_id for i in programme.items.all())
    # A second run writes nothing and audits nothing.
    before = (IndicatorValue.objects.count(), Target.objects.count(), AuditLog.objects.count())
    out = StringIO()
    call_command("seed_indicators", today=TODAY.isoformat(), stdout=out)
    assert "0 values added, 0 changed" in out.getvalue()
    assert (IndicatorValue.objects.count(), Target.objects.count(), AuditLog.objects.count()) == before
    # One audit row per batch of values, by the system.
    batches = AuditLog.objects.filter(object_type="indicators.indicatorvalue", actor_name=str(SYSTEM))
    assert 20 < batches.count() < 40
