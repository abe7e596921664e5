"""Reads of notifications: always the user's own (a notification is scoped to its recipient, nobody else's)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core.capabilities import capability_modules
from dangjian.core.counting import first_and_total
from dangjian.core.errors import NotFound
from dangjian.core.models import Notification

# A notification's state (Notification.state) as a filter on the table.
STATE_FILTERS = {
    Notification.State.NEW: Q(read_at__isnull=True, done_at__isnull=True),
    Notification.State.READ: Q(read_at__isnull=False, done_at__isnull=True),
    Notification.State.DONE: Q(done_at__isnull=False),
}


def notification_list(
    *, user, kinds: Iterable[str] | None = None, unread: bool = False, state: str | None = None
) -> QuerySet[Notification]:
    """The user's own notifications (of `kinds`, in `state` when given), unread first, newest first."""
    if getattr(user, "pk", None) is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if unread:  # a notification whose work is done is no news any more, read or not
        qs = qs.filter(read_at__isnull=True, done_at__isnull=True)
    if state is not None:
        qs = qs.filter(STATE_FILTERS[state])
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
    wanted = set(kinds)
    return [row for row in _shared_rows(shared, user) if row.kind in wanted][:limit]


def _shared_rows(shared: dict, user) -> list[Notification]:
    """The newest PER_KIND unread notifications of every kind, newest first, read once per `unread_read_once`."""
    if shared["rows"] is None:
        newest = Window(RowNumber(), partition_by=F("kind"), order_by=[F("created_at").desc(), F("id").desc()])
        shared["rows"] = list(notification_list(user=user, unread=True).annotate(n=newest).filter(n__lte=PER_KIND))
    return shared["rows"]


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


# The one-click action of an inbox item when its app names none (apps name theirs in `inbox.py`: ACTIONS).
DEFAULT_ACTION = gettext_lazy("Take care of it")


@functools.cache
def _action_labels() -> dict:
    return {kind: label for module in capability_modules("inbox") for kind, label in module.ACTIONS.items()}


def action_label(kind: str):
    """The label of the button that opens an inbox item's work (去审批, 去评分 …), as its app names it."""
    return _action_labels().get(kind, DEFAULT_ACTION)


def inbox_first(*, user, limit: int) -> tuple[list[Notification], int]:
    """The newest `limit` items of the user's inbox and how many it holds in all, in ONE query (the home page): the
    total is the count of `inbox_list`'s own filter, so it equals what the inbox page lists."""
    return first_and_total(inbox_list(user=user), limit)


def unread_news(*, user, limit: int) -> list[Notification]:
    """At most `limit` of the user's unread notifications that ask nothing of them (news: a project approved), newest
    first — one query, none of its own inside `unread_read_once(user)` (served from the sections' shared read)."""
    shared = _read_once.get()
    if shared is None or limit > PER_KIND or shared["user_id"] != getattr(user, "pk", None):
        return list(notification_list(user=user, unread=True).filter(action=False)[:limit])
    return [row for row in _shared_rows(shared, user) if not row.action][:limit]


def unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's own notifications, or NotFound (somebody else's is the same as none)."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


__all__ = [
    "STATE_FILTERS",
    "action_label",
    "inbox_count",
    "inbox_first",
    "inbox_list",
    "notification_get",
    "notification_list",
    "unread_count",
    "unread_news",
    "unread_notifications",
    "unread_read_once",
]
