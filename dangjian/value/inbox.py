"""The team's record missing (今日填报): from `VALUE_MISSING_HOUR` (default 10:00) a team with no record for the
previous shift day gets a work notification (待办) for its team leader, keyed by team and day, so the hourly job never
sends it twice; it is closed as soon as a record of that team and day is saved — from the entry page, the push API or
an import, by anyone (services/records.py calls `records_saved` in its transaction).

The team leader of a team: an account holding `team_leader` over the team's responsible org (or above) whose person
works in that team (its unit, or a shift crew directly under it). A team with no such account is shown on the home
page of whoever enters its days, as before, and asks nobody."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.services import notifications_done_by_key, notify
from dangjian.core.permissions import Role
from dangjian.core.services import SYSTEM, is_system
from dangjian.org import tenancy
from dangjian.value.models import AccountingUnit, DailyRecord

KIND = "value.missing"
SUBJECT = gettext_lazy("Today's entry: %(team)s")
TEXT = gettext_lazy("%(team)s has no record for %(day)s yet: enter the shift's figures.")


def missing_key(unit_id: int, day: dt.date) -> str:
    return f"{KIND}:{unit_id}:{day.isoformat()}"


def entry_link(unit_id: int, day: dt.date) -> str:
    """Straight into the entry form of that team and day."""
    return reverse("value:entry") + f"?unit={unit_id}&date={day.isoformat()}"


def due_day(now: dt.datetime | None = None) -> dt.date | None:
    """The shift day whose records are due by now: yesterday, once the local time is past VALUE_MISSING_HOUR; None
    before that hour (the team still has the morning to enter it)."""
    now = timezone.localtime(now)
    if now.hour < settings.VALUE_MISSING_HOUR:
        return None
    return now.date() - dt.timedelta(days=1)


def works_in(unit_id: int, person_unit) -> bool:
    """Does a person of `person_unit` work in the team `unit_id` (its own unit, or a shift crew directly under it)?"""
    return person_unit is not None and unit_id in (person_unit.pk, person_unit.parent_id)


def team_leaders(units: list[AccountingUnit]) -> dict[int, list]:
    """{accounting unit id: the team leader accounts of that team} (one query for all units)."""
    from dangjian.accounts.models import RoleAssignment

    if not units:
        return {}
    rows = list(
        RoleAssignment.objects.active()
        .filter(role=Role.TEAM_LEADER, user__is_active=True, user__person__isnull=False, org__isnull=False)
        .select_related("user", "org", "user__person__unit")
        .order_by("user_id")
    )
    out: dict[int, list] = {}
    for au in units:
        leaders = out.setdefault(au.pk, [])
        for row in rows:
            if not au.org.path.startswith(row.org.path) or not works_in(au.unit_id, row.user.person.unit):
                continue
            if all(u.pk != row.user_id for u in leaders):
                leaders.append(row.user)
    return out


@transaction.atomic
def missing_records_notify(*, actor=SYSTEM, now: dt.datetime | None = None) -> int:
    """The system's hourly job: ask each active team's leader for the previous shift day's record when the team has
    none (any shift) and the hour has come. Idempotent (by key); audited when something was sent. Returns how many
    notifications were new."""
    if not is_system(actor):
        raise NotPermitted(_("Reminders are sent by the system."))
    day = due_day(now)
    if day is None:
        return 0
    entered = DailyRecord.objects.filter(unit=OuterRef("pk"), date=day)
    units = list(
        AccountingUnit.objects.filter(Q(since__isnull=True) | Q(since__lte=day), active=True)
        .exclude(Exists(entered))
        .select_related("unit", "org")
        .order_by("unit__path")
    )
    live = tenancy.go_live_dates([au.org for au in units])
    units = [au for au in units if live.get(tenancy.company_pk(au.org), day) <= day]
    leaders = team_leaders(units)
    created, teams = 0, 0
    for au in units:
        if not leaders.get(au.pk):
            continue
        made = notify(
            recipients=leaders[au.pk],
            kind=KIND,
            subject=SUBJECT,
            text=TEXT,
            params={"team": au.unit.name, "day": day.isoformat()},
            link=entry_link(au.pk, day),
            about=au,
            key=missing_key(au.pk, day),
            action=True,
        )
        created += len(made)
        teams += bool(made)
    if created:
        audit.record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            object_type="core.notification",
            object_repr=_("Missing team records of %(day)s") % {"day": day.isoformat()},
            after={"notifications": created, "teams": teams},
        )
    return created


def records_saved(pairs: set[tuple[int, dt.date]]) -> int:
    """Records of these (accounting unit id, day) were saved: their "missing" notifications are done, for everyone
    asked, whoever saved them. One small query first (the open ones are at most a few per team), so a 100,000-row
    import costs nothing more when nothing was asked."""
    if not pairs:
        return 0
    open_keys = set(
        Notification.objects.filter(kind=KIND, done_at__isnull=True, action=True).values_list("key", flat=True)
    )
    if not open_keys:
        return 0
    keys = [key for key in (missing_key(unit_id, day) for unit_id, day in pairs) if key in open_keys]
    return notifications_done_by_key(keys=keys) if keys else 0


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    KIND: gettext_lazy("Go and fill in"),
}
