"""The value set-up pages for the party office (items, prices, groups, enrolment, winners), the daily entry when no
team is enrolled, the outlier confirm step, the boards opening on the latest day with data, and the set-up centre's
summary (value/setup.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import AccountingUnit, AnnualWinner, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from dangjian.value.rankings import ranking
from dangjian.value.setup import setup_items
from tests.factories import UnitFactory, account_with_role
from tests.value.conftest import DAY, record_row

D = Decimal


@pytest.fixture
def office(accounting):
    return account_with_role("party_office", accounting["root"], username="office")


def test_the_setup_page_lists_the_catalogue_in_a_fixed_number_of_queries(
    client, accounting, office, django_assert_max_num_queries
):
    client.force_login(office)
    url = reverse("value:setup")
    with django_assert_max_num_queries(22):
        first = client.get(url)
    assert first.status_code == 200
    for n in range(6):
        item = Item.objects.create(code=f"N{n}", name=f"项{n}", kind="input", org=accounting["root"])
        ItemPrice.objects.create(item=item, effective_from=DAY, price=D(1))
        GroupItem.objects.create(group=accounting["group"], item=item)
        UnitFactory(code=f"T{n}", kind="team", parent=accounting["workshop"])
    with django_assert_max_num_queries(22):
        again = client.get(url)
    assert again.status_code == 200 and "N5" in again.content.decode()
    assert 'data-testid="hours-meaning"' in again.content.decode()


def test_the_office_sets_up_items_prices_groups_and_teams_on_the_page(client, accounting, office):
    client.force_login(office)
    url = reverse("value:setup")
    made = client.post(
        url, {"form": "item", "code": "ANODE", "name": "阳极", "kind": "output", "unit_of_measure": "块"}
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    item = Item.objects.get(code="ANODE")
    assert item.org == accounting["root"] and item.unit_of_measure == "块"
    changed = client.post(url, {"form": "item", "code": "ANODE", "name": "合格阳极", "unit_of_measure": "块"})
    assert changed.status_code == 302 and Item.objects.get(code="ANODE").name == "合格阳极"
    priced = client.post(url, {"form": "price", "item": item.pk, "effective_from": "2024-01-01", "price": "120"})
    assert priced.status_code == 302 and ItemPrice.objects.get(item=item).price == D(120)
    grouped = client.post(
        url, {"form": "group", "code": "AG", "name": "阳极班", "metric": "value", "top_points": "5,3"}
    )
    assert grouped.status_code == 302
    group = PeerGroup.objects.get(code="AG")
    assert client.post(url, {"form": "group_item", "group": group.pk, "item": item.pk}).status_code == 302
    assert GroupItem.objects.filter(group=group, item=item).exists()
    team = UnitFactory(code="AT1", kind="team", parent=accounting["workshop"])
    enrol = client.post(url, {"form": "enrol", "unit": team.pk, "group": group.pk, "org": accounting["branch_a"].pk})
    assert enrol.status_code == 302
    assert AccountingUnit.objects.get(unit=team).org == accounting["branch_a"]
    retire = client.post(url, {"form": "item_retire", "item": item.pk})
    assert retire.status_code == 302 and not Item.objects.get(pk=item.pk).active
    types = set(AuditLog.objects.values_list("object_type", flat=True))
    assert {"value.item", "value.itemprice", "value.peergroup", "value.groupitem", "value.accountingunit"} <= types


def test_bad_input_on_the_setup_page_is_named_and_nothing_is_written(client, accounting, office):
    client.force_login(office)
    url = reverse("value:setup")
    bad = client.post(url, {"form": "price", "item": accounting["items"]["AL"].pk, "effective_from": "x", "price": "1"})
    assert bad.status_code == 400
    negative = client.post(
        url, {"form": "price", "item": accounting["items"]["AL"].pk, "effective_from": "2024-01-01", "price": "-5"}
    )
    assert negative.status_code == 400 and "is-invalid" in negative.content.decode()
    points = client.post(url, {"form": "group", "code": "G9", "name": "组", "top_points": "a,b"})
    assert points.status_code == 400 and not PeerGroup.objects.filter(code="G9").exists()


def test_only_the_party_office_opens_the_setup_page(client, accounting):
    client.force_login(account_with_role("team_leader", accounting["branch_a"], username="lead"))
    assert client.get(reverse("value:setup")).status_code == 403


def test_a_team_leader_without_an_enrolled_team_is_told_so_not_refused(client, accounting):
    leader = account_with_role("team_leader", accounting["branch_b"], username="lead_b")
    AccountingUnit.objects.filter(org=accounting["branch_b"]).update(active=False)
    client.force_login(leader)
    entry = client.get(reverse("value:entry"))
    assert entry.status_code == 200
    assert 'data-testid="entry-none"' in entry.content.decode()
    overview = client.get(reverse("value:overview")).content.decode()
    assert reverse("value:entry") not in overview and 'data-testid="none-enrolled"' in overview


def test_a_day_far_outside_the_teams_range_waits_for_confirmation_before_it_is_ranked(client, accounting):
    rows = [record_row("CA", day=DAY - dt.timedelta(days=d), hours="100", AL="10") for d in range(1, 8)]
    rows += [record_row("CB", day=DAY, hours="100", AL="10")]
    services.records_write(actor=SYSTEM, rows=rows, source="api")
    leader = account_with_role("team_leader", accounting["branch_a"], username="lead")
    client.force_login(leader)
    unit = accounting["units"]["CA"]
    # 12 hours for the output of ~100: ten times the team's value per hour.
    saved = client.post(
        reverse("value:entry"),
        {"unit": unit.pk, "date": DAY.isoformat(), "shift": "A", "hours": "12", "AL": "12", "KWH": "", "AO": ""},
    )
    assert saved.status_code == 302
    record = DailyRecord.objects.get(unit=unit, date=DAY)
    assert record.outlier and record.unconfirmed
    assert [r.code for r in ranking(start=DAY, end=DAY)] == ["CB"]
    page = client.get(saved.url).content.decode()
    assert 'data-testid="entry-outlier"' in page and 'data-usual-high="' in page
    confirmed = client.post(reverse("value:record_confirm", args=[record.pk]), {"next": "entry"})
    assert confirmed.status_code == 302
    record.refresh_from_db()
    assert record.confirmed_at is not None and record.confirmed_by == leader
    assert [r.code for r in ranking(start=DAY, end=DAY)] == ["CA", "CB"]
    assert AuditLog.objects.filter(object_type="value.dailyrecord", object_id=str(record.pk), action="update").exists()


def test_the_entry_confirms_at_once_when_asked_and_says_what_hours_mean(client, accounting):
    rows = [record_row("CA", day=DAY - dt.timedelta(days=d), hours="100", AL="10") for d in range(1, 8)]
    services.records_write(actor=SYSTEM, rows=rows, source="api")
    client.force_login(account_with_role("team_leader", accounting["branch_a"], username="lead"))
    unit = accounting["units"]["CA"]
    page = client.get(reverse("value:entry"), {"unit": unit.pk, "date": DAY.isoformat()}).content.decode()
    assert 'data-testid="hours-help"' in page
    client.post(
        reverse("value:entry"),
        {"unit": unit.pk, "date": DAY.isoformat(), "shift": "A", "hours": "12", "AL": "12", "confirm_outlier": "1"},
    )
    record = DailyRecord.objects.get(unit=unit, date=DAY)
    assert record.outlier and not record.unconfirmed


def test_the_board_and_the_month_open_on_the_latest_day_with_data_and_say_so(client, accounting):
    services.records_write(actor=SYSTEM, rows=[record_row("CA", AL="1")], source="api")
    client.force_login(account_with_role("member", accounting["branch_a"], username="m"))
    board = client.get(reverse("value:board")).content.decode()
    assert DAY.isoformat() in board and 'data-testid="board-latest"' in board
    chosen = client.get(reverse("value:board"), {"date": timezone.localdate().isoformat()}).content.decode()
    assert 'data-testid="board-latest"' not in chosen
    monthly = client.get(reverse("value:monthly")).content.decode()
    assert f"{DAY:%Y-%m}" in monthly and 'data-testid="monthly-latest"' in monthly


def test_winners_are_computed_by_a_stated_rule(client, accounting, office):
    rows = [record_row(code, hours="10", AL=str(q)) for code, q in (("CA", 3), ("CB", 2), ("CC", 1))]
    services.records_write(actor=SYSTEM, rows=rows, source="api")
    client.force_login(office)
    done = client.post(reverse("value:winners"), {"year": DAY.year, "per_group": "2", "minimum_points": "0"})
    assert done.status_code == 302
    winners = list(AnnualWinner.objects.filter(year=DAY.year).order_by("-points"))
    assert [w.unit.unit.code for w in winners] == ["CA", "CB"]
    assert "2" in winners[0].rule
    page = client.get(reverse("value:winners"), {"year": DAY.year}).content.decode()
    assert 'data-testid="winners-rule"' in page


def test_setup_items_say_what_is_configured_and_what_is_missing(accounting, office):
    found = {row["label"]: row for row in setup_items(office)}
    assert len(found) == 4
    for row in found.values():
        assert set(row) == {"label", "count", "done", "url", "hint"}
    counts = [row["count"] for row in setup_items(office)]
    assert counts == [3, 3, 1, 3]
    Item.objects.create(code="NEW", name="新", kind="input", org=accounting["root"])
    items, prices = setup_items(office)[:2]
    assert items["count"] == 4 and prices["done"] is False
