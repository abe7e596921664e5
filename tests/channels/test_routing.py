"""Routing and sending: every channel the recipient has, at once; quiet hours; the daily digest; retries with
exponential back-off and final failure; preferences; a notification read before its message went; two workers; the
core sweep routing what the immediate task missed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from dangjian.channels import routing, schedule
from dangjian.channels.models import Delivery
from dangjian.channels.tasks import channels_digest, channels_retry_sweep
from dangjian.core.models import Notification
from dangjian.core.notifications.services import notification_mark_read, notifications_done_by_key, notify
from dangjian.core.tasks import deliver_notifications_sweep
from tests.channels.conftest import SITE
from tests.channels.helpers import at, frozen, prefer, reached, send

pytestmark = pytest.mark.django_db
ADDRESSES = {"wecom": "zhangsan", "dingtalk": "wangfang", "sms": "13800138000"}


@pytest.fixture
def liming(company, vendors):
    return reached(
        "member",
        company["branch_a"],
        person=company["person_a"],
        username="liming",
        email="liming@example.com",
        **ADDRESSES,
    )


def rows(**filters):
    return {d.channel: (d.state, d.attempts) for d in Delivery.objects.filter(**filters)}


def test_a_notification_goes_out_on_every_channel_the_recipient_has(
    liming, vendors, django_capture_on_commit_callbacks
):
    (notification,) = send(django_capture_on_commit_callbacks, [liming])
    assert rows() == {c: ("sent", 1) for c in ("email", "wecom", "dingtalk", "sms")}
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["liming@example.com"], "会议提醒", f"请于周五召开支委会。\n{SITE}/meetings/7/")
    ]
    (wecom,) = vendors.wecom.sent()
    assert wecom["payload"]["touser"] == "zhangsan" and wecom["payload"]["textcard"]["title"] == "会议提醒"
    assert wecom["payload"]["textcard"]["url"] == f"{SITE}/meetings/7/"
    (ding,) = vendors.dingtalk.sent()
    assert ding["payload"]["userid_list"] == "wangfang"
    (sms,) = vendors.aliyun.sent()
    assert sms["params"]["PhoneNumbers"] == "13800138000" and sms["template"] == {"link": f"{SITE}/meetings/7/"}
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert Delivery.objects.get(channel="wecom").org_id == liming.person.branch_id


def test_quiet_hours_hold_every_external_message_until_they_end(
    liming, vendors, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    frozen(monkeypatch, at(2026, 3, 2, 23, 10))
    send(django_capture_on_commit_callbacks, [liming])
    assert rows() == {c: ("pending", 0) for c in ("email", "wecom", "dingtalk", "sms")}
    assert set(Delivery.objects.values_list("next_try_at", flat=True)) == {at(2026, 3, 3, 7, 30)}
    assert routing.send_due(now=at(2026, 3, 3, 7, 29)) == 0
    assert mail.outbox == [] and vendors.wecom.sent() == [] and vendors.aliyun.sent() == []
    assert routing.send_due(now=at(2026, 3, 3, 7, 30)) == 4
    assert rows() == {c: ("sent", 1) for c in ("email", "wecom", "dingtalk", "sms")}
    assert len(mail.outbox) == 1 and len(vendors.wecom.sent()) == 1 and len(vendors.aliyun.sent()) == 1


def test_outside_the_quiet_hours_messages_go_at_once(liming, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    frozen(monkeypatch, at(2026, 3, 2, 7, 30))
    send(django_capture_on_commit_callbacks, [liming])
    assert rows() == {c: ("sent", 1) for c in ("email", "wecom", "dingtalk", "sms")}


def test_a_message_held_by_the_quiet_hours_and_read_meanwhile_is_not_sent(
    liming, vendors, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    frozen(monkeypatch, at(2026, 3, 2, 23, 0))
    (notification,) = send(django_capture_on_commit_callbacks, [liming])
    notification_mark_read(actor=liming, notification=notification)
    assert routing.send_due(now=at(2026, 3, 3, 8, 0)) == 0
    assert rows() == {c: ("skipped", 1) for c in ("email", "wecom", "dingtalk", "sms")}
    assert vendors.wecom.sent() == [] and mail.outbox == []


def test_nothing_goes_to_an_account_deactivated_meanwhile(
    liming, vendors, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    frozen(monkeypatch, at(2026, 3, 2, 23, 0))
    send(django_capture_on_commit_callbacks, [liming])
    liming.is_active = False
    liming.save(update_fields=["is_active"])
    assert routing.send_due(now=at(2026, 3, 3, 8, 0)) == 0
    assert rows() == {c: ("skipped", 1) for c in ("email", "wecom", "dingtalk", "sms")}
    assert set(Delivery.objects.values_list("last_error", flat=True)) == {"账号已停用"}
    assert vendors.wecom.sent() == [] and mail.outbox == []


def test_the_daily_digest_lists_the_undone_items_in_one_message(
    liming, vendors, monkeypatch, django_capture_on_commit_callbacks
):
    prefer(liming, wecom="digest", email="off", dingtalk="off", sms="digest")
    frozen(monkeypatch, at(2026, 3, 2, 10, 0))
    first = send(django_capture_on_commit_callbacks, [liming], subject="会议提醒A")[0]
    send(django_capture_on_commit_callbacks, [liming], subject="评估提醒B", kind="reviews.due")
    send(django_capture_on_commit_callbacks, [liming], subject="会议提醒C")
    with django_capture_on_commit_callbacks(execute=True):
        (work_read,) = notify(
            recipients=[liming], kind="projects.approve", subject="待审批D", text="t", action=True, key="d"
        )
        (work_done,) = notify(
            recipients=[liming], kind="projects.approve", subject="待审批E", text="t", action=True, key="e"
        )
    assert vendors.wecom.sent() == [] and vendors.aliyun.sent() == [] and mail.outbox == []
    assert Delivery.objects.filter(channel="email", state="skipped").count() == 5
    digest = Delivery.objects.filter(channel="wecom")
    assert {(d.mode, d.state, d.next_try_at) for d in digest} == {("digest", "pending", at(2026, 3, 3, 8, 0))}
    # A notice read in the app is settled; a work item only read is still to do; a work item done is settled.
    notification_mark_read(actor=liming, notification=first)
    notification_mark_read(actor=liming, notification=work_read)
    notifications_done_by_key(keys=["e"])
    assert routing.send_due(now=at(2026, 3, 3, 7, 59), mode="digest") == 0
    assert routing.send_due(now=at(2026, 3, 3, 8, 0), mode="digest") == 2  # one WeCom message, one SMS
    (wecom,) = vendors.wecom.sent()
    assert wecom["payload"]["textcard"] == {
        "title": "您有 3 条待办通知",
        "description": "· 评估提醒B\n· 会议提醒C\n· 待审批D",
        "url": f"{SITE}/core/notifications/",
        "btntxt": "详情",
    }
    (sms,) = vendors.aliyun.sent()
    assert sms["template"] == {"link": f"{SITE}/core/notifications/"}
    assert sorted(Delivery.objects.filter(channel="wecom").values_list("state", "last_error")) == [
        ("sent", ""),
        ("sent", ""),
        ("sent", ""),
        ("skipped", "发送前已在系统内处理"),
        ("skipped", "发送前已在系统内阅读"),
    ]


def test_failures_are_tried_again_with_exponential_back_off_then_fail_for_good(
    company, vendors, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CHANNELS_MAX_ATTEMPTS, settings.CHANNELS_RETRY_SECONDS = 3, 60
    user = reached("secretary", company["branch_a"], username="sec", wecom="lisi")
    vendors.wecom.fail_next(5)
    t0 = at(2026, 3, 2, 10, 0)
    frozen(monkeypatch, t0)
    send(django_capture_on_commit_callbacks, [user])
    row = Delivery.objects.get()
    assert (row.state, row.attempts, row.next_try_at) == ("pending", 1, t0 + dt.timedelta(seconds=60))
    assert row.last_error == "WeCom message/send: -1 system busy"
    assert routing.send_due(now=t0 + dt.timedelta(seconds=59)) == 0
    assert Delivery.objects.get().attempts == 1
    t1 = t0 + dt.timedelta(seconds=60)
    assert routing.send_due(now=t1) == 0
    row = Delivery.objects.get()
    assert (row.state, row.attempts, row.next_try_at) == ("pending", 2, t1 + dt.timedelta(seconds=120))
    t2 = t1 + dt.timedelta(seconds=120)
    assert routing.send_due(now=t2) == 0
    row = Delivery.objects.get()
    assert (row.state, row.attempts, row.next_try_at) == ("failed", 3, None)
    assert routing.send_due(now=t2 + dt.timedelta(days=1)) == 0
    assert len(vendors.wecom.sent()) == 3


def test_a_retry_that_succeeds_is_sent(company, vendors, monkeypatch, django_capture_on_commit_callbacks):
    user = reached("secretary", company["branch_a"], username="sec", wecom="lisi")
    vendors.wecom.fail_next(1)
    t0 = at(2026, 3, 2, 10, 0)
    frozen(monkeypatch, t0)
    send(django_capture_on_commit_callbacks, [user])
    frozen(monkeypatch, t0 + dt.timedelta(minutes=5))
    assert channels_retry_sweep.call_local() == 1
    row = Delivery.objects.get()
    assert (row.state, row.attempts, row.last_error, row.sent_at) == ("sent", 2, "", t0 + dt.timedelta(minutes=5))


def test_an_address_the_vendor_does_not_know_fails_at_once(company, vendors, django_capture_on_commit_callbacks):
    user = reached("secretary", company["branch_a"], username="sec", wecom="nobody", sms="12000000000")
    send(django_capture_on_commit_callbacks, [user])
    assert rows() == {"wecom": ("failed", 1), "sms": ("failed", 1)}
    assert Delivery.objects.get(channel="sms").last_error.startswith("Aliyun SendSms: isv.MOBILE_NUMBER_ILLEGAL")


def test_channels_turned_off_or_not_set_up_are_skipped(liming, vendors, settings, django_capture_on_commit_callbacks):
    prefer(liming, wecom="off")
    settings.DINGTALK_APP_KEY = ""
    send(django_capture_on_commit_callbacks, [liming])
    assert rows() == {"email": ("sent", 1), "wecom": ("skipped", 0), "dingtalk": ("skipped", 0), "sms": ("sent", 1)}
    assert Delivery.objects.get(channel="wecom").last_error == "turned off by the recipient"
    assert Delivery.objects.get(channel="dingtalk").last_error == "渠道未配置"
    assert vendors.wecom.sent() == [] and vendors.dingtalk.received == []


def test_an_account_without_addresses_gets_no_rows_and_no_task(company, django_capture_on_commit_callbacks):
    user = reached("member", company["branch_a"], username="quiet")
    with django_capture_on_commit_callbacks() as callbacks:
        notify(recipients=[user], kind="meetings.due", subject="s", text="t")
    assert callbacks == [] and Delivery.objects.count() == 0


def test_only_one_of_two_workers_claims_a_row(liming, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    frozen(monkeypatch, at(2026, 3, 2, 23, 0))
    send(django_capture_on_commit_callbacks, [liming])
    first, second = Delivery.objects.get(channel="wecom"), Delivery.objects.get(channel="wecom")
    now = at(2026, 3, 3, 8, 0)
    assert routing._claim(first, now) is True
    assert routing._claim(second, now) is False
    assert Delivery.objects.get(channel="wecom").attempts == 1


def test_the_core_sweep_routes_what_the_immediate_task_missed(liming, vendors):
    notify(
        recipients=[liming], kind="meetings.due", subject="会议提醒", text="t", link="/meetings/7/"
    )  # no commit hook
    assert Delivery.objects.count() == 0
    assert deliver_notifications_sweep.call_local() == 1
    assert rows() == {c: ("sent", 1) for c in ("email", "wecom", "dingtalk", "sms")}
    assert deliver_notifications_sweep.call_local() == 0
    assert Notification.objects.get().emailed_at is not None


def test_the_digest_task_sends_the_digests_due(liming, vendors, monkeypatch, django_capture_on_commit_callbacks):
    prefer(liming, wecom="digest", email="off", dingtalk="off", sms="off")
    frozen(monkeypatch, at(2026, 3, 2, 9, 0))
    send(django_capture_on_commit_callbacks, [liming])
    frozen(monkeypatch, at(2026, 3, 3, 8, 1))
    assert channels_retry_sweep.call_local() == 0  # the retry sweep leaves digests alone
    assert channels_digest.call_local() == 1
    assert len(vendors.wecom.sent()) == 1


def test_schedule_reads_its_settings(settings):
    settings.CHANNELS_QUIET_HOURS = "22:00-07:30"
    assert schedule.quiet_until(at(2026, 3, 2, 21, 59)) is None
    assert schedule.quiet_until(at(2026, 3, 2, 22, 0)) == at(2026, 3, 3, 7, 30)
    assert schedule.quiet_until(at(2026, 3, 3, 3, 0)) == at(2026, 3, 3, 7, 30)
    settings.CHANNELS_QUIET_HOURS = "12:00-13:30"
    assert schedule.quiet_until(at(2026, 3, 2, 12, 30)) == at(2026, 3, 2, 13, 30)
    assert schedule.next_digest(at(2026, 3, 2, 7, 0)) == at(2026, 3, 2, 8, 0)
    settings.CHANNELS_DIGEST_TIME = "12:15"
    assert schedule.next_digest(at(2026, 3, 2, 9, 0)) == at(2026, 3, 2, 13, 30)  # out of the quiet hours
    assert [schedule.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    settings.CHANNELS_QUIET_HOURS = "22h-7h"
    with pytest.raises(ImproperlyConfigured, match="CHANNELS_QUIET_HOURS"):
        schedule.quiet_until(at(2026, 3, 2, 12, 0))


def test_two_schedulers_queue_the_sweeps_and_each_runs_once_per_period(db, monkeypatch):
    from huey.contrib.djhuey import HUEY

    import dangjian.channels.routing as routing_module
    from dangjian.core.models import PeriodicRun

    runs = []
    monkeypatch.setattr(routing_module, "send_due", lambda **kw: runs.append(kw["mode"]) or 0)
    monkeypatch.setattr(HUEY, "_get_timestamp", lambda: dt.datetime(2026, 3, 5, 10, 4, 59))
    for _worker in range(2):
        channels_retry_sweep()
        channels_digest()
    assert runs == ["immediate", "digest"]
    assert sorted(PeriodicRun.objects.values_list("task", "period")) == [
        ("dangjian.channels.tasks.channels_digest", dt.datetime(2026, 3, 5, 10, 1, tzinfo=dt.UTC)),
        ("dangjian.channels.tasks.channels_retry_sweep", dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)),
    ]
