"""The one channel interface. A channel knows whether it is set up (`configured`) and sends one message to one
address (`send`), raising `SendError` when it could not — `permanent` when trying again cannot help (the vendor does
not know the address). Routing, quiet hours, the digest, retries and the log (routing.py) are the same for all."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """What leaves the system: a subject, a text and a link to act on (absolute when CHANNELS_SITE_URL is set).
    `generic` says the text is only the generic line (a confidential notification, confidential.py); `lines` are a
    digest's items."""

    subject: str
    text: str
    link: str = ""
    generic: bool = False
    lines: tuple[str, ...] = field(default=())

    def body(self) -> str:
        """The text with the link below it, for channels that carry plain text."""
        parts = [self.text, *self.lines]
        if self.link:
            parts.append(self.link)
        return "\n".join(p for p in parts if p)


class SendError(Exception):
    """A message did not go out. `permanent`: the vendor refused the address or the message itself, so the delivery
    fails at once instead of being tried again."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Channel:
    """One way out. `external`: a message leaves the system (quiet hours, preferences and the log apply)."""

    name = ""
    external = True

    def configured(self) -> bool:
        return True

    def send(self, *, address: str, message: Message) -> None:
        raise NotImplementedError


class InApp(Channel):
    """The notification itself, in the app's list and the home page's inbox: always on, nothing to send."""

    name = "inapp"
    external = False

    def send(self, *, address: str, message: Message) -> None:
        return None
