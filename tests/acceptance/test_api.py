"""The acceptance API: panels in scope, a panel's results, and a member's own scores (all or nothing, 403 for
anyone else or a conflict of interest, 409 once submitted, 400 on bad values)."""

import pytest

from dangjian.core.models import AuditLog
from dangjian.org.models import CommitteeSeat
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Score
from tests.acceptance.conftest import score_all
from tests.api.conftest import ApiClient
from tests.factories import account_with_role


@pytest.fixture
def api(client):
    """An ApiClient that asks for English messages."""

    def make(user):
        caller = ApiClient(client, user)
        caller.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
        return caller

    return make


def test_panels_list_shows_only_panels_in_scope(api, office, secretary_a, member_a, judges, panel, company):
    leader = account_with_role("leader", company["root"], username="leader")
    for user, sees in ((office, True), (judges["j2"], True), (leader, True), (secretary_a, False), (member_a, False)):
        body = api(user).get("/panels").json()
        assert [p["name"] for p in body["items"]] == ([panel.name] if sees else []), user
    item = api(office).get("/panels").json()["items"][0]
    assert (item["year"], item["org"], item["status"], item["excellent_from"]) == (2022, "ROOT", "open", "90.00")
    assert api(None).get("/panels").status_code == 401


def test_results_before_and_after_submit(api, office, secretary_a, judges, panel, crit, inspected):
    project = inspected(title="党建+本质安全", code="QN-2022-011")
    response = api(judges["j1"]).get(f"/panels/{panel.pk}/results")
    assert response.status_code == 200 and response.json()["results"] == []
    assert [c["weight"] for c in response.json()["criteria"]] == ["40.00", "30.00", "30.00"]
    assert api(secretary_a).get(f"/panels/{panel.pk}/results").status_code == 404
    score_all(panel, judges, crit, {j: {project: (80, 70)} for j in judges})
    services.panel_submit(actor=office, panel=panel)
    body = api(office).get(f"/panels/{panel.pk}/results").json()
    assert body["panel"]["status"] == "submitted"
    (row,) = body["results"]
    # 0.4 × 100 + 0.3 × 80 + 0.3 × 70 = 85
    assert (row["code"], row["final_score"], row["grade"], row["rank"], row["domain_rank"]) == (
        "QN-2022-011",
        "85.00",
        "good",
        1,
        1,
    )
    assert [c["value"] for c in row["criteria"]] == ["100.00", "80.00", "70.00"]


def test_a_member_posts_their_scores(api, judges, panel, crit, inspected):
    a, b = inspected(code="A"), inspected(code="B")
    payload = {
        "scores": [
            {"project": a.pk, "criterion": crit["fusion"].pk, "value": "88.5", "comment": "好"},
            {"project": a.pk, "criterion": crit["lead"].pk, "value": 90},
            {"project": b.pk, "criterion": crit["fusion"].pk, "value": 70},
        ]
    }
    response = api(judges["j1"]).post(f"/panels/{panel.pk}/scores", payload)
    assert response.status_code == 200, response.content
    assert response.json() == {"saved": 3, "scored": 3}
    assert Score.objects.filter(member__user=judges["j1"]).count() == 3


@pytest.mark.parametrize(
    ("case", "status"),
    [("bad_value", 400), ("computed", 400), ("unknown_project", 400), ("secretary", 403), ("office", 403)],
)
def test_refused_scores_write_nothing(api, office, secretary_a, judges, panel, crit, inspected, case, status):
    project = inspected()
    good = {"project": project.pk, "criterion": crit["fusion"].pk, "value": 80}
    bad = {
        "bad_value": {**good, "value": 101},
        "computed": {**good, "criterion": crit["ga"].pk},
        "unknown_project": {**good, "project": 999999},
    }.get(case, good)
    user = {"secretary": secretary_a, "office": office}.get(case, judges["j1"])
    audit_rows = AuditLog.objects.count()
    response = api(user).post(f"/panels/{panel.pk}/scores", {"scores": [good, bad]})
    expected = 404 if case == "secretary" else status  # the secretary does not see the panel at all
    assert response.status_code == expected, response.content
    assert response.json()["message"]
    assert not Score.objects.exists() and AuditLog.objects.count() == audit_rows


def test_conflict_and_locked_panel(api, office, company, judges, panel, crit, inspected):
    CommitteeSeat.objects.create(org=company["branch_a"], person=judges["j2"].person, role="deputy_secretary")
    project = inspected("branch_a")
    row = {"project": project.pk, "criterion": crit["fusion"].pk, "value": 80}
    response = api(judges["j2"]).post(f"/panels/{panel.pk}/scores", {"scores": [row]})
    assert response.status_code == 403 and "answerable" in response.json()["message"]
    score_all(panel, judges, crit, {"j1": {project: (80, 80)}, "j3": {project: (80, 80)}})
    services.panel_submit(actor=office, panel=panel)
    response = api(judges["j1"]).post(f"/panels/{panel.pk}/scores", {"scores": [{**row, "value": 10}]})
    assert response.status_code == 409
    assert not Score.objects.filter(value=10).exists()
