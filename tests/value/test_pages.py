"""The value pages: each renders for a viewer with a bounded number of queries that does not grow with rows; the
entry saves a record and shows errors per field; the exports are .xlsx and audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import AccountingUnit, DailyRecord
from tests.factories import UnitFactory, account_with_role
from tests.value.conftest import DAY, record_row

D = Decimal


def seed_days(accounting, days: int, extra_units: int = 0):
    for n in range(extra_units):
        AccountingUnit.objects.create(
            unit=UnitFactory(code=f"X{n}", kind="team", parent=accounting["workshop"]),
            group=accounting["group"],
            org=accounting["branch_a"],
        )
    codes = list(AccountingUnit.objects.filter(group=accounting["group"]).values_list("unit__code", flat=True))
    rows = [
        record_row(code, day=DAY - dt.timedelta(days=d), hours="10", AL=str(1 + n / 10), KWH="1000")
        for d in range(days)
        for n, code in enumerate(codes)
    ]
    services.records_write(actor=SYSTEM, rows=rows, source="api")


@pytest.fixture
def viewer(accounting):
    return account_with_role("member", accounting["branch_b"], username="viewer")


PAGES = [
    ("value:overview", {}, None),
    ("value:board", {}, {"date": DAY.isoformat()}),
    ("value:board_rows", {}, {"date": DAY.isoformat(), "metric": "improvement"}),
    ("value:monthly", {}, {"month": "2024-03"}),
]


@pytest.mark.parametrize("name,kwargs,query", PAGES)
def test_pages_have_a_flat_query_count(client, accounting, viewer, django_assert_max_num_queries, name, kwargs, query):
    client.force_login(viewer)
    seed_days(accounting, 2)
    with django_assert_max_num_queries(10):
        small = client.get(reverse(name, kwargs=kwargs), query or {})
    assert small.status_code == 200
    seed_days(accounting, 10, extra_units=6)
    with django_assert_max_num_queries(10):
        big = client.get(reverse(name, kwargs=kwargs), query or {})
    assert big.status_code == 200


def test_team_page_shows_trends_and_benchmark_gaps(client, accounting, viewer, django_assert_max_num_queries):
    seed_days(accounting, 3)
    ca = accounting["units"]["CA"]
    client.force_login(viewer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("value:team", args=[ca.pk]), {"month": "2024-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="team-chart"' in html and "CA班" in html
    bench = {b.label: b for b in response.context["benchmarks"]}
    # CA: 1 t Al and 1000 kWh per 10 h a day → (15000 − 350) / 10 = 1465/h; peers CB 1615, CC 1765: mean 1615
    vph = bench["value_per_hour"]
    assert (vph.actual, vph.best, vph.peer, vph.target) == (D("1465.00"), D("1465.00"), D("1615.00"), D(150))
    assert vph.gap(vph.peer) == D("-150.00") and vph.better(vph.peer) is False
    power = bench["电"]
    assert power.actual == D("100.0000") and power.higher is False and power.better(power.peer) is True
    seed_days(accounting, 20)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("value:team", args=[ca.pk])).status_code == 200


def test_board_lists_each_group_with_ties(client, accounting, viewer):
    services.records_write(
        actor=SYSTEM,
        rows=[record_row("CA", hours="10", AL="1"), record_row("CB", hours="10", AL="1")],
        source="api",
    )
    client.force_login(viewer)
    response = client.get(reverse("value:board"), {"date": DAY.isoformat(), "group": "ELEC"})
    sections = response.context["sections"]
    assert [(r.code, r.rank) for r in sections[0]["rows"]] == [("CA", 1), ("CB", 1)]
    assert not sections[0]["can_lock"]
    # the other company's group is not on this member's board
    assert [s["group"].code for s in client.get(reverse("value:board")).context["sections"]] == ["ELEC"]


def test_team_leader_enters_a_day_on_the_phone_page(client, accounting, django_assert_max_num_queries):
    leader = account_with_role("team_leader", accounting["branch_a"], username="tl")
    client.force_login(leader)
    ca = accounting["units"]["CA"]
    services.records_write(
        actor=SYSTEM, rows=[record_row("CA", day=DAY - dt.timedelta(days=1), hours="96", AL="12")], source="api"
    )
    url = reverse("value:entry")
    with django_assert_max_num_queries(20):
        page = client.get(url, {"unit": ca.pk, "date": DAY.isoformat(), "shift": "A"})
    assert page.status_code == 200
    rows = {r["item"].code: r for r in page.context["rows"]}
    # prefilled with yesterday's quantities, yesterday shown beside each
    assert rows["AL"]["value"] == "12" and rows["AL"]["yesterday"] == D(12)
    assert page.context["values"]["hours"] == "96"
    # only units of the leader's branch can be chosen
    assert {u.unit.code for u in page.context["units"]} == {"CA", "CB"}
    bad = client.post(url, {"unit": ca.pk, "date": DAY.isoformat(), "shift": "A", "hours": "x", "AL": "-1"})
    assert bad.status_code == 400 and set(bad.context["errors"]) == {"hours", "AL"}
    assert DailyRecord.objects.filter(date=DAY).count() == 0
    saved = client.post(url, {"unit": ca.pk, "date": DAY.isoformat(), "shift": "A", "hours": "96", "AL": "13"})
    assert saved.status_code == 302
    record = DailyRecord.objects.get(date=DAY)
    assert (record.value, record.updated_by, record.source) == (D(195000), leader, "manual")
    # a locked day needs a reason
    services.day_lock(actor=SYSTEM, group=accounting["group"], date=DAY)
    conflict = client.post(url, {"unit": ca.pk, "date": DAY.isoformat(), "shift": "A", "hours": "90", "AL": "13"})
    assert conflict.status_code == 400 and "reason" in conflict.context["errors"]
    client.post(
        url, {"unit": ca.pk, "date": DAY.isoformat(), "shift": "A", "hours": "90", "AL": "13", "reason": "补录"}
    )
    record.refresh_from_db()
    assert (record.hours, record.revision) == (D(90), 2)
    detail = client.get(reverse("value:record", args=[record.pk]))
    assert detail.status_code == 200 and "补录" in detail.content.decode()


def test_entry_is_forbidden_without_a_unit_to_enter(client, accounting, viewer):
    client.force_login(viewer)
    assert client.get(reverse("value:entry")).status_code == 403


def test_exports_are_xlsx_and_audited(client, accounting):
    seed_days(accounting, 2)
    client.force_login(account_with_role("leader", accounting["root"], username="boss"))
    for name, query in (
        ("value:board_export", {"date": DAY.isoformat()}),
        ("value:monthly_export", {"month": "2024-03"}),
    ):
        response = client.get(reverse(name), query)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action="export").count() == 2
    member = account_with_role("member", accounting["branch_a"], username="mm")
    client.force_login(member)
    assert client.get(reverse("value:monthly_export")).status_code == 403


def test_office_locks_a_day_from_the_board(client, accounting, office):
    seed_days(accounting, 1)
    client.force_login(office)
    response = client.post(reverse("value:lock"), {"group": "ELEC", "date": DAY.isoformat()})
    assert response.status_code == 302
    assert accounting["group"].locks.filter(date=DAY).exists()


def test_home_lists_teams_without_yesterdays_record(client, accounting, django_assert_max_num_queries):
    from django.utils import timezone

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.records_write(actor=SYSTEM, rows=[record_row("CA", day=yesterday, AL="1")], source="api")
    client.force_login(account_with_role("team_leader", accounting["branch_a"], username="tl"))
    response = client.get(reverse("home"))
    sections = [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
    assert [u.unit.code for u in sections[0]["value_missing"]] == ["CB"]
    # a reader gets no section
    client.force_login(account_with_role("member", accounting["branch_a"], username="mm"))
    response = client.get(reverse("home"))
    assert not [s for s in response.context["sections"] if s["template"] == "value/_home.html"]
