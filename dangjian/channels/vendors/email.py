"""E-mail through Django's e-mail backend (EMAIL_BACKEND): the account's own e-mail address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from dangjian.channels.base import Channel, Message, SendError


class Email(Channel):
    name = "email"

    def send(self, *, address: str, message: Message) -> None:
        try:
            send_mail(message.subject, message.body(), settings.DEFAULT_FROM_EMAIL, [address])
        except OSError as exc:  # SMTP refusals and connection errors (smtplib's are OSErrors)
            raise SendError(f"{type(exc).__name__}: {exc}"[:300]) from exc
