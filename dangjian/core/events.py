"""Named events between capabilities, with their subscribers listed in ONE place (settings.EVENT_SUBSCRIBERS).

A capability that records a fact other capabilities act on publishes a named event from its service:

    events.publish("project_accepted", project=project, actor=actor)

and every subscriber listed for that name in `settings.EVENT_SUBSCRIBERS` runs, in the listed order, inside the
publisher's transaction: what a subscriber writes (points, audit rows) commits or rolls back with the change, and a
subscriber may refuse the change by raising a DomainError (the acceptance panel refuses "accept" until it has scored
the project). Work that must wait for the commit (mail, tasks) is the subscriber's own `transaction.on_commit`.

The publisher does not import its subscribers, so imports keep pointing down the layers; `subscribers(name)` lists
what runs on an event (tests pin each list, so a new effect is a visible change).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string


def subscribers(name: str) -> list[str]:
    """The dotted names of the functions that run on event `name`, in order (empty when nothing listens)."""
    registry = settings.EVENT_SUBSCRIBERS
    if name not in registry:
        raise KeyError(f"unknown event {name!r}: list it in settings.EVENT_SUBSCRIBERS")
    return list(registry[name])


@cache
def _resolved(name: str) -> tuple[Callable, ...]:
    return tuple(import_string(path) for path in subscribers(name))


def publish(name: str, **payload) -> None:
    """Run every subscriber of `name` with the payload as keyword arguments, in order, in the caller's transaction."""
    for subscriber in _resolved(name):
        subscriber(**payload)


def _forget(*, setting, **kwargs) -> None:
    if setting == "EVENT_SUBSCRIBERS":
        _resolved.cache_clear()


setting_changed.connect(_forget)
