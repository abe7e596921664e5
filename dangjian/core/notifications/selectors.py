"""Reads of notifications: always the user's own (a notification is scoped to its recipient, nobody else's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet
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
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")


def unread_notifications(*, user, kinds: Iterable[str] | None = None, limit: int) -> list[Notification]:
    """At most `limit` of the user's unread notifications (of `kinds`), newest first — one query, for home sections."""
    return list(notification_list(user=user, kinds=kinds, unread=True)[:limit])


def unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's own notifications, or NotFound (somebody else's is the same as none)."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


__all__ = ["notification_get", "notification_list", "unread_count", "unread_notifications"]
