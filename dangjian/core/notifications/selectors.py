"""Reads of notifications: always the user's own (a notification is scoped to its recipient, nobody else's)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.models import Notification


def notification_list(*, user, kinds: Iterable[str] | None = None, unread: bool = False) -> QuerySet[Notification]:
    """The user's own notifications (of `kinds` when given), unread first, newest first."""
    if getattr(user, "pk", None) is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if unread:  # a notification whose work is done is no news any more, read or not
        qs = qs.filter(read_at__isnull=True, done_at__isnull=True)
    return qs.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")


# The home page's sections each show a few of the user's unread notifications of their own kinds. Inside
# `unread_read_once(user)` they are served from one query: the newest PER_KIND unread of every kind.
PER_KIND = 10
_read_once: ContextVar[dict | None] = ContextVar("unread_read_once", default=None)


@contextmanager
def unread_read_once(user):
    """Within the block, `unread_notifications(user=user, kinds=…, limit≤PER_KIND)` reads the database once."""
    token = _read_once.set({"user_id": getattr(user, "pk", None), "rows": None})
    try:
        yield
    finally:
        _read_once.reset(token)


def unread_notifications(*, user, kinds: Iterable[str] | None = None, limit: int) -> list[Notification]:
    """At most `limit` of the user's unread notifications (of `kinds`), newest first — one query, for home sections
    (one for all of them inside `unread_read_once`)."""
    shared = _read_once.get()
    if shared is None or kinds is None or limit > PER_KIND or shared["user_id"] != getattr(user, "pk", None):
        return list(notification_list(user=user, kinds=kinds, unread=True)[:limit])
    if shared["rows"] is None:
        newest = Window(RowNumber(), partition_by=F("kind"), order_by=[F("created_at").desc(), F("id").desc()])
        shared["rows"] = list(notification_list(user=user, unread=True).annotate(n=newest).filter(n__lte=PER_KIND))
    wanted = set(kinds)
    return [row for row in shared["rows"] if row.kind in wanted][:limit]


def inbox_list(*, user, kinds: Iterable[str] | None = None) -> QuerySet[Notification]:
    """The user's work inbox (待办): notifications that ask them to act and are not done yet, newest first. The
    inbox's count is this queryset's count, so the number shown always equals the list."""
    if getattr(user, "pk", None) is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk, action=True, done_at__isnull=True)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.order_by("-created_at", "-id")


def inbox_count(*, user) -> int:
    return inbox_list(user=user).count()


def unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's own notifications, or NotFound (somebody else's is the same as none)."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


__all__ = [
    "inbox_count",
    "inbox_list",
    "notification_get",
    "notification_list",
    "unread_count",
    "unread_notifications",
    "unread_read_once",
]
