"""The year's winning teams (优胜班组) through the API: read the list, name it (PUT, with the rule used; [] takes
every team off) or choose it by the winners page's rule (POST …/compute) — the party office of the whole company
only, audited, members' points following the list; another company's team is refused like an unknown code."""

import datetime as dt
from decimal import Decimal

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from dangjian.points.models import PointsEntry
from dangjian.value import services
from dangjian.value.models import AnnualWinner
from tests.api.conftest import ApiClient
from tests.factories import PersonFactory, account_with_role
from tests.value.conftest import DAY, record_row

D = Decimal
RULE = "各对标组全年考核积分前两名"


def total(person) -> Decimal:
    return sum((e.points for e in PointsEntry.objects.filter(person=person, status="approved")), Decimal(0))


def office_api(client, accounting):
    return ApiClient(client, account_with_role("party_office", accounting["root"], username="office"))


def test_office_names_the_winners_then_changes_and_clears_the_list(client, accounting):
    points.defaults_install(actor=SYSTEM, company=accounting["root"], valid_from=dt.date(2020, 1, 1))
    member = PersonFactory(branch=accounting["branch_a"], unit=accounting["units"]["CA"].unit, member=True)
    api = office_api(client, accounting)
    named = api.call(
        "PUT",
        "/value/winners/2024",
        {"winners": [{"unit": "CA", "points": "30"}, {"unit": "CC", "points": "20.5"}], "rule": RULE},
    )
    assert named.status_code == 200, named.content
    assert [(w["unit"], w["points"], w["group"], w["rule"]) for w in named.json()] == [
        ("CA", "30.00", "ELEC", RULE),
        ("CC", "20.50", "ELEC", RULE),
    ]
    assert total(member) > 0
    changed = api.call("PUT", "/value/winners/2024", {"winners": [{"unit": "CA", "points": "31"}], "rule": RULE})
    assert [(w["unit"], w["points"]) for w in changed.json()] == [("CA", "31.00")]
    audit = AuditLog.objects.filter(object_type="value.annualwinner").order_by("pk")
    assert audit.count() == 2 and audit.last().before["points"][str(accounting["units"]["CA"].pk)] == "30.00"
    assert api.get("/value/winners/2024").json() == changed.json()
    cleared = api.call("PUT", "/value/winners/2024", {"winners": [], "rule": RULE})
    assert cleared.status_code == 200 and cleared.json() == []
    assert not AnnualWinner.objects.exists()
    assert total(member) == 0  # the award is reversed


def test_office_chooses_the_winners_by_the_rule(client, accounting):
    """The month's assessment (ranks 1, 2, 3 → 10, 8, 6 points) summed over the year: CA, with the most value per
    hour, is the one winner of ELEC."""
    rows = [record_row("CA", AL="10", KWH="1"), record_row("CB", AL="5", KWH="1")]
    services.records_write(actor=SYSTEM, rows=rows, source="api")
    api = office_api(client, accounting)
    response = api.post(f"/value/winners/{DAY.year}/compute", {"per_group": 1})
    assert response.status_code == 200, response.content
    assert [(w["unit"], w["group"]) for w in response.json()] == [("CA", "ELEC")]
    assert D(response.json()[0]["points"]) > 0 and response.json()[0]["rule"]
    assert AuditLog.objects.filter(object_type="value.annualwinner").count() == 1
    bad = api.post(f"/value/winners/{DAY.year}/compute", {"per_group": 0})
    assert bad.status_code == 400 and "per_group" in bad.json()["errors"]


def test_only_the_company_office_names_winners(client, accounting):
    secretary = account_with_role("secretary", accounting["branch_a"], username="sec")
    api = ApiClient(client, secretary)
    body = {"winners": [{"unit": "CA"}], "rule": RULE}
    assert api.call("PUT", "/value/winners/2024", body).status_code == 403
    assert api.post("/value/winners/2024/compute", {}).status_code == 403
    assert api.get("/value/winners/2024").status_code == 200  # a reader reads the list
    assert not AnnualWinner.objects.exists()
    assert not AuditLog.objects.filter(object_type="value.annualwinner").exists()


def test_another_companys_team_and_bad_input_are_refused_with_the_field_named(client, accounting, settings):
    settings.LANGUAGE_CODE = "en"
    AnnualWinner.objects.create(year=2024, unit=accounting["units"]["OX"], points=D(9), rule="外公司")
    api = office_api(client, accounting)
    other = api.call("PUT", "/value/winners/2024", {"winners": [{"unit": "OX"}], "rule": RULE})
    assert other.status_code == 400 and "winners.1.unit" in other.json()["errors"]
    twice = api.call("PUT", "/value/winners/2024", {"winners": [{"unit": "CA"}, {"unit": "CA"}], "rule": RULE})
    assert twice.status_code == 400 and "winners.2.unit" in twice.json()["errors"]
    no_rule = api.call("PUT", "/value/winners/2024", {"winners": [{"unit": "CA"}]})
    assert no_rule.status_code == 400 and "rule" in no_rule.json()["errors"]
    assert api.get("/value/winners/1999").status_code == 400
    # the other company's winner is neither shown nor touched
    assert api.get("/value/winners/2024").json() == []
    assert api.call("PUT", "/value/winners/2024", {"winners": [], "rule": RULE}).status_code == 200
    assert AnnualWinner.objects.filter(unit=accounting["units"]["OX"]).exists()
