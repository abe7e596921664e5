"""The trend and the unit × month table on hand-made values: roll-up per bucket, the target line (pro rata for
output, the month's target for a rate), the benchmark and the best-ever step line."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import InvalidInput
from dangjian.indicators import selectors
from dangjian.indicators.models import Target
from tests.factories import UnitFactory
from tests.indicators.conftest import IndicatorValueFactory

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 15)


def test_monthly_trend_with_target_benchmark_and_best(tree, catalogue, values):
    eff = catalogue["EFF"]
    eff.benchmark = D("93")
    eff.save()
    Target.objects.create(indicator=eff, unit=tree["CO"], year=2024, month=3, value=D("92"))
    Target.objects.create(indicator=eff, unit=tree["CO"], year=2024, value=D("92.2"))
    # An older, better month: the best-ever line starts from it although it is before the range.
    IndicatorValueFactory(indicator=catalogue["OUT"], unit=tree["T1"], period_start=dt.date(2023, 12, 5), value=D(1))
    IndicatorValueFactory(indicator=eff, unit=tree["T1"], period_start=dt.date(2023, 12, 5), value=D("92.6"))
    trend = selectors.trend(
        indicator=eff, unit=tree["CO"], bucket="month", start=dt.date(2024, 2, 1), end=dt.date(2024, 4, 30), today=TODAY
    )
    assert trend.labels == ["2024-02", "2024-03", "2024-04"]
    # March: (10×90 + 20×93 + 30×95 + 40×91) ÷ 100 = 92.5; April: T3 alone, 92.
    assert trend.actual == [None, D("92.5"), D("92")]
    # A rate's month without its own target takes the year's.
    assert trend.target == [D("92.2"), D("92"), D("92.2")]
    assert trend.benchmark == D("93")
    assert trend.best == [D("92.6"), D("92.6"), D("92.6")]
    assert trend.best_point.start == dt.date(2023, 12, 1)
    assert trend.records == []  # 2024 beat nothing
    chart = trend.chart()
    assert chart["actual"] == [None, 92.5, 92.0] and chart["benchmark"] == 93.0


def test_best_line_steps_up_at_each_record_and_records_are_listed(tree, catalogue, values):
    out = catalogue["OUT"]
    trend = selectors.trend(
        indicator=out, unit=tree["CO"], bucket="day", start=dt.date(2024, 3, 1), end=dt.date(2024, 4, 1), today=TODAY
    )
    by_label = dict(zip(trend.labels, trend.actual, strict=True))
    assert by_label["2024-03-01"] == D(80) and by_label["2024-03-02"] == D(20) and by_label["2024-04-01"] == D(50)
    assert by_label["2024-03-15"] is None
    best = dict(zip(trend.labels, trend.best, strict=True))
    assert best["2024-03-01"] == best["2024-03-31"] == best["2024-04-01"] == D(80)
    # Lower is better: the DC power series beats its first day on the second, and the line steps down there.
    dc = selectors.trend(
        indicator=catalogue["DC"], unit=tree["W1"], bucket="day", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 3)
    )
    assert dc.best == [D(54000), D(26000), D(26000)]
    assert [(r.start, r.value, prev.value) for r, prev in dc.records] == [(dt.date(2024, 3, 2), D(26000), D(54000))]


def test_an_additive_target_is_split_pro_rata(tree, catalogue, values):
    out = catalogue["OUT"]
    Target.objects.create(indicator=out, unit=tree["CO"], year=2024, month=3, value=D(93))
    Target.objects.create(indicator=out, unit=tree["CO"], year=2024, value=D(1098))
    days = selectors.trend(
        indicator=out, unit=tree["CO"], bucket="day", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 1)
    )
    assert days.target == [D(3)]  # 93 ÷ 31 days
    months = selectors.trend(
        indicator=out, unit=tree["CO"], bucket="month", start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30)
    )
    assert months.target == [D(90)]  # 1098 × 30 ÷ 366
    year = selectors.trend(
        indicator=out, unit=tree["CO"], bucket="year", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert year.target == [D(1098)] and year.actual == [D(150)]


def test_a_ratio_trend_divides_sums(tree, catalogue, values):
    trend = selectors.trend(
        indicator=catalogue["DCU"], unit=tree["W1"], bucket="month", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)
    )
    # (13500 + 26000 + 40500) ÷ (10 + 20 + 30) = 1333.333333
    assert trend.actual == [D("1333.333333")]


def test_a_finer_bucket_or_a_too_long_range_is_refused(tree, catalogue):
    monthly = catalogue["OUT"]
    monthly.granularity = "month"
    with pytest.raises(InvalidInput):
        selectors.trend(indicator=monthly, unit=tree["CO"], bucket="day", start=TODAY, end=TODAY)
    with pytest.raises(InvalidInput):
        selectors.trend(indicator=catalogue["OUT"], unit=tree["CO"], bucket="day", start=dt.date(2010, 1, 1), end=TODAY)


def test_unit_month_table_rolls_up_children_and_colours_by_direction(tree, catalogue, values):
    eff, dc = catalogue["EFF"], catalogue["DC"]
    Target.objects.create(indicator=eff, unit=tree["W1"], year=2024, month=3, value=D("92"))
    Target.objects.create(indicator=eff, unit=tree["W2"], year=2024, month=3, value=D("92"))
    UnitFactory(code="W9", name="机关", parent=tree["CO"])  # neither values nor targets: no row of dots
    table = selectors.unit_month_table(indicator=eff, unit=tree["CO"], year=2024, today=TODAY)
    assert [r.unit.code for r in table.rows] == ["CO", "W1", "W2"] and table.rows[0].total
    w1, w2 = table.rows[1], table.rows[2]
    # W1 March: (10×90 + 20×93 + 30×95) ÷ 60 = 93.5 ≥ 92 → met; W2 March: 91 < 92 → missed.
    assert w1.months[2].attainment.actual == D("93.5") and w1.months[2].state == "met"
    assert w1.months[2].attainment.gap == D("1.5") and w1.months[2].attainment.percent == D("101.63")
    assert w2.months[2].attainment.actual == D("91") and w2.months[2].state == "missed"
    assert w2.months[3].attainment.actual == D("92") and w2.months[3].state == "none"  # no April target
    assert table.rows[0].year.attainment.actual == D("92.333333")  # (9250 + 50 × 92) ÷ 150
    # Lower is better: 54,000 kWh against a target of 60,000 is met, 110 %.
    Target.objects.create(indicator=dc, unit=tree["W1"], year=2024, month=3, value=D(60000))
    table = selectors.unit_month_table(indicator=dc, unit=tree["W1"], year=2024, today=TODAY)
    cell = table.rows[0].months[2]
    assert cell.attainment.actual == D(80000) and cell.state == "missed"
    Target.objects.filter(indicator=dc).update(value=D(88000))
    cell = selectors.unit_month_table(indicator=dc, unit=tree["W1"], year=2024, today=TODAY).rows[0].months[2]
    assert cell.state == "met" and cell.attainment.percent == D("110.00")


def test_an_additive_month_under_way_is_not_judged(tree, catalogue, values):
    Target.objects.create(indicator=catalogue["OUT"], unit=tree["CO"], year=2024, month=3, value=D(1000))
    table = selectors.unit_month_table(
        indicator=catalogue["OUT"], unit=tree["CO"], year=2024, today=dt.date(2024, 3, 2)
    )
    assert table.rows[0].months[2].state == "running"
    table = selectors.unit_month_table(indicator=catalogue["OUT"], unit=tree["CO"], year=2024, today=TODAY)
    assert table.rows[0].months[2].state == "missed"


def test_the_month_under_way_of_a_quantity_is_labelled_to_date_with_a_pro_rated_target(tree, catalogue):
    """原铝产量 after 7 days of the month is not drawn as a full month against the whole month's target."""
    out = catalogue["OUT"]
    for day in range(1, 8):
        IndicatorValueFactory(indicator=out, unit=tree["T1"], period_start=dt.date(2024, 4, day), value=D(10))
    IndicatorValueFactory(indicator=out, unit=tree["T1"], period_start=dt.date(2024, 3, 5), value=D(300))
    Target.objects.create(indicator=out, unit=tree["T1"], year=2024, month=4, value=D(300))
    Target.objects.create(indicator=out, unit=tree["T1"], year=2024, month=3, value=D(310))
    trend = selectors.trend(
        indicator=out,
        unit=tree["T1"],
        bucket="month",
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 4, 30),
        today=dt.date(2024, 4, 8),
    )
    assert trend.labels[0] == "2024-03" and trend.labels[1] != "2024-03" and trend.labels[1].startswith("2024-04")
    assert trend.labels[1] != "2024-04"
    assert trend.target == [D(310), D(70)]  # 300 × 7 of 30 days
    assert trend.actual == [D(300), D(70)]
