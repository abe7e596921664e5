"""The service API: send, list (mine / queue / all, scoped), read, and take steps (400/403/404/409 and nothing
changed on a refusal)."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.service.models import ServiceRequest, State


def api(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_send_and_follow_through_the_api(company, logins, people):
    sender = api(logins["submitter"])
    response = post(
        sender,
        reverse("api:service_request_create"),
        {"category": "safety", "title": "护栏松动", "description": "三号行车护栏松动", "destination": "leaders"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["handling_org"], body["state"], body["submitter"]) == ("ROOT", "submitted", "孙员工")
    assert [s["action"] for s in body["steps"]] == ["submit"]
    mine = sender.get(reverse("api:service_request_list")).json()
    assert [r["id"] for r in mine["items"]] == [body["id"]]
    # 党群工作部 accepts it for the company and assigns it to BA's secretary's branch member
    url = reverse("api:service_request_transition", args=[body["id"]])
    office = api(logins["office"])
    response = post(office, url, {"action": "accept", "handler": people["handler"].employee_no, "org": "BA"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    queue = api(logins["handler"]).get(reverse("api:service_request_list"), {"scope": "queue"}).json()
    assert [r["id"] for r in queue["items"]] == [body["id"]]
    assert post(api(logins["handler"]), url, {"action": "resolve", "comment": "已紧固"}).json()["state"] == "resolved"
    assert post(sender, url, {"action": "rate", "rating": 4}).json()["allowed_actions"] == ["reopen", "close"]


@pytest.mark.parametrize(
    ("login", "body", "status"),
    [
        ("sec_a", {"action": "rate", "rating": 3}, 409),  # illegal in submitted
        ("leader", {"action": "accept", "handler": None}, 403),  # reads, does not handle
        ("sec_b", {"action": "accept"}, 404),  # out of reach
        ("sec_a", {"action": "accept"}, 400),  # no handler named
        ("sec_a", {"action": "accept", "handler": "NOPE"}, 400),
        ("sec_a", {"action": "fly"}, 400),
    ],
)
def test_refused_steps_change_nothing(logins, make_request, login, body, status):
    request = make_request()
    client = api(logins[login])
    before = (AuditLog.objects.count(), request.transitions.count())
    response = post(client, reverse("api:service_request_transition", args=[request.pk]), body)
    assert response.status_code == status, response.content
    request.refresh_from_db()
    assert request.state == State.SUBMITTED and (AuditLog.objects.count(), request.transitions.count()) == before


def test_lists_are_scoped(company, logins, make_request, people):
    mine = make_request(title="我的")
    make_request(title="别人的", submitter=people["other"])
    make_request(title="外支部", org=company["branch_b"], submitter=people["outsider"])
    titles = lambda client, scope: sorted(  # noqa: E731
        r["title"] for r in client.get(reverse("api:service_request_list"), {"scope": scope}).json()["items"]
    )
    assert titles(api(logins["submitter"]), "mine") == ["我的"]
    assert titles(api(logins["submitter"]), "all") == ["我的"]
    assert titles(api(logins["sec_a"]), "all") == ["别人的", "我的"]
    assert titles(api(logins["sec_a"]), "queue") == ["别人的", "我的"]
    assert titles(api(logins["office"]), "all") == ["别人的", "外支部", "我的"]
    assert titles(api(logins["sec_b"]), "all") == ["外支部"]
    system = api(logins["sec_a"].__class__.objects.create(username="x"))  # no role at all
    assert titles(system, "all") == []
    assert api(logins["other"]).get(reverse("api:service_request_detail", args=[mine.pk])).status_code == 404


def test_create_validates(logins):
    response = post(
        api(logins["submitter"]),
        reverse("api:service_request_create"),
        {"category": "nope", "title": "", "description": ""},
    )
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
    # a system role cannot send
    from tests.factories import account_with_role

    auditor = account_with_role("audit_admin", None, username="aud")
    body = {"category": "safety", "title": "t", "description": "d"}
    assert post(api(auditor), reverse("api:service_request_create"), body).status_code == 403


def test_the_overdue_list_is_what_the_cockpit_counts(company, logins, make_request):
    """`state=overdue`: open and past a deadline today (not accepted by the accept date, or not resolved by the
    resolve date), in the caller's scope — the list the cockpit's "past a deadline" opens."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    make_request(title="按期", state=State.COORDINATING)
    make_request(title="未受理超期", accept_due=today - dt.timedelta(days=1))
    make_request(title="未解决超期", state=State.COORDINATING, resolve_due=today - dt.timedelta(days=1))
    make_request(title="已解决", state=State.RESOLVED, resolve_due=today - dt.timedelta(days=1))
    make_request(title="外支部超期", org=company["branch_b"], accept_due=today - dt.timedelta(days=1))

    def titles(user):
        answer = api(user).get(reverse("api:service_request_list"), {"scope": "all", "state": "overdue"})
        assert answer.status_code == 200
        return sorted(r["title"] for r in answer.json()["items"])

    assert titles(logins["leader"]) == ["外支部超期", "未受理超期", "未解决超期"]
    assert titles(logins["sec_a"]) == ["未受理超期", "未解决超期"]
