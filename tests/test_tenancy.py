"""The company boundary (dangjian/org/tenancy.py) on the routes of issue 13, findings 1 and 2: two companies built with
factories, and company A's logins against company B's units, values and teams — 404 for reads and writes alike, no B
row in any list, nothing written. Inside one company, a writer outside the units their orgs cover gets 403.

The generic cross-company matrix over every route lives elsewhere; these are the focused cases."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.indicators.models import Indicator, IndicatorValue, Target
from dangjian.org import tenancy
from dangjian.value import services as value_services
from dangjian.value.models import AccountingUnit, DailyRecord, GroupItem, Item, ItemPrice, PeerGroup
from tests.api.conftest import ApiClient
from tests.core.imports_support import private_media  # noqa: F401 - fixture
from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorValueFactory

D = Decimal
DAY = dt.date(2024, 3, 10)
# Distinctive figures: B's must never show to A.
A_OUTPUT, B_OUTPUT = D("4242"), D("8686")
WRITERS_A = ["office", "secretary_a", "team_leader", "integration"]
READERS_A = [*WRITERS_A, "leader", "member_a"]


@pytest.fixture
def two(company):
    """Company A is the `company` fixture (ROOT → CO, branch_a covers W1 → T1, branch_b covers W2 → T3).
    Company B: ZZ → ZU (中州铝业), its branch ZZB covers ZW → ZT."""
    co, w1 = company["unit"], company["workshop"]
    w2 = UnitFactory(code="W2", name="电解二车间", parent=co)
    t1 = UnitFactory(code="T1", name="甲班", kind="team", parent=w1)
    t3 = UnitFactory(code="T3", name="丙班", kind="team", parent=w2)
    OrgUnitLinkFactory(org=company["branch_a"], unit=w1)
    OrgUnitLinkFactory(org=company["branch_b"], unit=w2)
    zz = PartyOrgFactory(code="ZZ", name="中州铝业公司党委", kind="committee")
    zzb = PartyOrgFactory(code="ZZB", name="蒸发车间党支部", parent=zz)
    zu = UnitFactory(code="ZU", name="中州铝业", kind="company")
    zw = UnitFactory(code="ZW", name="蒸发车间", parent=zu)
    zt = UnitFactory(code="ZT", name="蒸发甲班", kind="team", parent=zw)
    OrgUnitLinkFactory(org=zz, unit=zu)
    OrgUnitLinkFactory(org=zzb, unit=zw)
    out = Indicator.objects.create(code="OUT", name="铝产量", unit_of_measure="t", granularity="day", key=True)
    today = timezone.localdate()
    for unit, value in ((t1, A_OUTPUT), (zt, B_OUTPUT)):
        IndicatorValueFactory(indicator=out, unit=unit, period_start=DAY, value=value)
        IndicatorValueFactory(indicator=out, unit=unit, period_start=today.replace(day=1), value=value)
    Target.objects.create(indicator=out, unit=zu, year=DAY.year, month=DAY.month, value=D("9191"))
    users = {
        "office": account_with_role("party_office", company["root"], username="office"),
        "secretary_a": account_with_role("secretary", company["branch_a"], username="sec_a"),
        "team_leader": account_with_role("team_leader", company["branch_b"], username="leader_b"),
        "integration": account_with_role("integration", company["root"], username="mes"),
        "leader": account_with_role("leader", company["root"], username="boss"),
        "member_a": account_with_role("member", company["branch_a"], person=company["person_a"], username="mem_a"),
        "zz_team_leader": account_with_role("team_leader", zzb, username="zz_team_leader"),
        "zz_office": account_with_role("party_office", zz, username="zz_office"),
    }
    units = {u.code: u for u in (co, w1, w2, t1, t3, zu, zw, zt)}
    return {**company, "zz": zz, "zzb": zzb, "units": units, "users": users, "out": out}


@pytest.fixture
def client():
    """These tests assert English wording: ask for English (the product's default language is zh-hans)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def api(client, user) -> ApiClient:
    return ApiClient(client, user)


def web(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def value_state():
    return sorted(IndicatorValue.objects.values_list("unit__code", "period_start", "value", "revision"))


def push(unit: str, value="1") -> dict:
    return {"values": [{"indicator": "OUT", "unit": unit, "period": DAY.isoformat(), "value": value}], "reason": "x"}


# --- the company boundary itself ------------------------------------------------------------------------------------


def test_companies_come_from_the_root_org_of_each_assignment(two):
    users, units = two["users"], two["units"]
    assert tenancy.company_unit_paths(users["team_leader"]) == [units["CO"].path]
    assert tenancy.company_unit_paths(users["zz_team_leader"]) == [units["ZU"].path]
    # write scope: the units the orgs cover and their subtrees, not the whole company
    assert tenancy.write_unit_paths(users["team_leader"], "indicator", "add") == [units["W2"].path]
    assert tenancy.write_unit_paths(users["office"], "indicator", "add") == [units["CO"].path]
    # a role held without an org (an older install's MES account) belongs to no company and reaches nothing
    legacy = account_with_role("integration", None, username="old_mes")
    assert tenancy.company_unit_paths(legacy) == []
    assert tenancy.write_unit_paths(legacy, "indicator", "add") == []


def test_the_integration_role_is_held_over_a_company_root(two):
    from dangjian.accounts.services import role_assign
    from dangjian.core.errors import InvalidInput
    from tests.factories import UserFactory

    feed = UserFactory(username="feed")
    for org in (None, two["branch_a"]):
        with pytest.raises(InvalidInput):
            role_assign(actor=SYSTEM, user=feed, role="integration", org=org)
    role_assign(actor=SYSTEM, user=feed, role="integration", org=two["zz"])
    assert tenancy.company_unit_paths(feed) == [two["units"]["ZU"].path]


def test_an_older_global_integration_account_moves_to_the_only_company(company):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("dangjian.org.migrations.0002_integration_over_company_root")
    feed = account_with_role("integration", None, username="old_mes")
    assert tenancy.company_unit_paths(feed) == []
    migration.forwards(apps, None)
    feed = type(feed).objects.get(pk=feed.pk)
    assert [a.org for a in feed.role_assignments.all()] == [company["root"]]
    assert tenancy.company_unit_paths(feed) == [company["unit"].path]
    assert AuditLog.objects.filter(object_type="accounts.roleassignment", action="update").exists()
    # with a second company nobody can tell which company a feed belongs to: it is left alone (and reaches nothing)
    PartyOrgFactory(code="ZZ", name="中州铝业公司党委", kind="committee")
    other = account_with_role("integration", None, username="old_mes_2")
    migration.forwards(apps, None)
    assert other.role_assignments.get().org is None


# --- finding 1: writes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", WRITERS_A)
def test_push_to_another_companys_unit_is_404_and_writes_nothing(client, two, who):
    before, audits = value_state(), AuditLog.objects.count()
    for unit in ("ZT", "ZU"):
        response = api(client, two["users"][who]).post("/indicators/values", push(unit, "0"))
        assert response.status_code == 404, response.content
        assert "8686" not in response.content.decode()
    # a batch mixing an own unit with B's is refused whole
    mixed = push("T3", "5")
    mixed["values"].append({"indicator": "OUT", "unit": "ZT", "period": DAY.isoformat(), "value": "0"})
    assert api(client, two["users"][who]).post("/indicators/values", mixed).status_code == 404
    assert value_state() == before and AuditLog.objects.count() == audits


def test_the_other_company_is_404_too(client, two):
    """中州's team leader on 旗能's unit: the probe's own request."""
    before = value_state()
    response = api(client, two["users"]["zz_team_leader"]).post("/indicators/values", push("T1", "0"))
    assert response.status_code == 404
    assert value_state() == before
    assert api(client, two["users"]["zz_team_leader"]).post("/indicators/values", push("ZT", "7")).status_code == 200


def test_push_outside_the_callers_orgs_is_403_with_the_unit_named(client, two):
    """The team leader over branch_b (W2) may write W2 and T3; W1's team and the company root are refused whole."""
    leader = api(client, two["users"]["team_leader"])
    before = value_state()
    for unit in ("T1", "CO", "W1"):
        batch = push("T3", "5")
        batch["values"].append({"indicator": "OUT", "unit": unit, "period": DAY.isoformat(), "value": "0"})
        response = leader.post("/indicators/values", batch)
        assert response.status_code == 403, response.content
        assert unit in response.json()["message"] and "outside the units" in response.json()["message"]
    assert value_state() == before
    assert leader.post("/indicators/values", push("T3", "5")).status_code == 200
    # the party office at the root and the MES account write the whole company
    assert api(client, two["users"]["office"]).post("/indicators/values", push("CO", "6")).status_code == 200
    assert api(client, two["users"]["integration"]).post("/indicators/values", push("T1", "6")).status_code == 200


def test_entry_and_targets_pages_refuse_another_companys_unit(two):
    user = two["users"]["secretary_a"]
    before, targets = value_state(), Target.objects.count()
    entry = reverse("indicators:entry", args=["OUT"])
    body = {"unit": "ZT", "period": DAY.isoformat(), "value": "0", "reason": "x"}
    assert web(user).post(entry, body).status_code == 404
    url = reverse("indicators:targets", args=["OUT"])
    assert web(user).get(url, {"unit": "ZU", "year": "2024"}).status_code == 404
    assert web(user).post(f"{url}?unit=ZU&year=2024", {"year": "1"}).status_code == 404
    # within the company but outside branch_a's units: a unit it may see but not write, so 403 with the sentence
    # (docs/architecture.md, "403 or 404: one rule"); nothing written
    response = web(user).post(entry, {**body, "unit": "T3"})
    assert response.status_code == 403 and "outside the units" in response.content.decode()
    assert value_state() == before and Target.objects.count() == targets


def test_entry_and_targets_pickers_list_only_the_units_the_user_may_write(two):
    leader = web(two["users"]["team_leader"])
    entry = leader.get(reverse("indicators:entry", args=["OUT"]))
    assert entry.status_code == 200
    assert {code for code, _name in entry.context["form"].fields["unit"].widget.choices} == {"W2", "T3"}
    targets = leader.get(reverse("indicators:targets", args=["OUT"]))
    assert {code for code, _name in targets.context["units"]} == {"W2", "T3"}
    assert targets.context["unit"].code == "W2"
    office = web(two["users"]["office"]).get(reverse("indicators:entry", args=["OUT"]))
    assert {code for code, _name in office.context["form"].fields["unit"].widget.choices} == {
        "CO",
        "W1",
        "W2",
        "T1",
        "T3",
    }


# --- finding 2: reads -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", READERS_A)
def test_series_of_another_companys_unit_is_404_and_the_default_is_the_own_company(client, two, who):
    caller = api(client, two["users"][who])
    dates = {"from": "2024-03-01", "to": "2024-03-31"}
    for unit in ("ZU", "ZT"):
        assert caller.get("/indicators/OUT/series", unit=unit, **dates).status_code == 404
    default = caller.get("/indicators/OUT/series", **dates)
    assert default.status_code == 200
    data = default.json()
    assert data["unit"] == "CO"
    assert [p["value"] for p in data["points"]] == ["4242.000000"]


def test_the_other_company_reads_its_own_series(client, two):
    data = api(client, two["users"]["zz_team_leader"]).get("/indicators/OUT/series", **{"from": "2024-03-01"})
    assert data.status_code == 200
    assert data.json()["unit"] == "ZU"
    assert "8686.000000" in [p["value"] for p in data.json()["points"] if p["start"] == "2024-03-10"]


@pytest.mark.parametrize("who", ["office", "secretary_a", "leader", "member_a"])
def test_kiosk_shows_the_own_company_only(two, who):
    for name in ("indicators:kiosk_tiles", "indicators:kiosk"):
        response = web(two["users"][who]).get(reverse(name))
        assert response.status_code == 200
        body = response.content.decode()
        assert "8,686" not in body and "8686" not in body and "中州" not in body
        assert "4,242" in body or "4242" in body
    assert "中州铝业" in web(two["users"]["zz_office"]).get(reverse("indicators:kiosk")).content.decode()


@pytest.mark.parametrize("who", ["office", "secretary_a", "team_leader", "leader"])
def test_series_export_of_another_companys_unit_is_404(two, who):
    client = web(two["users"][who])
    exports = AuditLog.objects.filter(action="export").count()
    for name in ("indicators:export_series", "indicators:export_table"):
        url = reverse(name, args=["OUT"])
        assert client.get(url, {"unit": "ZU", "year": "2024"}).status_code == 404
        assert client.get(url, {"unit": "ZT", "year": "2024"}).status_code == 404
    assert AuditLog.objects.filter(action="export").count() == exports
    own = client.get(reverse("indicators:export_series", args=["OUT"]), {"granularity": "day", "start": "2024-03-01"})
    assert own.status_code == 200


def test_indicator_page_falls_back_to_the_own_company(two):
    body = web(two["users"]["leader"]).get(reverse("indicators:detail", args=["OUT"]), {"unit": "ZU"})
    assert body.status_code == 200
    text = body.content.decode()
    assert "中州" not in text and "9191" not in text and "9,191" not in text


@pytest.mark.parametrize("who", ["office", "secretary_a", "team_leader", "leader", "member_a"])
def test_units_api_lists_the_own_company_only(client, two, who):
    caller = api(client, two["users"][who])
    listed = caller.get("/units", limit=200)
    assert listed.status_code == 200
    codes = {u["code"] for u in listed.json()["items"]}
    assert codes >= {"CO", "W1", "W2", "T1", "T3"} and not codes & {"ZU", "ZW", "ZT"}
    for code in ("ZU", "ZT"):
        assert caller.get(f"/units/{code}").status_code == 404
    assert caller.get("/units/T3").status_code == 200


@pytest.mark.parametrize("who", ["office", "secretary_a", "leader", "member_a"])
def test_unit_tree_node_of_another_company_is_404(two, who):
    client = web(two["users"][who])
    for code in ("ZU", "ZW"):
        assert client.get(reverse("org:unit_tree_node", args=[two["units"][code].pk])).status_code == 404
    assert client.get(reverse("org:unit_tree_node", args=[two["units"]["CO"].pk])).status_code == 200
    tree = client.get(reverse("org:units")).content.decode()
    assert "中州" not in tree and "蒸发" not in tree


def test_unit_edit_of_another_company_is_404(two):
    client = web(two["users"]["office"])
    zw = two["units"]["ZW"]
    assert client.get(reverse("org:unit_edit", args=[zw.pk])).status_code == 404
    assert (
        client.post(reverse("org:unit_edit", args=[zw.pk]), {"name": "x", "code": "ZW", "kind": "workshop"}).status_code
        == 404
    )
    zw.refresh_from_db()
    assert zw.name == "蒸发车间"


# --- value accounting -------------------------------------------------------------------------------------------------


@pytest.fixture
def teams(two):
    """A peer group and a team in each company; one record each."""
    al = Item.objects.create(code="AL", name="原铝", kind="output", unit_of_measure="t")
    ItemPrice.objects.create(item=al, effective_from=dt.date(2020, 1, 1), price=D("15000"))
    made = {}
    for code, org, team in (("A", two["root"], "T1"), ("B", two["zz"], "ZT")):
        group = PeerGroup.objects.create(code=f"G{code}", name=f"{code}班组", org=org)
        GroupItem.objects.create(group=group, item=al)
        responsible = two["branch_a"] if code == "A" else two["zzb"]
        made[code] = AccountingUnit.objects.create(unit=two["units"][team], group=group, org=responsible)
    value_services.records_write(
        actor=SYSTEM,
        rows=[record(team) for team in ("T1", "ZT")],
        source="api",
        sync=False,
    )
    return made


def record(unit: str, hours="96") -> dict:
    return {
        "unit": unit,
        "date": DAY.isoformat(),
        "shift": "A",
        "hours": hours,
        "items": [{"item": "AL", "quantity": "1"}],
    }


def records_state():
    return sorted(DailyRecord.objects.values_list("unit__unit__code", "hours", "revision"))


@pytest.mark.parametrize("who", ["office", "secretary_a", "integration"])
def test_value_push_for_another_companys_team_is_404(client, two, teams, who):
    before = records_state()
    response = api(client, two["users"][who]).post("/value/records", record("ZT", hours="1"))
    assert response.status_code == 404, response.content
    assert "B班组" not in response.content.decode()
    assert records_state() == before


@pytest.mark.parametrize("who", ["office", "secretary_a", "leader", "member_a"])
def test_value_team_page_of_another_company_is_404(two, teams, who):
    client = web(two["users"][who])
    assert client.get(reverse("value:team", args=[teams["B"].pk])).status_code == 404
    assert client.get(reverse("value:team", args=[teams["A"].pk])).status_code == 200
    ranking = api(Client(), two["users"][who]).get("/value/rankings", date=DAY.isoformat())
    assert ranking.status_code == 200 and "ZT" not in ranking.content.decode()


def test_an_org_cannot_cover_another_companys_unit(two):
    """Covering B's unit would put it in the write scope of the org's people."""
    from dangjian.core.errors import NotFound
    from dangjian.org.models import OrgUnitLink
    from dangjian.org.services import org_set_units

    with pytest.raises(NotFound):
        org_set_units(actor=two["users"]["office"], org=two["branch_a"], units=[two["units"]["W1"], two["units"]["ZW"]])
    assert list(OrgUnitLink.objects.filter(org=two["branch_a"]).values_list("unit__code", flat=True)) == ["W1"]
    # and a link made behind the service's back still gives no write scope outside the company
    OrgUnitLink.objects.create(org=two["branch_b"], unit=two["units"]["ZW"])
    leader = type(two["users"]["team_leader"]).objects.get(username="leader_b")
    assert tenancy.write_unit_paths(leader, "indicator", "add") == [two["units"]["W2"].path]


def test_the_shared_catalogue_names_an_owner_unit_only_inside_its_company(client, two):
    Indicator.objects.filter(code="OUT").update(owner_unit=two["units"]["ZW"])
    assert api(client, two["users"]["office"]).get("/indicators/OUT").json()["owner_unit"] is None
    assert api(client, two["users"]["zz_office"]).get("/indicators/OUT").json()["owner_unit"] == "ZW"


@pytest.mark.usefixtures("private_media")
def test_an_import_finds_no_unit_of_another_company_and_writes_nothing(two, django_capture_on_commit_callbacks):
    from dangjian.core.models import ImportJob
    from tests.core.imports_support import confirm, csv_bytes, last_job, upload

    header = ["指标编码", "单位编码", "期间", "数值", "班次"]
    client = web(two["users"]["office"])
    before = value_state()
    upload(
        client,
        "indicator-values",
        "values.csv",
        csv_bytes([header, ["OUT", "T1", "2024-03-11", "5", ""], ["OUT", "ZT", "2024-03-11", "0", ""]]),
        django_capture_on_commit_callbacks,
    )
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "unit")]
    assert value_state() == before
    # the secretary of branch_a may import for W1's units only: a row for W2's team fails the whole file at commit
    client = web(two["users"]["secretary_a"])
    upload(
        client,
        "indicator-values",
        "values.csv",
        csv_bytes([header, ["OUT", "T1", "2024-03-11", "5", ""], ["OUT", "T3", "2024-03-11", "5", ""]]),
        django_capture_on_commit_callbacks,
    )
    job = last_job()
    if job.status == ImportJob.Status.READY:
        confirm(client, job, django_capture_on_commit_callbacks)
        job.refresh_from_db()
    assert job.status in (ImportJob.Status.FAILED, ImportJob.Status.INVALID)
    assert "T3" in (job.message + str(job.errors))
    assert value_state() == before
