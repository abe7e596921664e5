"""Meeting pages: record a meeting through the form (attendance from the roster), the record, edit, the calendar and
the matrix, each with a query bound that does not grow with rows; the PDF renders Chinese."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.meetings.models import Attendance, Meeting
from dangjian.org.models import Person
from tests.factories import PersonFactory


@pytest.fixture
def client_for():
    def _client(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return _client


def test_record_a_meeting_through_the_form(company, big_branch, secretary_a, client_for):
    client = client_for(secretary_a)
    url = reverse("meetings:create") + "?org=BA&meeting_type=general_assembly"
    page = client.get(url)
    assert page.status_code == 200
    people = list(Person.objects.filter(branch=big_branch).order_by("employee_no"))
    assert all(p.name in page.content.decode() for p in people)
    data = {
        "held_on": "2024-06-20",
        "topic": "接收预备党员",
        "minutes": "<p>会议<script>x</script></p>",
        "host": str(people[0].pk),
        "vote_held": "on",
        "check_prepared": "on",
        "action_0_text": "落实整改",
        "action_0_owner": str(people[0].pk),
        "action_0_due": "2024-07-20",
    }
    full = [p for p in people if p.party_status == "member"]
    for p in people:
        data[f"att_{p.pk}"] = "present" if p in full[:3] else "absent"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "more than half" in refused.content.decode()
    assert not Meeting.objects.exists()
    data[f"att_{full[3].pk}"] = "present"
    data[f"att_{full[4].pk}"] = "leave"
    data[f"reason_{full[4].pk}"] = "出差"
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.minutes == "<p>会议</p>"
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 4
    assert meeting.follow_ups.get().text == "落实整改"


def test_choose_step_only_offers_writable_orgs(company, secretary_a, client_for):
    page = client_for(secretary_a).get(reverse("meetings:create"))
    body = page.content.decode()
    assert page.status_code == 200 and "电解一车间党支部" in body and "发电党支部" not in body
    assert (
        client_for(secretary_a).get(reverse("meetings:create") + "?org=BB&meeting_type=themed_day").status_code == 200
    )
    # BB is not a choice: the page stays on the choosing step.
    assert (
        "meeting-form"
        not in client_for(secretary_a)
        .get(reverse("meetings:create") + "?org=BB&meeting_type=themed_day")
        .content.decode()
    )


def test_detail_edit_and_list_query_counts(
    company, big_branch, hold, office, client_for, django_assert_max_num_queries
):
    client = client_for(office)
    meetings = [hold(big_branch, "themed_day", f"2024-{m:02d}-05") for m in range(1, 4)]
    with django_assert_max_num_queries(14):
        assert client.get(reverse("meetings:detail", args=[meetings[0].pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:list")).status_code == 200
    for m in range(4, 13):
        hold(big_branch, "themed_day", f"2024-{m:02d}-05")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:list")).status_code == 200
    with django_assert_max_num_queries(16):
        page = client.get(reverse("meetings:edit", args=[meetings[0].pk]))
    assert page.status_code == 200


def test_edit_changes_attendance(company, hold, secretary_a, client_for):
    meeting = hold(company["branch_a"], "themed_day", "2024-03-05")
    person = company["person_a"]
    data = {"held_on": "2024-03-06", "topic": "改", f"att_{person.pk}": "leave", f"reason_{person.pk}": "病假"}
    response = client_for(secretary_a).post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.counts_for) == (dt.date(2024, 3, 6), dt.date(2024, 3, 6))
    assert meeting.attendance.get().reason == "病假"


def test_calendar_and_matrix(company, hold, office, client_for, django_assert_max_num_queries):
    client = client_for(office)
    hold(company["branch_a"], "themed_day", "2024-01-05")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:calendar", args=[company["branch_a"].pk]), {"year": 2024})
    assert page.status_code == 200 and "2024-01" in page.content.decode()
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:matrix"), {"year": 2024})
    body = page.content.decode()
    assert "电解一车间党支部" in body and "发电党支部" in body and "甲班党小组" in body
    for _ in range(5):
        org = PersonFactory(branch__parent=company["root"], member=True).branch
        hold(org, "themed_day", "2024-02-02")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:matrix"), {"year": 2024}).status_code == 200


def test_calendar_marks_a_running_period_already_met(company, hold, office, client_for):
    """This month's themed party day is held: the month is not over, but its cell says so (✔), not just "…"."""
    today = timezone.localdate()
    hold(company["branch_a"], "themed_day", today.isoformat())
    page = client_for(office).get(
        reverse("meetings:calendar", args=[company["branch_a"].pk]),
        {"year": today.year},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = page.content.decode()
    month = today.strftime("%Y-%m")
    assert f'data-state="open_met">{month} <span class="badge text-bg-success"' in body
    assert "已召开（期间未结束）" in body


def test_pdf_renders_chinese(company, hold, office, client_for):
    from pypdf import PdfReader

    meeting = hold(
        company["branch_a"],
        "themed_day",
        "2024-03-05",
        topic="学习党的二十大精神",
        minutes="<p>书记传达会议精神，党员逐一发言。</p>",
    )
    response = client_for(office).get(reverse("meetings:pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "学习党的二十大精神" in text
    assert "书记传达会议精神" in text
    assert "电解一车间党支部" in text


def test_rules_page_reads_and_changes_rules(company, office, secretary_a, client_for, django_assert_max_num_queries):
    reader = client_for(secretary_a)
    with django_assert_max_num_queries(10):
        page = reader.get(reverse("meetings:rules"))
    assert page.status_code == 200 and "Party lecture" in page.content.decode()
    assert 'name="times"' not in page.content.decode()
    data = {"meeting_type": "lecture", "period": "year", "times": "2", "remind_days": "10", "active": "on"}
    assert client_for(secretary_a).post(reverse("meetings:rules"), data).status_code == 403
    assert client_for(office).post(reverse("meetings:rules"), data).status_code == 302
    from dangjian.meetings.models import MeetingRule

    rule = MeetingRule.objects.get(company=company["root"], meeting_type="lecture")
    assert (rule.period, rule.times, rule.remind_days) == ("year", 2, 10)
    assert MeetingRule.objects.filter(company=company["root"]).count() == 8


def test_office_deletes_a_mistaken_record(company, hold, office, secretary_a, client_for):
    from dangjian.core.models import AuditLog

    meeting = hold(company["branch_a"], "themed_day", "2024-03-05", topic="误登记")
    page = client_for(secretary_a).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:delete", args=[meeting.pk]) not in page
    assert client_for(secretary_a).post(reverse("meetings:delete", args=[meeting.pk])).status_code == 403
    assert client_for(office).post(reverse("meetings:delete", args=[meeting.pk])).status_code == 302
    assert not Meeting.objects.exists()
    assert AuditLog.objects.get(object_type="meetings.meeting", action="delete").before["topic"] == "误登记"
