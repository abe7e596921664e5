"""Fixtures for the cost-programme tests: the indicator tree, catalogue and hand-made values of tests/indicators,
and a 2024 programme of the company committee with three items whose results are computed by hand in the tests."""

from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.projects.costs import services
from tests.indicators.conftest import catalogue, integration, team_leader, tree, values  # noqa: F401 - fixtures

D = Decimal


@pytest.fixture
def programme(company, tree, catalogue, values):  # noqa: F811 - fixtures
    """2024 降本增效 at ROOT; pay rule 10 points from 100 %, none below 90 %.

    - DCU (ratio, lower better) at W1: annual target 1300 kWh/t, 0.35 元/kWh, owner 李明 (person_a);
    - OUT (sum, higher better) at CO: annual 1098 t, March's own target 100 t, 20,000 元/t, owner 李明;
    - EFF (weighted average, higher better) at W2: annual 92 %, no price, owner 王芳 (person_b).
    """
    p = services.programme_create(actor=SYSTEM, owner_org=company["root"], year=2024, name="2024年降本增效实施方案")
    items = {
        "DCU": services.item_save(
            actor=SYSTEM, programme=p, indicator=catalogue["DCU"], unit=tree["W1"], annual_target=D(1300),
            unit_price=D("0.35"), owner=company["person_a"], measures=["冷干机改造", "排烟风机运行模式优化"],
        ),
        "OUT": services.item_save(
            actor=SYSTEM, programme=p, indicator=catalogue["OUT"], unit=tree["CO"], annual_target=D(1098),
            unit_price=D(20000), owner=company["person_a"], monthly_targets={3: D(100)}, sort_order=1,
        ),
        "EFF": services.item_save(
            actor=SYSTEM, programme=p, indicator=catalogue["EFF"], unit=tree["W2"], annual_target=D(92),
            owner=company["person_b"], sort_order=2,
        ),
    }  # fmt: skip
    return {"programme": p, "items": items}
