"""The catalogue's rules (roll-up wiring, no plain mean of a rate), who may change it, and targets."""

from decimal import Decimal

import pytest

from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.indicators.models import Target
from dangjian.indicators.services import indicator_create, indicator_update, target_set

D = Decimal
pytestmark = pytest.mark.django_db


def test_party_office_adds_an_indicator_and_it_is_audited(office):
    indicator = indicator_create(
        actor=office, code="AL", name="原铝产量", unit_of_measure="t", granularity="day", category="output"
    )
    entry = AuditLog.objects.get(object_type="indicators.indicator")
    assert (entry.action, entry.actor, entry.after["code"]) == ("create", office, "AL")
    assert indicator.rollup == "sum"


@pytest.mark.parametrize("who", ["secretary_a", "team_leader", "integration", "member_a"])
def test_only_the_company_party_office_changes_the_catalogue(request, catalogue, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        indicator_create(actor=actor, code="AL", name="原铝产量", granularity="day")
    with pytest.raises(NotPermitted):
        indicator_update(actor=actor, indicator=catalogue["OUT"], name="x")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rollup": "weighted_avg"}, "weight"),
        ({"rollup": "ratio"}, "numerator"),
        ({"rollup": "avg", "unit_of_measure": "%"}, "rollup"),
        ({"rollup": "avg", "unit_of_measure": "kWh/t-Al"}, "rollup"),
        ({"rollup": "ratio", "numerator": "EFF", "denominator": "OUT"}, "numerator"),
        ({"rollup": "weighted_avg", "weight": "MONTHLY"}, "weight"),
        ({"rollup": "sum", "weight": "OUT"}, "weight"),
        ({"rollup": "ratio", "numerator": "DC", "denominator": "OUT", "factor": 0}, "factor"),
    ],
)
def test_roll_up_wiring_is_checked(office, catalogue, fields, field):
    from tests.indicators.conftest import IndicatorFactory

    catalogue["MONTHLY"] = IndicatorFactory(code="MONTHLY", granularity="month")
    fields = {k: catalogue[v] if k in ("weight", "numerator", "denominator") else v for k, v in fields.items()}
    with pytest.raises(InvalidInput) as caught:
        indicator_create(actor=office, code="NEW", name="新指标", granularity="day", **fields)
    assert field in caught.value.errors


def test_a_plain_average_is_fine_for_a_level(office):
    indicator = indicator_create(
        actor=office, code="T", name="电解温度", unit_of_measure="°C", granularity="day", rollup="avg"
    )
    assert indicator.rollup == "avg"


def test_granularity_is_fixed_once_there_are_values(office, values, catalogue):
    with pytest.raises(Conflict):
        indicator_update(actor=office, indicator=catalogue["OUT"], granularity="month")
    indicator_update(actor=office, indicator=catalogue["OUT"], name="原铝产量", benchmark=D("1000"))
    catalogue["OUT"].refresh_from_db()
    assert catalogue["OUT"].name == "原铝产量"
    entry = AuditLog.objects.get(object_type="indicators.indicator", action="update")
    assert entry.before["name"] == "铝产量" and entry.after["benchmark"] == "1000"


def test_targets_for_month_and_year_are_set_replaced_and_audited(tree, catalogue, secretary_a, member_a):
    out, unit = catalogue["OUT"], tree["W1"]
    target_set(actor=secretary_a, indicator=out, unit=unit, year=2024, month=3, value=D(100))
    target_set(actor=secretary_a, indicator=out, unit=unit, year=2024, value=D(1200))
    target_set(actor=secretary_a, indicator=out, unit=unit, year=2024, month=3, value=D(110))
    target_set(actor=secretary_a, indicator=out, unit=unit, year=2024, month=3, value=D(110))
    assert dict(Target.objects.values_list("month", "value")) == {3: D(110), None: D(1200)}
    actions = list(AuditLog.objects.filter(object_type="indicators.target").values_list("action", flat=True))
    assert sorted(actions) == ["create", "create", "update"]
    with pytest.raises(NotPermitted):
        target_set(actor=member_a, indicator=out, unit=unit, year=2024, month=4, value=D(1))
    with pytest.raises(InvalidInput):
        target_set(actor=secretary_a, indicator=out, unit=unit, year=2024, month=13, value=D(1))
