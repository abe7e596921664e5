"""Setting an acceptance panel up through the API (党群工作部): create, change, criteria, members — the panel pages'
services, so the same standing (403), scope (404, and an org out of reach is 400 on `org`), status (409 once
submitted) and audit rows."""

import pytest

from dangjian.core.models import AuditLog
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember
from tests.api.conftest import ApiClient
from tests.factories import PartyOrgFactory, account_with_role


@pytest.fixture
def api(client):
    def make(user):
        caller = ApiClient(client, user)
        caller.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
        return caller

    return make


def audits(model, action) -> int:
    return AuditLog.objects.filter(object_type=model._meta.label_lower, action=action).count()


def test_office_sets_up_a_panel(api, office, company, judges):
    caller = api(office)
    response = caller.post("/panels", {"org": "ROOT", "year": 2023, "good_from": "75"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["org"], body["year"], body["status"], body["good_from"]) == ("ROOT", 2023, "open", "75.00")
    assert body["name"] == "2023 党建+X project acceptance panel"
    assert [(c["kind"], c["weight"]) for c in body["criteria"]] == [("goal_attainment", "100.00")]
    panel_id = body["id"]
    assert audits(Panel, "create") == 1

    response = caller.patch(f"/panels/{panel_id}", {"name": "2023年度验收专项工作组", "pass_from": "65"})
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["pass_from"]) == ("2023年度验收专项工作组", "65.00")
    assert audits(Panel, "update") == 1

    criteria = {"attainment_weight": "50", "qualitative": [{"name": "党建融合", "weight": "50", "description": "x"}]}
    response = caller.call("PUT", f"/panels/{panel_id}/criteria", criteria)
    assert response.status_code == 200, response.content
    assert [(c["name"], c["weight"]) for c in response.json()] == [("目标达成度", "50.00"), ("党建融合", "50.00")]
    fusion = response.json()[1]["id"]
    renamed = {"attainment_weight": "40", "qualitative": [{"id": fusion, "name": "融合", "weight": "60"}]}
    response = caller.call("PUT", f"/panels/{panel_id}/criteria", renamed)
    assert [c["name"] for c in response.json()] == ["目标达成度", "融合"]
    assert Criterion.objects.get(pk=fusion).name == "融合"

    response = caller.post(f"/panels/{panel_id}/members", {"user": "j1", "department": "finance"})
    assert response.status_code == 201, response.content
    assert (response.json()["user"], response.json()["department"]) == ("j1", "finance")
    member_id = response.json()["id"]
    assert audits(PanelMember, "create") == 1
    detail = caller.get(f"/panels/{panel_id}").json()
    assert [m["user"] for m in detail["members"]] == ["j1"]
    assert caller.post(f"/panels/{panel_id}/members", {"user": "j1", "department": "hr"}).status_code == 409
    assert caller.delete(f"/panels/{panel_id}/members/{member_id}").status_code == 204
    assert not PanelMember.objects.filter(pk=member_id).exists()
    assert audits(PanelMember, "delete") == 1


def test_bad_input(api, office, company, panel, crit):
    caller = api(office)
    response = caller.post("/panels", {"org": "ROOT", "year": 1990})
    assert response.status_code == 400 and "year" in response.json()["errors"]
    response = caller.post("/panels", {"org": "NOPE", "year": 2023})
    assert response.status_code == 400 and "org" in response.json()["errors"]
    response = caller.post("/panels", {"org": "ROOT", "year": 2023, "excellent_from": "70", "good_from": "80"})
    assert response.status_code == 400 and "good_from" in response.json()["errors"]
    assert caller.post("/panels", {"org": "BA", "year": 2022}).status_code == 409  # ROOT's 2022 panel covers BA
    response = caller.call("PUT", f"/panels/{panel.pk}/criteria", {"attainment_weight": "50", "qualitative": []})
    assert response.status_code == 400 and "weight" in response.json()["errors"]
    response = caller.patch(f"/panels/{panel.pk}", {"name": None})
    assert response.status_code == 400 and "name" in response.json()["errors"]
    # an account without the panel member role over the org is not seated (and not revealed)
    outsider = account_with_role("secretary", company["branch_a"], username="outsider")
    response = caller.post(f"/panels/{panel.pk}/members", {"user": outsider.username, "department": "hr"})
    assert response.status_code == 400 and "user" in response.json()["errors"]
    response = caller.post(f"/panels/{panel.pk}/members", {"user": "j1", "department": "canteen"})
    assert response.status_code == 400 and "department" in response.json()["errors"]
    assert Panel.objects.count() == 1
    assert panel.criteria.count() == 3


def test_only_the_office_sets_up(api, company, judges, panel, secretary_a):
    """A panel member sees the panel but may not change it (403); a secretary does not see it (404), and may not
    set one up over their branch (403: not 党群工作部)."""
    leader = account_with_role("leader", company["root"], username="leader")
    before = AuditLog.objects.count()
    seat = panel.members.first()
    for user, status in ((judges["j1"], 403), (leader, 403), (secretary_a, 404)):
        caller = api(user)
        assert caller.patch(f"/panels/{panel.pk}", {"name": "x"}).status_code == status
        put = caller.call("PUT", f"/panels/{panel.pk}/criteria", {"attainment_weight": "100", "qualitative": []})
        assert put.status_code == status
        assert caller.post(f"/panels/{panel.pk}/members", {"user": "j1", "department": "hr"}).status_code == status
        assert caller.delete(f"/panels/{panel.pk}/members/{seat.pk}").status_code == status
    assert api(secretary_a).post("/panels", {"org": "BA", "year": 2030}).status_code == 403
    assert api(leader).post("/panels", {"org": "ROOT", "year": 2030}).status_code == 403
    assert AuditLog.objects.count() == before
    assert panel.members.count() == 3


def test_another_company_is_404(api, office, company):
    """党群工作部 of one company neither sees another company's panel (404) nor names its org (400 on `org`)."""
    foreign_root = PartyOrgFactory(code="XROOT", name="外公司党委", kind="committee")
    foreign_office = account_with_role("party_office", foreign_root, username="x_office")
    foreign = services.panel_create(actor=foreign_office, org=foreign_root, year=2022)
    before = AuditLog.objects.count()
    caller = api(office)
    assert caller.get(f"/panels/{foreign.pk}").status_code == 404
    assert caller.patch(f"/panels/{foreign.pk}", {"name": "x"}).status_code == 404
    assert caller.post(f"/panels/{foreign.pk}/members", {"user": "j1", "department": "hr"}).status_code == 404
    response = caller.post("/panels", {"org": "XROOT", "year": 2023})
    assert response.status_code == 400 and "org" in response.json()["errors"]
    assert AuditLog.objects.count() == before


def test_nothing_changes_once_submitted(api, office, panel, crit, judges):
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.SUBMITTED)
    seat = panel.members.first()
    caller = api(office)
    assert caller.patch(f"/panels/{panel.pk}", {"name": "x"}).status_code == 409
    put = caller.call("PUT", f"/panels/{panel.pk}/criteria", {"attainment_weight": "100", "qualitative": []})
    assert put.status_code == 409
    assert caller.delete(f"/panels/{panel.pk}/members/{seat.pk}").status_code == 409
    assert panel.members.count() == 3 and panel.criteria.count() == 3
