"""The meetings API: the compliance shape (and that /orgs/{code}/compliance is not taken by the org router), recording
a meeting with attendance by employee number, scoping, and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from dangjian.core.models import Notification
from dangjian.core.notifications.services import notify
from dangjian.meetings.models import Meeting
from dangjian.meetings.services import reminders_send
from dangjian.meetings.services.reminders import KIND
from tests.factories import PersonFactory, account_with_role


@pytest.fixture
def api():
    def _client(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return _client


def test_compliance_shape(company, hold, office, api):
    hold(company["branch_a"], "general_assembly", "2024-03-31")
    response = api(office).get("/api/v1/orgs/BA/compliance", {"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"org", "year", "rules"} and (body["org"], body["year"]) == ("BA", 2024)
    rules = {r["meeting_type"]: r for r in body["rules"]}
    assert rules["general_assembly"] == {
        "meeting_type": "general_assembly",
        "period": "quarter",
        "expected": 4,
        "held": 1,
        "missing": ["2024-Q2", "2024-Q3", "2024-Q4"],
    }
    assert rules["themed_day"]["missing"][0] == "2024-01" and rules["review"]["missing"] == ["2024"]
    group = api(office).get("/api/v1/orgs/GA/compliance", {"year": 2024}).json()
    assert [r["meeting_type"] for r in group["rules"]] == ["group"]


def test_compliance_route_order_and_scope(company, secretary_a, api):
    """The org router's /orgs/{code} routes come first; /orgs/{code}/compliance must still reach this router."""
    client = api(secretary_a)
    assert client.get("/api/v1/orgs/BA").status_code == 200
    assert client.get("/api/v1/orgs/BA/compliance", {"year": 2024}).status_code == 200
    assert client.get("/api/v1/orgs/BB/compliance", {"year": 2024}).status_code == 404
    assert client.get("/api/v1/orgs/BA/compliance").status_code in (400, 422)
    assert client.get("/api/v1/orgs/NOPE/compliance", {"year": 2024}).status_code == 404


def test_record_meeting_by_employee_number(company, secretary_a, api):
    branch = company["branch_a"]
    other = PersonFactory(branch=branch, member=True, employee_no="E-2")
    body = {
        "org": "BA",
        "meeting_type": "themed_day",
        "held_on": "2024-05-10",
        "topic": "主题党日",
        "host": company["person_a"].employee_no,
        "attendance": [
            {"employee_no": company["person_a"].employee_no, "status": "present"},
            {"employee_no": "E-2", "status": "leave", "reason": "出差"},
        ],
        "follow_ups": [{"text": "整改", "owner": "E-2", "due_on": "2024-06-01"}],
        "checklist": {"prepared": True},
    }
    response = api(secretary_a).post("/api/v1/meetings", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["org"] == "BA" and data["host"] == company["person_a"].employee_no
    assert {a["employee_no"]: a["status"] for a in data["attendance"]} == {
        company["person_a"].employee_no: "present",
        other.employee_no: "leave",
    }
    assert api(secretary_a).get(f"/api/v1/meetings/{data['id']}").json()["checklist"]["prepared"] is True
    listed = api(secretary_a).get("/api/v1/meetings").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == data["id"]


def test_record_meeting_refusals(company, secretary_a, api):
    client = api(secretary_a)
    base = {"org": "BA", "meeting_type": "themed_day", "held_on": "2024-05-10", "topic": "x"}
    unknown = client.post(
        "/api/v1/meetings",
        base | {"attendance": [{"employee_no": company["person_b"].employee_no, "status": "present"}]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "attendance" in unknown.json()["errors"]
    assert client.post("/api/v1/meetings", base | {"org": "BB"}, content_type="application/json").status_code == 400
    member = account_with_role("member", company["branch_a"], username="m1")
    assert api(member).post("/api/v1/meetings", base, content_type="application/json").status_code == 403
    assert not Meeting.objects.exists()


def test_reminders_before_period_end(company, hold, settings, django_capture_on_commit_callbacks):
    """主题党日 reminders 7 days before the month ends (rule default): none on 23 June, one per secretary on 24 June,
    none again on 25 June; holding the meeting stops them."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    secretary = account_with_role("secretary", company["branch_a"], username="sec_r", email="sec@example.com")
    assert reminders_send(today=dt.date(2026, 6, 22)) == 0
    hold(company["branch_b"], "themed_day", "2026-06-01")
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=dt.date(2026, 6, 24))
    mine = Notification.objects.filter(recipient=secretary, key=f"{KIND}:{company['branch_a'].pk}:themed_day:2026-06")
    assert mine.count() == 1
    assert "电解一车间党支部" in mine.get().text and mine.get().about == company["branch_a"]
    assert reminders_send(today=dt.date(2026, 6, 25)) == 0
    # June also ends Q2: the 党员大会 and 党课 are due too, one reminder (and one mail) each.
    keys = Notification.objects.filter(recipient=secretary, kind=KIND).values_list("key", flat=True)
    assert sorted(key.split(":")[2] for key in keys) == ["general_assembly", "lecture", "themed_day"]
    assert [m.to for m in mail.outbox] == [["sec@example.com"]] * 3
    hold(company["branch_a"], "themed_day", "2026-07-01")
    reminders_send(today=dt.date(2026, 7, 25))
    assert not Notification.objects.filter(recipient=secretary, key__endswith=":themed_day:2026-07").exists()


def test_home_shows_unread_reminders_and_marking_read(company, api):
    from django.urls import reverse

    secretary = account_with_role("secretary", company["branch_a"], username="sec_h")
    (reminder,) = notify(recipients=[secretary], kind=KIND, subject="主题党日", text="6月主题党日未开", link="/")
    client = api(secretary)
    assert "6月主题党日未开" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("core:notification_read", args=[reminder.pk]), HTTP_HX_REQUEST="true").content == b""
    assert "6月主题党日未开" not in client.get(reverse("home")).content.decode()


def test_a_reminder_is_inbox_work_done_when_the_period_has_its_meeting(company, hold, office, api):
    from dangjian.core.notifications.selectors import inbox_list
    from dangjian.meetings.services import meeting_update

    secretary = account_with_role("secretary", company["branch_a"], username="sec_i")
    deputy = account_with_role("secretary", company["branch_a"], username="sec_j")
    reminders_send(today=dt.date(2026, 6, 24))
    # June: the 主题党日 of the month, and the quarter's 党员大会 and 党课
    waiting = sorted(n.key.split(":")[2] for n in inbox_list(user=secretary))
    assert waiting == ["general_assembly", "lecture", "themed_day"]
    assert {n.action for n in inbox_list(user=deputy)} == {True}
    # on the home page once: in the inbox at the top, not again in the meetings card
    home = api(secretary).get("/").content.decode()
    assert 'data-testid="inbox-count">3<' in home and 'data-testid="home-meeting-reminders"' not in home
    # a 主题党日 of May does not answer June's reminder; moved into June it does, for both secretaries
    may = hold(company["branch_a"], "themed_day", "2026-05-20")
    assert len(inbox_list(user=secretary)) == 3
    meeting_update(actor=office, meeting=may, held_on=dt.date(2026, 6, 26))
    assert sorted(n.key.split(":")[2] for n in inbox_list(user=secretary)) == ["general_assembly", "lecture"]
    hold(company["branch_a"], "general_assembly", "2026-06-28")
    assert [n.key.split(":")[2] for n in inbox_list(user=deputy)] == ["lecture"]
