"""Recruitment through the API: open a file, record steps (the vote names the assembly), read where it stands,
plans; exact statuses for what is refused, out of scope and another company's."""

import datetime as dt

import pytest

from dangjian.affairs.recruitment import services
from tests.affairs.recruitment.test_rules import assembly
from tests.factories import PersonFactory

D = dt.date


@pytest.fixture
def api(client, secretary_a):
    client.force_login(secretary_a)
    return client


def test_open_record_and_read_a_file(api, company, office, client):
    branch = company["branch_a"]
    voters = [company["person_a"], *[PersonFactory(branch=branch, member=True) for _ in range(4)]]
    applicant = PersonFactory(branch=branch, name="陈小红", employee_no="R0001", birth_date=D(1998, 4, 2))
    response = api.post(
        "/api/v1/recruitment/files",
        {"employee_no": "R0001", "applied_on": "2022-01-10"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    file_id = response.json()["id"]
    assert response.json()["party_status"] == "applicant"
    again = api.post(
        "/api/v1/recruitment/files",
        {"employee_no": "R0001", "applied_on": "2022-01-11"},
        content_type="application/json",
    )
    assert again.status_code == 409
    out_of_scope = PersonFactory(branch=company["branch_b"], employee_no="R0002")
    refused = api.post(
        "/api/v1/recruitment/files",
        {"employee_no": out_of_scope.employee_no, "applied_on": "2022-01-10"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "employee_no" in refused.json()["errors"]
    step = api.post(
        f"/api/v1/recruitment/files/{file_id}/steps",
        {"step": "activist", "done_on": "2022-03-01"},
        content_type="application/json",
    )
    assert step.status_code == 400 and step.json()["errors"]["step"]
    talk = api.post(
        f"/api/v1/recruitment/files/{file_id}/steps",
        {"step": "talk", "done_on": "2022-01-20"},
        content_type="application/json",
    )
    assert talk.status_code == 201
    for code, on in [("activist", D(2022, 3, 1))]:
        api.post(
            f"/api/v1/recruitment/files/{file_id}/steps",
            {"step": code, "done_on": on.isoformat()},
            content_type="application/json",
        )
    # the higher committee's step: the branch secretary may not take it
    filed = api.post(
        f"/api/v1/recruitment/files/{file_id}/steps",
        {"step": "activist_filed", "done_on": "2022-03-10"},
        content_type="application/json",
    )
    assert filed.status_code == 403
    detail = api.get(f"/api/v1/recruitment/files/{file_id}").json()
    assert [r["step"] for r in detail["records"]] == ["apply", "talk", "activist"]
    assert detail["stage"] == 2 and detail["next_step"].startswith("4.")
    listed = api.get("/api/v1/recruitment/files").json()
    assert [f["employee_no"] for f in listed["items"]] == ["R0001"]
    applicant.refresh_from_db()
    assert applicant.party_status == "activist"
    del voters


def test_a_vote_names_a_meeting_of_the_branch(api, company, office):
    branch = company["branch_a"]
    voters = [company["person_a"], *[PersonFactory(branch=branch, member=True) for _ in range(4)]]
    applicant = PersonFactory(branch=branch, name="陈小红", birth_date=D(1998, 4, 2))
    dossier = services.dossier_open(actor=office, person=applicant, applied_on=D(2022, 1, 10))
    from tests.affairs.recruitment.test_rules import walk

    walk(company, {"voters": voters}, dossier, until="admission_vote")
    meeting = assembly(company, {"voters": voters}, D(2023, 6, 1))
    url = f"/api/v1/recruitment/files/{dossier.pk}/steps"
    other = api.post(
        url, {"step": "admission_vote", "meeting": 999999, "votes_for": 5}, content_type="application/json"
    )
    assert other.status_code == 400 and other.json()["errors"]["meeting"]
    ok = api.post(
        url,
        {"step": "admission_vote", "meeting": meeting.pk, "votes_for": 4, "votes_against": 1},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["done_on"] == "2023-06-01"


def test_file_of_another_branch_is_404_and_plans(api, company, office):
    other = PersonFactory(branch=company["branch_b"], birth_date=D(1998, 4, 2))
    dossier = services.dossier_open(actor=office, person=other, applied_on=D(2022, 1, 10))
    assert api.get(f"/api/v1/recruitment/files/{dossier.pk}").status_code == 404
    assert (
        api.post(
            f"/api/v1/recruitment/files/{dossier.pk}/stop", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    saved = api.put(
        "/api/v1/recruitment/plans", {"org": "BA", "year": 2023, "planned": 2}, content_type="application/json"
    )
    assert saved.status_code == 200 and saved.json()["planned"] == 2
    assert (
        api.put(
            "/api/v1/recruitment/plans", {"org": "BB", "year": 2023, "planned": 2}, content_type="application/json"
        ).status_code
        == 400
    )
    rows = api.get("/api/v1/recruitment/plans?year=2023").json()
    assert [(r["org"], r["planned"], r["actual"]) for r in rows] == [("BA", 2, 0)]
    steps = api.get("/api/v1/recruitment/steps").json()
    assert len(steps) == 25 and steps[14]["code"] == "admission_vote"


def test_member_has_no_recruitment(client, member_a, company):
    client.force_login(member_a)
    assert client.get("/api/v1/recruitment/files").json()["items"] == []
    assert (
        client.post(
            "/api/v1/recruitment/files",
            {"employee_no": "x", "applied_on": "2022-01-01"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert client.get("/recruitment/").status_code == 403
