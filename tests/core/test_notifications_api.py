"""The notifications API: the caller's own list (filtered by state and kind, paginated), the work inbox whose count
is the home page's, and "mark read" — somebody else's notification is 404."""

import pytest
from django.test import Client

from dangjian.core.models import Notification
from dangjian.core.notifications import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def send(recipients, **fields):
    defaults = {"kind": "test.notice", "subject": "提醒", "text": "请处理", "link": "/x/"}
    return services.notify(recipients=recipients, **(defaults | fields))


@pytest.fixture
def alice():
    return UserFactory(username="api_alice")


@pytest.fixture
def bob():
    return UserFactory(username="api_bob")


def api(user):
    client = Client()
    client.force_login(user)
    return client


def test_list_inbox_and_filters_show_only_mine(alice, bob, company):
    (todo,) = send([alice], kind="test.approve", subject="待审批", action=True, about=company["branch_a"])
    (done,) = send([alice], kind="test.approve", subject="已审批", action=True, about=company["branch_b"])
    services.notifications_done(about=company["branch_b"])
    (news,) = send([alice], kind="test.notice", subject="已批准")
    send([bob], kind="test.approve", subject="别人的", action=True)

    body = api(alice).get("/api/v1/notifications").json()
    assert body["count"] == 3
    assert {row["subject"]: row["state"] for row in body["items"]} == {
        "待审批": "new",
        "已审批": "done",
        "已批准": "new",
    }
    row = next(r for r in body["items"] if r["id"] == todo.pk)
    assert (row["kind"], row["action"], row["link"], row["done_at"]) == ("test.approve", True, "/x/", None)

    done_only = api(alice).get("/api/v1/notifications", {"state": "done"}).json()
    assert [r["id"] for r in done_only["items"]] == [done.pk]
    notices = api(alice).get("/api/v1/notifications", {"kind": "test.notice"}).json()
    assert [r["id"] for r in notices["items"]] == [news.pk]
    assert api(alice).get("/api/v1/notifications", {"state": "later"}).status_code == 400

    inbox = api(alice).get("/api/v1/notifications/inbox").json()
    assert (inbox["count"], [r["id"] for r in inbox["items"]]) == (1, [todo.pk])
    assert api(alice).get("/api/v1/notifications/inbox", {"limit": 0}).status_code == 400


def test_mark_read_mine_only_and_reading_is_not_doing(alice, bob):
    (mine,) = send([alice], kind="test.approve", action=True)
    (theirs,) = send([bob])
    response = api(alice).post(f"/api/v1/notifications/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["state"] == "read"
    assert api(alice).get("/api/v1/notifications/inbox").json()["count"] == 1  # still to do
    assert api(alice).post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert api(alice).post("/api/v1/notifications/987654/read").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert Client().get("/api/v1/notifications").status_code == 401
