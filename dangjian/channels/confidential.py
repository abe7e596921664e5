"""What an external channel may carry, decided here and nowhere else.

A notification is confidential when its kind or the object it is about belongs to a register of personal or
party-only matters: employees' concerns (which may come from an anonymous sender), recruitment, dues, transfers and
people's party records. WeCom, DingTalk and e-mail then carry only a generic subject line and the link: whoever reads
the phone's lock screen or the mailbox learns nothing, and the recipient signs in to read the rest, where their role
decides what they see. SMS always carries only the generic line and the link (the approved template's one parameter),
whatever the notification."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dangjian.channels.base import Message
from dangjian.core.notifications.services import recipient_language

# App labels whose notifications, or notifications about whose objects, are confidential.
CONFIDENTIAL_APPS = frozenset({"service", "recruitment", "dues", "transfers", "org"})
# Channels that carry only the generic line, whatever the notification.
GENERIC_ONLY = frozenset({"sms"})


def is_confidential(notification) -> bool:
    if notification.kind.split(".", 1)[0] in CONFIDENTIAL_APPS:
        return True
    if notification.content_type_id:
        return ContentType.objects.get_for_id(notification.content_type_id).app_label in CONFIDENTIAL_APPS
    return False


def absolute(link: str) -> str:
    """The link as a full address when the site's address is known (CHANNELS_SITE_URL), else as it is."""
    base = (settings.CHANNELS_SITE_URL or "").rstrip("/")
    if base and link.startswith("/"):
        return base + link
    return link


def generic_message(link: str, recipient) -> Message:
    with translation.override(recipient_language(recipient)):
        return Message(
            subject=_("You have a new notification"),
            text=_("Sign in to read it."),
            link=absolute(link),
            generic=True,
        )


def message_for(notification, channel: str) -> Message:
    """What `channel` carries of `notification`."""
    if channel in GENERIC_ONLY or is_confidential(notification):
        return generic_message(notification.link or reverse("core:notifications"), notification.recipient)
    return Message(subject=notification.subject, text=notification.text, link=absolute(notification.link))


def digest_message(notifications: list, channel: str, recipient) -> Message:
    """One message listing the undone items: each by its subject, a confidential one by a generic line; SMS only
    says how many there are. The link is the notifications page."""
    link = absolute(reverse("core:notifications"))
    with translation.override(recipient_language(recipient)):
        subject = _("Waiting for you: %(count)s notifications") % {"count": len(notifications)}
        if channel in GENERIC_ONLY:
            return Message(subject=subject, text=_("Sign in to read them."), link=link, generic=True)
        lines = tuple(
            "· " + (_("a notification to read after signing in") if is_confidential(n) else n.subject)
            for n in notifications
        )
        return Message(subject=subject, text="", link=link, lines=lines)
