"""A small accounting setup on the `company` fixture: one peer group of three shift crews (two under branch_a, one
under branch_b), an output and two inputs with prices, and a second company for out-of-scope reads."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.value.models import AccountingUnit, GroupItem, Item, ItemPrice, PeerGroup
from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, UnitFactory

D = Decimal
DAY = dt.date(2024, 3, 10)


@pytest.fixture
def accounting(company):
    return build_accounting(company)


def build_accounting(company):
    """The accounting set-up (the `accounting` fixture; the permission matrix builds it once per module)."""
    root = company["root"]
    group = PeerGroup.objects.create(code="ELEC", name="电解横班", org=root, target_value_per_hour=D("150"))
    al = Item.objects.create(code="AL", org=root, name="原铝", kind="output", unit_of_measure="t", sort_order=1)
    power = Item.objects.create(code="KWH", org=root, name="电", kind="input", unit_of_measure="kWh", sort_order=2)
    alumina = Item.objects.create(code="AO", org=root, name="氧化铝", kind="input", unit_of_measure="t", sort_order=3)
    ItemPrice.objects.create(item=al, effective_from=dt.date(2020, 1, 1), price=D("15000"))
    ItemPrice.objects.create(item=power, effective_from=dt.date(2020, 1, 1), price=D("0.35"))
    ItemPrice.objects.create(item=alumina, effective_from=dt.date(2020, 1, 1), price=D("2800"))
    for n, item in enumerate((al, power, alumina)):
        GroupItem.objects.create(group=group, item=item, sort_order=n)
    units = {}
    for code, org in (("CA", company["branch_a"]), ("CB", company["group_a"]), ("CC", company["branch_b"])):
        unit = UnitFactory(code=code, name=f"{code}班", kind="shift_crew", parent=company["workshop"])
        units[code] = AccountingUnit.objects.create(unit=unit, group=group, org=org)
    other_root = PartyOrgFactory(code="OTHER", name="另一公司党委", kind="committee")
    other_group = PeerGroup.objects.create(code="OTHERG", name="外公司班组", org=other_root)
    GroupItem.objects.create(group=other_group, item=al)
    other_unit = UnitFactory(code="OX", name="外公司甲班", kind="team")
    OrgUnitLinkFactory(org=other_root, unit=other_unit)  # the other company's unit tree
    units["OX"] = AccountingUnit.objects.create(unit=other_unit, group=other_group, org=other_root)
    return {
        **company,
        "group": group,
        "other_group": other_group,
        "other_root": other_root,
        "items": {"AL": al, "KWH": power, "AO": alumina},
        "units": units,
    }


def record_row(unit="CA", day=DAY, shift="A", hours="96", **quantities):
    return {
        "unit": unit,
        "date": day.isoformat(),
        "shift": shift,
        "hours": hours,
        "items": [{"item": code, "quantity": str(q)} for code, q in quantities.items()],
    }


@pytest.fixture
def client():
    """These tests assert English wording: ask for English (the product's default language is zh-hans)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
