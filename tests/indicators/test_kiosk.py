"""The kiosk of key indicators: tiles for the company with this month's value, target, attainment and sparkline;
the tiles refresh through htmx; queries stay flat as units and values grow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.months import add_months
from dangjian.core.services import SYSTEM
from dangjian.indicators.kiosk import company_kiosk
from dangjian.indicators.models import Target
from tests.factories import UnitFactory
from tests.indicators.conftest import IndicatorFactory, IndicatorValueFactory

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def keyed(tree, catalogue):
    for code in ("OUT", "EFF", "DCU"):
        catalogue[code].key = True
        catalogue[code].save()
    monthly = IndicatorFactory(code="COAL", name="发电煤耗", unit_of_measure="g/kWh", granularity="month", key=True,
                               rollup="avg", direction="lower")  # fmt: skip
    catalogue["COAL"] = monthly
    return catalogue


def test_tiles_show_this_month_against_target(tree, keyed):
    today = dt.date(2024, 3, 11)
    for day in (1, 2):
        on = dt.date(2024, 3, day)
        IndicatorValueFactory(indicator=keyed["OUT"], unit=tree["T1"], period_start=on, value=D(100))
        IndicatorValueFactory(indicator=keyed["EFF"], unit=tree["T1"], period_start=on, value=D(92 + day))
        IndicatorValueFactory(indicator=keyed["DC"], unit=tree["T1"], period_start=on, value=D(1300000))
    IndicatorValueFactory(indicator=keyed["OUT"], unit=tree["T3"], period_start=dt.date(2023, 11, 5), value=D(50))
    IndicatorValueFactory(indicator=keyed["COAL"], unit=tree["W2"], period_start=dt.date(2024, 2, 1), value=D(305))
    Target.objects.create(indicator=keyed["OUT"], unit=tree["CO"], year=2024, month=3, value=D(3100))
    Target.objects.create(indicator=keyed["EFF"], unit=tree["CO"], year=2024, value=D("93"))
    Target.objects.create(indicator=keyed["COAL"], unit=tree["CO"], year=2024, month=2, value=D(300))
    kiosk = company_kiosk(user=SYSTEM, today=today)
    tiles = {t.indicator.code: t for t in kiosk.tiles}
    assert list(tiles) == ["COAL", "DCU", "EFF", "OUT"]  # catalogue order (sort_order, then code)
    out = tiles["OUT"]
    # 10 days of March gone: 3100 × 10 ÷ 31 = 1000 pro rata; 200 t is 20 %.
    assert out.month == dt.date(2024, 3, 1) and out.pro_rata
    assert (out.attainment.actual, out.attainment.target, out.attainment.percent) == (D(200), D(1000), D("20.00"))
    # The month under way is left out of a quantity's sparkline (a part-month would dip at the end).
    assert out.spark[-1] is None and out.spark[-5] == 50.0 and len(out.spark) == 12
    eff = tiles["EFF"]
    assert (eff.attainment.actual, eff.attainment.target, eff.state) == (D("93.5"), D("93"), "met")
    assert tiles["DCU"].attainment.actual == D(13000) and tiles["DCU"].attainment.target is None
    # A monthly indicator shows its latest month; lower is better: 300 ÷ 305.
    coal = tiles["COAL"]
    assert coal.month == dt.date(2024, 2, 1) and not coal.pro_rata
    assert (coal.attainment.percent, coal.state) == (D("98.36"), "missed")


@pytest.mark.parametrize("extra", [3, 30])
def test_kiosk_page_and_tiles_queries_are_flat(client, member_a, tree, keyed, extra, django_assert_max_num_queries):
    month = timezone.localdate().replace(day=1)
    for n in range(extra):
        team = UnitFactory(code=f"K{n:02d}", name=f"班组{n}", kind="team", parent=tree["W1"])
        for back in range(12):
            IndicatorValueFactory(indicator=keyed["OUT"], unit=team, period_start=add_months(month, -back), value=10)
            IndicatorValueFactory(indicator=keyed["COAL"], unit=team, period_start=add_months(month, -back), value=3)
    client.force_login(member_a)
    # session, user, assignments, the company unit, key indicators, targets, one roll-up per tile (4), the session
    # saved (three)
    with django_assert_max_num_queries(14):  # one more: the units of the user's company
        page = client.get(reverse("indicators:kiosk"))
    body = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 60s"' in body
    assert body.count('data-testid="kiosk-tile"') == 4 and 'data-bs-theme="dark"' in body
    with django_assert_max_num_queries(14):  # one more: the units of the user's company
        tiles = client.get(reverse("indicators:kiosk_tiles"))
    assert tiles.status_code == 200 and "<html" not in tiles.content.decode()
    assert f"{extra * 10}" in tiles.content.decode()


def test_kiosk_without_key_indicators_says_how_to_get_them(client, member_a, tree, catalogue):
    client.force_login(member_a)
    body = client.get(reverse("indicators:kiosk"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No key indicators yet" in body


def test_a_monthly_quantity_reported_month_to_date_is_compared_with_the_days_gone(tree, catalogue):
    """外购电量 (monthly, summed, lower is better) reported for 7 days of the month is not 663 % of its target."""
    power = IndicatorFactory(code="POWER", name="外购电量", unit_of_measure="kWh", granularity="month", key=True,
                             direction="lower")  # fmt: skip
    today = dt.date(2024, 3, 8)
    IndicatorValueFactory(indicator=power, unit=tree["CO"], period_start=dt.date(2024, 3, 1), value=D(700))
    Target.objects.create(indicator=power, unit=tree["CO"], year=2024, month=3, value=D(3100))
    tile = next(t for t in company_kiosk(user=SYSTEM, today=today).tiles if t.indicator.code == "POWER")
    assert tile.pro_rata
    assert tile.attainment.target == D(700)  # 3,100 × 7 of 31 days
    assert tile.attainment.percent == D("100.00")
    assert tile.spark[-1] is None  # the month under way is not drawn as a full month
