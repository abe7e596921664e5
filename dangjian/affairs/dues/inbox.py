"""Dues in arrears (欠缴超过3个月, the flag of selectors.SheetRow): a daily job asks the member's branch secretary (the
nearest secretary or 党群工作部 over the branch, never the member) to follow it up — one work notification per member
and counted month, so it comes back each month while the arrears last, the older one closed — and sends the member
a plain reminder of their own unpaid months (nothing about anyone else). Payments recorded for a member who is no
longer flagged close it in the same transaction, whoever records them; the daily job closes any left over."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.accounts.holders import accounts_of_people, nearest_holders, nearest_holders_many
from dangjian.affairs.dues import months, selectors
from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.services import notifications_done_by_key, notify
from dangjian.core.permissions import Role
from dangjian.core.services import SYSTEM, is_system
from dangjian.org.models import PartyOrg, Person

KIND = "dues.arrears"
REMINDER_KIND = "dues.reminder"
FOLLOWERS = (Role.SECRETARY, Role.PARTY_OFFICE)


def _key(kind: str, person_id: int, month: dt.date) -> str:
    return f"{kind}:{person_id}:{month:%Y-%m}"


def _open_keys(person_ids: list[int] | None) -> dict[int, set[str]]:
    """{person id: keys of their open arrears notifications} (of everyone with `person_ids` None; one query)."""
    rows = Notification.objects.filter(
        kind=KIND, content_type=ContentType.objects.get_for_model(Person), done_at__isnull=True
    )
    if person_ids is not None:
        rows = rows.filter(object_id__in=person_ids)
    out: dict[int, set[str]] = {}
    for object_id, key in rows.values_list("object_id", "key"):
        out.setdefault(object_id, set()).add(key)
    return out


@transaction.atomic
def arrears_notify(*, actor=SYSTEM, today: dt.date | None = None) -> int:
    """The system's daily job: every party member on a roll more than three months behind on last month's sheet —
    their branch secretary is asked to follow it up and they get a reminder, once per counted month (by key). Arrears
    no longer flagged are closed. Audited when something was sent; returns how many notifications were new."""
    if not is_system(actor):
        raise NotPermitted(_("Reminders are sent by the system."))
    today = today or timezone.localdate()
    month = selectors.last_counted(months.first(today), today)
    branches = list(PartyOrg.objects.filter(kind__in=PartyOrg.BRANCH_KINDS, status=PartyOrg.Status.ACTIVE))
    people = list(selectors.members_of(branch_paths=[b.path for b in branches])) if branches else []
    flagged = [row for row in selectors.sheet_rows(people=people, month=month, today=today) if row.flagged]
    followers = nearest_holders_many({row.person.branch_id: row.person.branch for row in flagged}.values(), FOLLOWERS)
    accounts = accounts_of_people(row.person.pk for row in flagged)
    open_keys = _open_keys(None)
    stale: set[str] = set()
    created = 0
    for row in flagged:
        person, key = row.person, _key(KIND, row.person.pk, month)
        params = {
            "name": person.name,
            "count": len(row.unpaid),
            "arrears": row.arrears,
            "since": f"{row.unpaid[0]:%Y-%m}",
        }
        recipients = [u for u in followers[person.branch_id] if u.person_id != person.pk] or nearest_holders(
            person.branch, FOLLOWERS, exclude=lambda user, _org, me=person.pk: user.person_id == me
        )  # the secretary in arrears themselves: the one above follows it up
        created += len(
            notify(
                recipients=recipients,
                kind=KIND,
                subject=gettext_lazy("Dues in arrears: %(name)s"),
                text=gettext_lazy("%(name)s has %(count)s months of dues unpaid since %(since)s (%(arrears)s 元)."),
                params=params,
                link=reverse("dues:sheet") + f"?month={month:%Y-%m}&org={person.branch.code}",
                about=person,
                key=key,
                action=True,
            )
        )
        stale |= open_keys.pop(person.pk, set()) - {key}
        account = accounts.get(person.pk)
        if account is not None:
            created += len(
                notify(
                    recipients=[account],
                    kind=REMINDER_KIND,
                    subject=gettext_lazy("Your party dues"),
                    text=gettext_lazy(
                        "Your dues for %(count)s months since %(since)s are unpaid (%(arrears)s 元): please pay them "
                        "to your branch."
                    ),
                    params=params,
                    link=reverse("dues:mine"),
                    about=person,
                    key=_key(REMINDER_KIND, person.pk, month),
                )
            )
    # Whoever is left in open_keys is no longer flagged (paid, left the roll): their arrears are followed up.
    stale |= {key for keys in open_keys.values() for key in keys}
    if stale:
        notifications_done_by_key(keys=stale)
    if created:
        audit.record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            object_type="core.notification",
            object_repr=_("Dues arrears of %(month)s") % {"month": f"{month:%Y-%m}"},
            after={"notifications": created, "members": len(flagged)},
        )
    return created


def paid(people: list[Person], *, today: dt.date | None = None) -> int:
    """Payments were recorded for `people`: close the arrears of those no longer flagged (three small queries, none
    when nobody of them was asked about)."""
    open_keys = _open_keys([p.pk for p in people])
    if not open_keys:
        return 0
    today = today or timezone.localdate()
    month = selectors.last_counted(months.first(today), today)
    asked = [p for p in people if p.pk in open_keys]
    still = {row.person.pk for row in selectors.sheet_rows(people=asked, month=month, today=today) if row.flagged}
    keys = {key for person in asked if person.pk not in still for key in open_keys[person.pk]}
    return notifications_done_by_key(keys=keys) if keys else 0


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    KIND: gettext_lazy("Go and collect"),
}
