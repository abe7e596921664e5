"""The channels app's rows: where an account is reached (`ChannelAddress`), how it wants to be reached
(`ChannelPreference`) and what happened to each notification on each external channel (`Delivery`, the delivery
log and the retry queue in one row)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class Channel(models.TextChoices):
    """The five channels. In-app is the notification itself (always on, no delivery row); the other four are
    external: a message leaves the system."""

    INAPP = "inapp", _("In the app")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    SMS = "sms", _("SMS")


EXTERNAL = (Channel.EMAIL, Channel.WECOM, Channel.DINGTALK, Channel.SMS)
# Channels whose address is kept here; e-mail's is the account's own e-mail address (accounts app).
ADDRESSED = (Channel.WECOM, Channel.DINGTALK, Channel.SMS)


class AddressChannel(models.TextChoices):
    """The channels whose address an account's ChannelAddress holds."""

    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    SMS = "sms", _("SMS")


ADDRESS_CHOICES = AddressChannel.choices


class ChannelAddress(models.Model):
    """Where one account is reached on one channel: its WeCom userid, DingTalk userid or mobile number. Kept by the
    system administrator (account data, like the e-mail address), one per account and channel."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="channel_addresses",
        verbose_name=_("account"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ADDRESS_CHOICES)
    address = models.CharField(_("address"), max_length=64)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("message address")
        verbose_name_plural = _("message addresses")
        ordering = ["account", "channel"]
        constraints = [models.UniqueConstraint(fields=["account", "channel"], name="channel_address_once")]

    def __str__(self):
        return f"{self.account} · {self.get_channel_display()}"


class ChannelPreference(models.Model):
    """How one account wants notifications on one external channel: at once, in the daily digest, or not at all.
    No row means at once (an account with an address is reached, as e-mail always was)."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DIGEST = "digest", _("in a daily digest")
        OFF = "off", _("not at all")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="channel_preferences",
        verbose_name=_("account"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=[(c.value, c.label) for c in EXTERNAL])
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [models.UniqueConstraint(fields=["account", "channel"], name="channel_preference_once")]

    def __str__(self):
        return f"{self.account} · {self.get_channel_display()} · {self.get_mode_display()}"


class Delivery(models.Model):
    """One notification on one external channel: whether it is waiting (at once, after the quiet hours, for the
    digest, or for its next try after a failure), went out, failed for good or was skipped (turned off, or read
    before it could go). `org` is where the recipient belongs (their person's branch, else the org of their first
    role), the scope of the delivery log. The message itself is the notification: nothing sent is stored twice."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent")

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DIGEST = "digest", _("daily digest")

    notification = models.ForeignKey(
        "core.Notification",
        on_delete=models.CASCADE,
        related_name="channel_deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=[(c.value, c.label) for c in EXTERNAL])
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    org = models.ForeignKey(
        "org.PartyOrg", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("org")
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "channel_delivery"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")]
        indexes = [
            models.Index(fields=["state", "next_try_at"], name="delivery_due"),
            models.Index(fields=["recipient", "channel", "state"], name="delivery_recipient"),
            models.Index(fields=["created_at"], name="delivery_created"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.notification_id}"
