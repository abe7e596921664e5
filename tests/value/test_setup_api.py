"""The value catalogue through the API, set up by the party office without code: items with a first price, price
versions from a day (earlier days keep their price), peer groups with their items, enrolling a team — each with
the permission check, the company boundary (another company's item or team is 404), the audit row and field errors."""

import datetime as dt
from decimal import Decimal

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import AccountingUnit, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from tests.api.conftest import ApiClient
from tests.factories import UnitFactory, account_with_role
from tests.value.conftest import DAY, record_row

D = Decimal


def office_api(client, accounting):
    return ApiClient(client, account_with_role("party_office", accounting["root"], username="office"))


def test_office_sets_up_an_item_a_group_and_a_team_then_records_value(client, accounting):
    api = office_api(client, accounting)
    made = api.post(
        "/value/items",
        {
            "code": "ANODE",
            "name": "合格阳极",
            "kind": "output",
            "unit_of_measure": "块",
            "price": "120",
            "effective_from": "2024-01-01",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json() == {
        "code": "ANODE",
        "name": "合格阳极",
        "kind": "output",
        "unit_of_measure": "块",
        "active": True,
        "company": "ROOT",
    }
    item = Item.objects.get(code="ANODE")
    assert item.org == accounting["root"] and ItemPrice.objects.get(item=item).price == D(120)
    group = api.post(
        "/value/groups",
        {
            "code": "ANODE-G",
            "name": "阳极组装班",
            "items": [{"item": "ANODE", "target_per_hour": "2"}, {"item": "KWH"}],
        },
    )
    assert group.status_code == 201, group.content
    assert list(GroupItem.objects.filter(group__code="ANODE-G").values_list("item__code", flat=True)) == [
        "ANODE",
        "KWH",
    ]
    team = UnitFactory(code="AT1", name="阳极一班", kind="team", parent=accounting["workshop"])
    enrolled = api.post("/value/units", {"unit": "AT1", "group": "ANODE-G", "org": "BA"})
    assert enrolled.status_code == 201, enrolled.content
    assert AccountingUnit.objects.get(unit=team).group.code == "ANODE-G"
    assert AuditLog.objects.filter(object_type="value.accountingunit", action="create").count() == 1
    pushed = api.post(
        "/value/records",
        {
            "unit": "AT1",
            "date": DAY.isoformat(),
            "shift": "A",
            "hours": "8",
            "items": [{"item": "ANODE", "quantity": "10"}],
        },
    )
    assert pushed.status_code == 201, pushed.content
    assert pushed.json()["value"] == "1200.0000"


def test_a_price_changed_mid_month_keeps_the_earlier_days(client, accounting):
    for day in (DAY, DAY + dt.timedelta(days=5)):
        services.records_write(actor=SYSTEM, rows=[record_row("CA", day=day, AL="1")], source="api")
    api = office_api(client, accounting)
    changed = api.post(
        "/value/items/AL/prices", {"effective_from": (DAY + dt.timedelta(days=3)).isoformat(), "price": "16000"}
    )
    assert changed.status_code == 201, changed.content
    values = dict(DailyRecord.objects.values_list("date", "value"))
    assert values == {DAY: D(15000), DAY + dt.timedelta(days=5): D(16000)}
    assert AuditLog.objects.filter(object_type="value.itemprice").exists()


def test_bad_input_is_named_per_field(client, accounting):
    api = office_api(client, accounting)
    bad = api.post("/value/items", {"code": "X", "name": "X", "kind": "sideways"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    taken = api.post("/value/items", {"code": "AL", "name": "重复", "kind": "output"})
    assert taken.status_code == 400 and "code" in taken.json()["errors"]
    negative = api.post("/value/items/AL/prices", {"effective_from": "2024-01-01", "price": "-1"})
    assert negative.status_code == 400 and "price" in negative.json()["errors"]
    group = api.post("/value/groups", {"code": "G2", "name": "组", "items": [{"item": "NOPE"}]})
    assert group.status_code == 400 and "items.1.item" in group.json()["errors"]
    assert not PeerGroup.objects.filter(code="G2").exists()
    office_unit = api.post("/value/units", {"unit": "W1", "group": "ELEC", "org": "BA"})
    assert office_unit.status_code == 400 and "unit" in office_unit.json()["errors"]  # a workshop is not a team


def test_only_the_party_office_sets_up_the_catalogue(client, accounting):
    leader = ApiClient(client, account_with_role("team_leader", accounting["branch_a"], username="lead"))
    assert leader.post("/value/items", {"code": "Y", "name": "Y", "kind": "output"}).status_code == 403
    assert leader.post("/value/items/AL/prices", {"effective_from": "2024-01-01", "price": "1"}).status_code == 403
    assert leader.post("/value/groups", {"code": "G3", "name": "组"}).status_code == 403
    assert not Item.objects.filter(code="Y").exists() and not PeerGroup.objects.filter(code="G3").exists()


def test_another_companys_item_and_team_are_not_found(client, accounting):
    other_item = Item.objects.create(code="OTHER-AL", name="外公司原铝", kind="output", org=accounting["other_root"])
    api = office_api(client, accounting)
    price = api.post("/value/items/OTHER-AL/prices", {"effective_from": "2024-01-01", "price": "1"})
    assert price.status_code == 404
    assert not ItemPrice.objects.filter(item=other_item).exists()
    other_team = UnitFactory(code="OX2", name="外公司乙班", kind="team", parent=accounting["units"]["OX"].unit)
    enrol = api.post("/value/units", {"unit": other_team.code, "group": "ELEC", "org": "BA"})
    assert enrol.status_code == 400 and "unit" in enrol.json()["errors"]
    assert not AccountingUnit.objects.filter(unit=other_team).exists()
    group = api.post("/value/groups", {"code": "G4", "name": "组", "items": [{"item": "OTHER-AL"}]})
    assert group.status_code == 400
