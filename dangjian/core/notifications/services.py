"""Writes on notifications: send (`notify`, idempotent by key) and mark read (the recipient only).

A notification is the reader's inbox, not business data: the change that causes it writes the audit row (a
reminder run, a request step), and marking one read is not audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dangjian.core import freshness
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.models import Notification
from dangjian.core.notifications import delivery
from dangjian.core.services import is_system

SUBJECT_MAX = Notification._meta.get_field("subject").max_length
TEXT_MAX = Notification._meta.get_field("text").max_length


def recipient_language(user) -> str:
    """The language a notification to `user` is written in. Accounts have no language of their own yet, so it is the
    site's (zh-hans): a record never takes the language of whoever happened to cause it."""
    return settings.LANGUAGE_CODE


def _render(template, params: Mapping | None) -> str:
    """`template` (a lazy translatable string) % `params`, both turned to text in the active language."""
    text = str(template)
    if params:
        text = text % {name: str(value) for name, value in params.items()}
    return text


def _changed(count: int) -> int:
    """`count` rows changed: if any, the pages showing them are stale once the transaction commits."""
    if count:
        freshness.changed()
    return count


def _user_id(user) -> int:
    return user if isinstance(user, int) else user.pk


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    subject,
    text,
    params: Mapping | None = None,
    link: str = "",
    about: models.Model | None = None,
    key: str = "",
    action: bool = False,
) -> list[Notification]:
    """Send one notification to each recipient (accounts or account ids; repeats count once) and queue its e-mail
    after the commit. `subject` and `text` are translatable strings (gettext_lazy) formatted with `params`, written
    in each recipient's language. With a `key`, a recipient who already has a notification with that key gets
    nothing new, so a job that runs every hour never sends twice. With `action`, the notification asks the recipient
    to act and stays in their work inbox (待办) until the service that does the work calls `notifications_done` about
    the same object. Returns the notifications created.

    Called by the producer's service inside its transaction (which checked its permission and writes its audit row),
    never by a view."""
    ids = list(dict.fromkeys(_user_id(u) for u in recipients))
    if not ids:
        return []
    if key:
        done = set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
        ids = [pk for pk in ids if pk not in done]
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    now = timezone.now()
    rows, rendered = [], {}
    for pk in ids:
        language = recipient_language(pk)
        if language not in rendered:
            with translation.override(language):
                rendered[language] = (_render(subject, params)[:SUBJECT_MAX], _render(text, params)[:TEXT_MAX])
        subject_text, body = rendered[language]
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                subject=subject_text,
                text=body,
                link=link,
                content_type=content_type,
                object_id=about.pk if about is not None else None,
                key=key,
                created_at=now,
                action=action,
            )
        )
    created = Notification.objects.bulk_create(rows)
    freshness.changed()  # the inbox and the unread counts pages show
    new_ids = [n.pk for n in created if n.pk is not None]
    # Only what some channel will send is queued (most accounts have no e-mail address: no empty tasks).
    if new_ids and delivery.has_pending(new_ids):
        transaction.on_commit(lambda: delivery.queue_delivery(new_ids))
    return created


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read; somebody else's is NotFound (its existence stays hidden)."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        freshness.changed()
    return notification


def notifications_read_about(*, actor, about: models.Model, kinds: Iterable[str] | None = None) -> int:
    """Mark read the actor's unread notifications about `about` (opening a request reads its notices). Returns how
    many."""
    if getattr(actor, "pk", None) is None:
        return 0
    qs = Notification.objects.filter(
        recipient_id=actor.pk,
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        read_at__isnull=True,
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return _changed(qs.update(read_at=timezone.now()))


def notifications_done(
    *, about: models.Model, kinds: Iterable[str] | None = None, recipients: Iterable | None = None
) -> int:
    """The work a notification asked for is done: close every open notification about `about` (of `kinds`; to
    `recipients` when given — otherwise everybody's, since whoever does the work does it for all who were asked).
    Called by the service that does the work, inside its transaction (it checked the permission and writes the audit
    row); the inbox of each recipient loses the item at once. Returns how many were closed."""
    qs = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(about), object_id=about.pk, done_at__isnull=True
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if recipients is not None:
        qs = qs.filter(recipient_id__in=[_user_id(u) for u in recipients])
    return _changed(qs.update(done_at=timezone.now()))


def open_keys(*, about: models.Model, kinds: Iterable[str]) -> set[str]:
    """The keys of the open action notifications about `about` (of `kinds`), anybody's — for a producer deciding, inside
    its transaction, which of its reminders the work just done answers (one query)."""
    return set(
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(about),
            object_id=about.pk,
            kind__in=list(kinds),
            action=True,
            done_at__isnull=True,
        ).values_list("key", flat=True)
    )


def notifications_done_by_key(*, keys: Iterable[str], recipients: Iterable | None = None) -> int:
    """Close open notifications by their keys — for work that has no object of its own yet (a team's record for a
    day that was missing: the key names the team and the day). Returns how many were closed."""
    qs = Notification.objects.filter(key__in=list(keys), done_at__isnull=True)
    if recipients is not None:
        qs = qs.filter(recipient_id__in=[_user_id(u) for u in recipients])
    return _changed(qs.update(done_at=timezone.now()))


@transaction.atomic
def notifications_read_as_of(*, actor, about: models.QuerySet, before) -> int:
    """The system only (the demo, which lives through a year of work in minutes): notifications about the objects of
    `about` created before `before` count as read when they were created. Returns how many."""
    if not is_system(actor):
        raise NotPermitted(_("Only the system marks notifications read for their recipients."))
    count = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(about.model),
        object_id__in=about.values("pk"),
        created_at__lt=before,
        read_at__isnull=True,
    ).update(read_at=models.F("created_at"))
    return _changed(count)


__all__ = [
    "notification_mark_read",
    "notifications_done",
    "notifications_done_by_key",
    "notifications_read_about",
    "notifications_read_as_of",
    "notify",
    "open_keys",
    "recipient_language",
]
