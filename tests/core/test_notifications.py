"""Notifications: one model, one way to send (idempotent by key, written in the site's language), one way to read
(the recipient's own only; somebody else's is 404), and one delivery path that records what was e-mailed and is
retried for what was not."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.models import Notification, TaskFailure
from dangjian.core.notifications import delivery, selectors, services
from dangjian.core.services import SYSTEM
from dangjian.core.tasks import RETRIES, deliver_notifications, deliver_notifications_sweep
from dangjian.meetings.models import MeetingType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# An English source string with a Chinese translation in the catalogue (the meetings reminder's).
TEXT = gettext_lazy("%(org)s has not held its %(type)s for %(period)s yet; the period ends on %(end)s.")
PARAMS = {"org": "电解一车间党支部", "type": MeetingType.THEMED_DAY.label, "period": "2026-06", "end": "2026-06-30"}


def send(recipients, *, key="", **fields):
    defaults = {"kind": "test.notice", "subject": "提醒", "text": "请处理", "link": "/x/"}
    return services.notify(recipients=recipients, key=key, **(defaults | fields))


@pytest.fixture
def alice():
    return UserFactory(username="n_alice", email="alice@example.com")


@pytest.fixture
def bob():
    return UserFactory(username="n_bob")


def test_notify_once_per_recipient_and_key(alice, bob, company):
    first = send([alice, bob, alice.pk], key="k:1", about=company["branch_a"])
    assert sorted(n.recipient_id for n in first) == sorted([alice.pk, bob.pk])
    assert first[0].about == company["branch_a"]
    assert send([alice, bob], key="k:1") == []  # the hourly job again: nothing new
    carol = UserFactory(username="n_carol")
    assert [n.recipient_id for n in send([alice, carol], key="k:1")] == [carol.pk]
    # without a key every call is a new notification
    send([alice])
    send([alice])
    assert Notification.objects.filter(recipient=alice).count() == 3


def test_text_is_written_in_the_site_language_whoever_sends_it(alice):
    with translation.override("en"):
        (notification,) = send([alice], subject=gettext_lazy("Meeting due"), text=TEXT, params=PARAMS)
    assert "尚未召开" in notification.text and "主题党日" in notification.text
    assert "has not held" not in notification.text
    assert notification.subject != "Meeting due"


def test_selector_lists_only_the_users_own_unread_first(alice, bob):
    old, new = send([alice], text="旧"), send([alice], text="新")
    send([bob], text="别人的")
    services.notification_mark_read(actor=alice, notification=new[0])
    assert [n.text for n in selectors.notification_list(user=alice)] == ["旧", "新"]
    assert [n.text for n in selectors.unread_notifications(user=alice, limit=5)] == ["旧"]
    assert selectors.unread_notifications(user=alice, kinds=["other.kind"], limit=5) == []
    assert selectors.unread_count(user=alice) == 1
    with pytest.raises(NotFound):
        selectors.notification_get(user=bob, pk=old[0].pk)


def test_mark_read_refuses_somebody_elses_with_404(alice, bob):
    (notification,) = send([alice])
    with pytest.raises(NotFound):
        services.notification_mark_read(actor=bob, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None
    services.notification_mark_read(actor=alice, notification=notification)
    first = notification.read_at
    services.notification_mark_read(actor=alice, notification=notification)
    assert first is not None and notification.read_at == first


def test_read_about_an_object_and_as_of_for_the_system(alice, bob, company):
    branch, other = company["branch_a"], company["branch_b"]
    send([alice, bob], about=branch)
    send([alice], about=other)
    assert services.notifications_read_about(actor=alice, about=branch) == 1
    assert selectors.unread_count(user=alice) == 1 and selectors.unread_count(user=bob) == 1
    with pytest.raises(NotPermitted):
        services.notifications_read_as_of(actor=alice, about=type(branch).objects.all(), before=None)
    from django.utils import timezone

    done = services.notifications_read_as_of(
        actor=SYSTEM, about=type(branch).objects.filter(pk=branch.pk), before=timezone.now()
    )
    assert done == 1 and selectors.unread_count(user=bob) == 0
    bob_read = Notification.objects.get(recipient=bob)
    assert bob_read.read_at == bob_read.created_at


def test_delivery_emails_after_the_commit_and_records_it(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send([alice, bob], subject="会议提醒", text="请开会", link="/meetings/")
    assert len(callbacks) == 1  # bob has no address; alice's mail is queued once
    assert [(m.to, m.subject) for m in mail.outbox] == [(["alice@example.com"], "会议提醒")]
    assert "请开会" in mail.outbox[0].body and "/meetings/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=alice).emailed_at is not None
    assert Notification.objects.get(recipient=bob).emailed_at is None
    # delivering again sends nothing twice
    assert deliver_notifications.call_local([n.pk for n in Notification.objects.all()]) == 0
    assert len(mail.outbox) == 1


def test_nothing_is_queued_when_nobody_has_an_address(bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        send([bob])
    assert callbacks == []


def test_a_failed_mail_stays_pending_and_the_task_is_retried(alice, bob, monkeypatch, settings):
    bob.email = "bob@example.com"
    bob.save()
    first, second = send([alice]), send([bob])
    calls = []

    def flaky(notification):
        calls.append(notification.pk)
        if notification.recipient_id == bob.pk and calls.count(notification.pk) == 1:
            raise ConnectionRefusedError("mail server down")
        mail.send_mail(notification.subject, notification.text, None, [notification.recipient.email])

    monkeypatch.setattr(delivery, "CHANNELS", [delivery.Channel("email", "emailed_at", delivery.EMAIL.pending, flaky)])
    ids = [first[0].pk, second[0].pk]
    with pytest.raises(delivery.DeliveryFailed):
        deliver_notifications.call_local(ids)
    assert Notification.objects.get(pk=first[0].pk).emailed_at is not None
    assert Notification.objects.get(pk=second[0].pk).emailed_at is None
    # the retry sends only what is still pending
    assert deliver_notifications.call_local(ids) == 1
    assert [m.to for m in mail.outbox] == [["alice@example.com"], ["bob@example.com"]]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_the_delivery_task_keeps_the_task_interfaces_retries_and_failures(alice, monkeypatch):
    assert deliver_notifications.task_class.default_retries == RETRIES
    (notification,) = send([alice])

    def down(notification):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(delivery, "CHANNELS", [delivery.Channel("email", "emailed_at", delivery.EMAIL.pending, down)])
    monkeypatch.setattr(deliver_notifications.task_class, "default_retry_delay", 0)
    deliver_notifications([notification.pk])  # inline in tests: tried 1 + RETRIES times, then kept
    failure = TaskFailure.objects.get()
    assert failure.task.endswith("deliver_notifications") and failure.args == [[notification.pk]]
    assert "DeliveryFailed" in failure.error
    # the sweep only logs (the failure is already kept) and leaves it pending for the next sweep
    assert deliver_notifications_sweep.call_local() == 0
    monkeypatch.setattr(delivery, "CHANNELS", [delivery.EMAIL])
    assert deliver_notifications_sweep.call_local() == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


# --- pages -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 60])
def test_the_page_lists_only_mine(client, alice, bob, n, django_assert_max_num_queries):
    for i in range(n):
        send([alice], text=f"我的通知{i:02d}")
    send([bob], text="别人的通知")
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("core:notifications")).content.decode()
    assert 'data-testid="notifications"' in html and f"我的通知{n - 1:02d}" in html and "别人的通知" not in html


def test_the_page_without_notifications(client, bob):
    client.force_login(bob)
    assert 'data-testid="no-notifications"' in client.get(reverse("core:notifications")).content.decode()


def test_mark_read_on_the_page_with_htmx_returns_the_row_read(client, alice, bob):
    (mine,) = send([alice], text="我的")
    (theirs,) = send([bob], text="他的")
    client.force_login(alice)
    url = reverse("core:notification_read", args=[mine.pk])
    response = client.post(url, {"row": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and f'id="notification-row-{mine.pk}"' in html and "我的" in html
    assert 'data-testid="read-' not in html  # no button any more
    assert client.post(url, HTTP_HX_REQUEST="true").content == b""  # a home-page item just leaves
    assert client.post(reverse("core:notification_read", args=[theirs.pk])).status_code == 404
    assert client.get(url).status_code == 405  # never a write on GET
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_action_stays_in_the_inbox_until_the_work_is_done_by_anyone(alice, bob, company):
    branch_a, branch_b = company["branch_a"], company["branch_b"]
    send([alice, bob], kind="test.approve", about=branch_a, action=True)
    send([alice], kind="test.approve", about=branch_b, action=True)
    send([alice], kind="test.notice", about=branch_a)  # news, not work: never in the inbox
    assert selectors.inbox_count(user=alice) == 2
    assert [n.object_id for n in selectors.inbox_list(user=alice)] == [branch_b.pk, branch_a.pk]
    (opened,) = [n for n in selectors.inbox_list(user=alice) if n.object_id == branch_a.pk]
    services.notification_mark_read(actor=alice, notification=opened)
    assert selectors.inbox_count(user=alice) == 2  # reading is not doing
    assert Notification.objects.get(pk=opened.pk).state == Notification.State.READ

    # bob did the work about branch A: closed for both, and only the action kind when kinds are given
    assert services.notifications_done(about=branch_a, kinds=["test.approve"]) == 2
    assert [n.object_id for n in selectors.inbox_list(user=alice)] == [branch_b.pk]
    assert selectors.inbox_count(user=bob) == 0
    assert Notification.objects.get(pk=opened.pk).state == Notification.State.DONE
    assert selectors.unread_count(user=alice) == 2  # branch B's action and the news about A
    assert services.notifications_done(about=branch_a, kinds=["test.approve"]) == 0  # already closed


def test_done_for_some_recipients_or_by_key(alice, bob, company):
    send([alice, bob], kind="test.todo", key="value.missing:7:2026-12-01", action=True)
    assert services.notifications_done_by_key(keys=["value.missing:7:2026-12-01"], recipients=[bob]) == 1
    assert (selectors.inbox_count(user=alice), selectors.inbox_count(user=bob)) == (1, 0)
    send([alice], kind="test.todo", about=company["branch_a"], action=True)
    assert services.notifications_done(about=company["branch_a"], recipients=[bob]) == 0
    assert selectors.inbox_count(user=alice) == 2
    assert selectors.inbox_list(user=None).count() == 0
