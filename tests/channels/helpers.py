"""Accounts reached on channels, and notifications sent as the apps send them (core's notify, after the commit)."""

import datetime as dt
import zoneinfo

from django.utils import timezone

from dangjian.channels.models import ChannelAddress, ChannelPreference
from dangjian.core.notifications.services import notify
from tests.factories import account_with_role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def reached(role, org, *, person=None, username, email="", **addresses) -> object:
    """An account with `role` over `org`, its e-mail and the addresses given (wecom=…, dingtalk=…, sms=…)."""
    user = account_with_role(role, org, person=person, username=username, email=email)
    for channel, address in addresses.items():
        ChannelAddress.objects.create(account=user, channel=channel, address=address)
    return user


def prefer(user, **modes):
    for channel, mode in modes.items():
        ChannelPreference.objects.update_or_create(account=user, channel=channel, defaults={"mode": mode})


def send(capture, users, *, subject="会议提醒", text="请于周五召开支委会。", link="/meetings/7/", kind="meetings.due"):
    """notify() as a producer calls it, with its on-commit delivery run."""
    with capture(execute=True):
        return notify(recipients=users, kind=kind, subject=subject, text=text, link=link)


def frozen(monkeypatch, when: dt.datetime):
    """timezone.now() is `when` from here on (the channels read the clock through it)."""
    monkeypatch.setattr(timezone, "now", lambda: when)
