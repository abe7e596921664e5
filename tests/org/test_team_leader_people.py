"""A team leader (班组长) is a production role: they enter team value and indicator values, but the roll of people —
party status and the dates of each recruitment step (applied, activist, candidate, probationary, full member) — is the
party organisation's record. They read their own record only: the people of their branch are not listed, not found
one by one (404), not exported (403), not reached through the API, and not counted on their home page (#16 item 9)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, account_with_role

DATES = ("2010-03-01", "2013-03-01")  # person_a's application and full membership (tests/factories.py)


@pytest.fixture
def team_leader(company):
    foreman = PersonFactory(branch=company["branch_a"], name="孙班长", job_title="班长", employee_no="TL-001")
    return account_with_role("team_leader", company["branch_a"], person=foreman, username="tl_a")


def test_the_people_list_shows_a_team_leader_only_their_own_record(company, team_leader, login):
    response = login(team_leader).get(reverse("org:people"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "孙班长" in body
    assert "李明" not in body and "王芳" not in body
    assert 'data-testid="people-export"' not in body


def test_a_team_leader_cannot_export_the_roll(company, team_leader, login):
    response = login(team_leader).get(reverse("org:people_export"))
    assert response.status_code == 403
    assert "李明" not in response.content.decode()


def test_a_team_leader_cannot_open_another_persons_dates(company, team_leader, login):
    client = login(team_leader)
    response = client.get(reverse("org:person", args=[company["person_a"].pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "李明" not in body and not any(date in body for date in DATES)
    assert client.get(reverse("org:person", args=[team_leader.person_id])).status_code == 200


def test_the_api_gives_a_team_leader_only_their_own_record(company, team_leader, login):
    client = login(team_leader)
    listed = client.get("/api/v1/people")
    assert listed.status_code == 200
    assert [p["employee_no"] for p in listed.json()["items"]] == ["TL-001"]
    one = client.get(f"/api/v1/people/{company['person_a'].employee_no}")
    assert one.status_code == 404 and "2013-03-01" not in one.content.decode()
    history = client.get(f"/api/v1/people/{company['person_a'].employee_no}/history")
    assert history.status_code == 404


def test_a_team_leaders_home_counts_no_party_status(company, team_leader, login):
    body = login(team_leader).get(reverse("home")).content.decode()
    assert 'data-testid="stats"' not in body and "status-chart" not in body
    assert 'data-testid="my-record-link"' not in body and "孙班长" in body  # their own record and branch


def test_the_secretary_still_exports_the_dates(company, secretary_a, login):
    """The party organisation keeps its roll: the branch secretary's export carries the recruitment dates."""
    response = login(secretary_a).get(reverse("org:people_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, (li,) = rows[0], rows[1:]
    assert li[1] == "李明"
    assert str(li[header.index("Applied")])[:10] == DATES[0]
    assert str(li[header.index("Full member since")])[:10] == DATES[1]
