"""Writes audit rows. Call inside the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.db import models

from dangjian.core import freshness
from dangjian.core.models import AuditLog
from dangjian.core.request_context import client_address

# Audited events that change no data: they leave the data version (core/freshness.py) as it is.
READS = frozenset({AuditLog.Action.LOGIN, AuditLog.Action.LOGIN_FAILED, AuditLog.Action.LOGOUT, AuditLog.Action.EXPORT})


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, exclude: tuple[str, ...] = ("password",)) -> dict:
    """The concrete field values of `obj`, JSON-safe (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def changes(before: dict | None, after: dict | None) -> dict:
    """Only the keys whose value differs, as {key: [before, after]}."""
    before, after = before or {}, after or {}
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_name: str = "",
) -> AuditLog:
    """Append one audit row naming the acting user, the object and its before/after state (a change also gives the
    data a new version once its transaction commits: core/freshness.py)."""
    if action not in READS:
        freshness.changed()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor_name or actor.get_username()
    else:
        actor_name = actor_name or (actor.get_username() if actor is not None else "")
        actor = None
    return AuditLog.objects.create(
        actor=actor,
        actor_name=actor_name[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=before,
        after=after,
        comment=comment[:500],
        client_address=client_address.get(),
    )


def record_many(*, actor, action: str, objs: list[models.Model], batch_size: int = 500) -> None:
    """`record` for many objects written in bulk by one actor (a backfill): one row each, with the object's state."""
    if action not in READS:
        freshness.changed()
    actor_name = actor.get_username() if actor is not None else ""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor=user,
                actor_name=actor_name[:150],
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                after=snapshot(obj),
                client_address=client_address.get(),
            )
            for obj in objs
        ],
        batch_size=batch_size,
    )
