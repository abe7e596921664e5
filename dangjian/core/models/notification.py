"""One notification model for every reminder and notice the apps send to an account (meetings due, reviews due,
employees' concerns…), read in the app and delivered by e-mail through one task (core/notifications/delivery.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one account: what it is about (`kind`, a short name its app defines, e.g. "meetings.due"; and
    optionally the object), a subject and text written at creation in the recipient's language (records stay in the
    language they were written in, whoever's action caused them), a link to act on, and when it was read and
    e-mailed. `key` makes sending idempotent: at most one notification per recipient and non-empty key.

    A notification that asks the recipient to act (`action`: a project to approve, a concern assigned, a record
    missing today) stays in their work inbox (待办) until the work is done: the service that does the work closes it
    (`done_at`, services.notifications_done), whoever did it. Its state is new, read or done."""

    class State(models.TextChoices):
        NEW = "new", _("new")
        READ = "read", _("read")
        DONE = "done", _("done")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("account")
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    action = models.BooleanField(_("asks to act"), default=False)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "content_type", "object_id"], name="notification_about"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_pending"),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(action=True, done_at__isnull=True),
                name="notification_inbox",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def state(self) -> str:
        if self.done_at is not None:
            return self.State.DONE
        return self.State.READ if self.read_at is not None else self.State.NEW
