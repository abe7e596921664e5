"""The service pages: send from a phone, follow, handle, the dashboard, the board and the settings — each with a
query bound that does not grow with rows."""

import datetime as dt
import json
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.service.models import CalendarDay, ServiceRequest, SlaPolicy, State

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def many(make_request, people, company):
    """Rows enough to show that a page's queries do not grow with them."""
    today = timezone.localdate()
    rows = []
    for n in range(12):
        rows.append(make_request(state=State.COORDINATING, title=f"问题{n}"))
        rows.append(make_request(state=State.CLOSED, public=True, anonymous=n % 2 == 0, title=f"已办{n}"))
    rows.append(make_request(accept_due=today - dt.timedelta(days=2), title="超期未受理"))
    return rows


def test_submit_from_the_page_with_a_photo(logins, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(logins["submitter"])
    assert client.get(reverse("service:submit")).status_code == 200
    response = client.post(
        reverse("service:submit"),
        {
            "category": "safety",
            "title": "行车轨道护栏松动",
            "description": "三号行车轨道护栏螺栓松动。",
            "destination": "leaders",
            "anonymous": "on",
            "attachments": [SimpleUploadedFile("护栏.jpg", JPEG, content_type="image/jpeg")],
        },
    )
    created = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("service:detail", args=[created.pk])
    assert created.anonymous and created.destination == "leaders" and created.attachments.count() == 1
    page = client.get(reverse("service:detail", args=[created.pk])).content.decode()
    assert created.token in page  # the submitter is shown their private link
    assert client.get(reverse("service:attachment", args=[created.pk, created.attachments.get().pk])).status_code == 200


def test_a_bad_file_is_refused_on_the_page(logins):
    response = client_for(logins["submitter"]).post(
        reverse("service:submit"),
        {
            "category": "safety",
            "title": "t",
            "description": "d",
            "destination": "branch",
            "attachments": [SimpleUploadedFile("x.jpg", b"<html>", content_type="image/jpeg")],
        },
    )
    assert response.status_code == 400 and not ServiceRequest.objects.exists()


def test_step_from_the_page(logins, people, make_request):
    request = make_request()
    client = client_for(logins["sec_a"])
    page = client.get(reverse("service:detail", args=[request.pk]))
    assert page.status_code == 200 and b'data-testid="step-accept"' in page.content
    response = client.post(
        reverse("service:transition", args=[request.pk]), {"action": "accept", "handler": people["handler"].pk}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.handler) == ("accepted", people["handler"])
    # an illegal step answers 409 on the page, a refused one 403, and nothing changes
    assert client.post(reverse("service:transition", args=[request.pk]), {"action": "rate"}).status_code == 409
    leader = client_for(logins["leader"])
    assert leader.post(reverse("service:transition", args=[request.pk]), {"action": "resolve"}).status_code == 403
    request.refresh_from_db()
    assert request.state == "accepted"


@pytest.mark.parametrize(
    ("name", "login", "bound"),
    [
        ("service:mine", "submitter", 12),
        ("service:queue", "sec_a", 14),
        ("service:queue", "office", 14),
        ("service:board", "other", 10),
        ("service:dashboard", "office", 16),
        ("service:settings", "office", 12),
        ("home", "sec_a", 45),
    ],
)
def test_pages_have_a_query_bound(django_assert_max_num_queries, logins, many, name, login, bound):
    client = client_for(logins[login])
    client.get(reverse(name))  # warm process caches (translations, content types)
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_detail_query_bound(django_assert_max_num_queries, logins, make_request):
    request = make_request(state=State.COORDINATING)
    client = client_for(logins["sec_a"])
    client.get(reverse("service:detail", args=[request.pk]))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("service:detail", args=[request.pk])).status_code == 200


def test_queue_shows_due_dates_and_flags_breaches(logins, many):
    page = client_for(logins["sec_a"]).get(reverse("service:queue")).content.decode()
    assert "超期未受理" in page and 'data-testid="late"' in page
    assert "已办0" not in page  # answered requests are not in the queue


def test_breach_shows_on_the_superior_home_page_and_is_escalated_by_the_worker(company, logins, make_request):
    from dangjian.core.models import AuditLog
    from dangjian.service.tasks import escalate_requests_hourly

    late = make_request(accept_due=timezone.localdate() - dt.timedelta(days=1), title="超期未受理")
    written = AuditLog.objects.filter(object_type="service.servicerequest")
    before = written.count()
    page = client_for(logins["office"]).get(reverse("home")).content.decode()
    queue = client_for(logins["office"]).get(reverse("service:queue")).content.decode()
    # The breach shows from its dates before any escalation; reading the pages writes nothing.
    assert 'data-testid="home-breaches"' in page and "超期未受理" in page and "超期未受理" in queue
    late.refresh_from_db()
    assert late.escalated_to is None and written.count() == before and not late.transitions.filter(action="escalate")
    assert escalate_requests_hourly.call_local() == 1
    late.refresh_from_db()
    assert late.escalated_to == company["root"]
    # the other branch's secretary sees nothing of it
    assert "超期未受理" not in client_for(logins["sec_b"]).get(reverse("home")).content.decode()


def test_submitter_is_asked_to_rate_on_home(logins, people):
    from dangjian.service.services import request_submit, request_transition

    request = request_submit(actor=logins["submitter"], category="welfare", title="已解决请评价", description="热水")
    request_transition(actor=logins["sec_a"], request=request, action="accept", handler=people["handler"])
    request_transition(actor=logins["handler"], request=request, action="resolve", comment="已修好")
    page = client_for(logins["submitter"]).get(reverse("home")).content.decode()
    # in the work inbox at the top, once, with its one click
    assert page.count("已解决请评价") == 1 and 'data-testid="inbox-count">1<' in page and "去评价" in page
    # an employee handles nothing: no "0 open in your queue" beside their own request
    assert 'data-testid="home-queue"' not in page


def test_dashboard_numbers_and_export(logins, many):
    client = client_for(logins["office"])
    page = client.get(reverse("service:dashboard")).content.decode()
    assert 'data-testid="per-org"' in page and "电解一车间党支部" in page
    # the chart data is an object (not a JSON string inside JSON) with a month for the requests sent this month
    chart = json.loads(re.search(r'id="service-chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert chart["months"] == [timezone.localdate().strftime("%Y-%m")] and sum(chart["sent"]) == len(many)
    response = client.get(reverse("service:export"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(many)


def test_board_shows_only_public_answers_and_hides_anonymous_senders(logins, make_request, people):
    make_request(state=State.CLOSED, public=True, title="公开实名")
    make_request(state=State.CLOSED, public=True, anonymous=True, title="公开匿名")
    make_request(state=State.CLOSED, public=False, title="不公开")
    make_request(state=State.COORDINATING, public=True, title="未办结")
    page = client_for(logins["outsider"]).get(reverse("service:board")).content.decode()
    assert "公开实名" in page and "公开匿名" in page
    assert "不公开" not in page and "未办结" not in page
    assert page.count(people["submitter"].name) == 1  # named once: on the non-anonymous card only


def test_settings_change_deadlines_and_calendar(logins):
    client = client_for(logins["office"])
    response = client.post(
        reverse("service:settings"),
        {"save_policy": "1", "policy-category": "safety", "policy-accept_days": "1", "policy-resolve_days": "3"},
    )
    assert response.status_code == 302
    assert SlaPolicy.objects.get(category="safety").resolve_days == 3
    response = client.post(
        reverse("service:settings"),
        {"save_day": "1", "day-day": "2026-10-10", "day-kind": "workday", "day-name": "国庆调休"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get()
    assert client.post(reverse("service:calendar_day_delete", args=[day.pk])).status_code == 302
    assert not CalendarDay.objects.exists()
    # a secretary may not
    assert client_for(logins["sec_a"]).get(reverse("service:settings")).status_code == 403


def test_private_link_shows_the_request(logins, make_request):
    request = make_request()
    response = client_for(logins["submitter"]).get(reverse("service:track", args=[request.token]))
    assert response.status_code == 200 and "澡堂热水不足" in response.content.decode()
    assert client_for(logins["submitter"]).get(reverse("service:track", args=["guess"])).status_code == 404


def test_a_make_up_day_must_be_a_weekend(logins):
    client = client_for(logins["office"])
    response = client.post(
        reverse("service:settings"), {"save_day": "1", "day-day": "2026-10-09", "day-kind": "workday", "day-name": "x"}
    )
    assert response.status_code == 400 and not CalendarDay.objects.exists()


def test_api_list_query_bound(django_assert_max_num_queries, logins, many):
    client = client_for(logins["office"])
    url = reverse("api:service_request_list") + "?scope=all&limit=100"
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.json()["count"] == len(many)


def test_leaders_see_open_bida_requests_on_home(company, logins, make_request):
    make_request(org=company["root"], destination="leaders", title="必达待办事项")
    make_request(org=company["root"], destination="leaders", state=State.CLOSED, title="必达已办结")
    page = client_for(logins["leader"]).get(reverse("home")).content.decode()
    assert 'data-testid="home-bida"' in page and "必达待办事项" in page and "必达已办结" not in page
    assert "必达待办事项" not in client_for(logins["sec_a"]).get(reverse("home")).content.decode()


def test_a_whole_holiday_is_entered_at_once(logins):
    client = client_for(logins["office"])
    response = client.post(
        reverse("service:settings"),
        {
            "save_day": "1",
            "day-day": "2026-10-01",
            "day-until": "2026-10-07",
            "day-kind": "holiday",
            "day-name": "国庆节",
        },
    )
    assert response.status_code == 302
    assert list(CalendarDay.objects.values_list("day", flat=True)) == [dt.date(2026, 10, d) for d in range(1, 8)]
    # a make-up day inside a span of weekdays refuses the whole span
    response = client.post(
        reverse("service:settings"),
        {"save_day": "1", "day-day": "2026-10-10", "day-until": "2026-10-12", "day-kind": "workday"},
    )
    assert response.status_code == 400 and CalendarDay.objects.count() == 7


def test_whole_scope_lists_open_and_overdue_requests_exactly(logins, many, make_request, company):
    """`?scope=all` lists every request the viewer may see (a leader handles none): open ones, or only those past a
    deadline, as the cockpit counts them; another branch's request stays out of a secretary's list."""
    today = timezone.localdate()
    make_request(state=State.COORDINATING, resolve_due=today - dt.timedelta(days=1), title="超期未解决")
    make_request(state=State.COORDINATING, org=company["branch_b"], handler=None, title="发电的问题")
    leader = client_for(logins["leader"])
    assert "超期未受理" not in leader.get(reverse("service:queue")).content.decode()  # not the leader's queue
    overdue = leader.get(reverse("service:queue"), {"scope": "all", "state": "overdue"}).content.decode()
    assert "超期未受理" in overdue and "超期未解决" in overdue and "问题0" not in overdue
    assert re.search(r'data-testid="count">[^<\d]*2\D', overdue)
    everything = leader.get(reverse("service:queue"), {"scope": "all", "state": "open"}).content.decode()
    assert re.search(r'data-testid="count">[^<\d]*15\D', everything)  # 12 coordinating, 2 overdue, BB's
    assert "已办0" not in everything
    mine = client_for(logins["sec_a"]).get(reverse("service:queue"), {"scope": "all", "state": "open"})
    assert "发电的问题" not in mine.content.decode() and "超期未解决" in mine.content.decode()
