"""Recruitment's work notifications (待办): each step due on an open file (overdue, or due within 30 days — the dues
`selectors.progress` computes from the time rules: the talk, the half-yearly reviews, the higher committee's approval,
the conversion vote) asks who records that step — the file's branch secretary, or for a higher committee's step the
nearest 党群工作部 or secretary at that committee — once per file, step and due date (by key), from a daily job.

Recording the step (or stopping or completing the file) closes it in the same transaction, whoever recorded it; a
due that moved (the next half-yearly review after one was recorded) is a new key, asked again when it comes near."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.accounts.holders import nearest_holders_many
from dangjian.affairs.recruitment import selectors, steps
from dangjian.affairs.recruitment.models import Dossier, StepRecord
from dangjian.core import audit
from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.notifications.services import notifications_done_by_key, notify
from dangjian.core.permissions import Role
from dangjian.core.services import SYSTEM, is_system

KIND = "recruitment.due"
RECORDERS = (Role.SECRETARY, Role.PARTY_OFFICE)
SUBJECT = gettext_lazy("Recruitment step due: %(name)s")
OVERDUE = gettext_lazy("%(name)s (%(branch)s): the %(step)s was due on %(on)s.")
SOON = gettext_lazy("%(name)s (%(branch)s): the %(step)s is due by %(on)s.")


def kind_of(step: str) -> str:
    return f"{KIND}.{step}"


def due_key(dossier_id: int, due) -> str:
    return f"{KIND}:{dossier_id}:{due.step}:{due.on.isoformat()}"


def _waiting(rows) -> list[tuple[Dossier, object]]:
    """(file, due) of every due that asks someone now: overdue or coming within 30 days, not a mere earliest day."""
    return [
        (d, due) for d, prog in rows for due in prog.dues if due.step and not due.earliest and (due.overdue or due.soon)
    ]


def _acting_org(dossier: Dossier, step: str):
    from dangjian.affairs.recruitment.services import acting_org

    return acting_org(dossier, steps.step(step)) if step in steps.BY_CODE else dossier.org


@transaction.atomic
def dues_notify(*, actor=SYSTEM, today: dt.date | None = None) -> int:
    """The system's daily job over every open file: ask who records each waiting step (idempotent by key), audited
    when something was sent. Returns how many notifications were new."""
    if not is_system(actor):
        raise NotPermitted(_("Reminders are sent by the system."))
    today = today or timezone.localdate()
    dossiers = Dossier.objects.filter(state=Dossier.State.OPEN).select_related("person", "org")
    records: dict[int, list[StepRecord]] = {}
    for record in StepRecord.objects.filter(dossier__state=Dossier.State.OPEN).order_by("dossier_id", "done_on", "id"):
        records.setdefault(record.dossier_id, []).append(record)
    waiting = _waiting(
        selectors.with_progress(list(dossiers), today, records_of={d.pk: records.get(d.pk, []) for d in dossiers})
    )
    if not waiting:
        return 0
    acting = {(d.pk, due.step): _acting_org(d, due.step) for d, due in waiting}
    holders = nearest_holders_many({org.pk: org for org in acting.values()}.values(), RECORDERS)
    created, files = 0, set()
    for dossier, due in waiting:
        made = notify(
            recipients=holders[acting[(dossier.pk, due.step)].pk],
            kind=kind_of(due.step),
            subject=SUBJECT,
            text=OVERDUE if due.overdue else SOON,
            params={
                "name": dossier.person.name,
                "branch": dossier.org.name,
                "step": due.label,
                "on": due.on.isoformat(),
            },
            link=reverse("recruitment:file", args=[dossier.pk]),
            about=dossier,
            key=due_key(dossier.pk, due),
            action=True,
        )
        created += len(made)
        if made:
            files.add(dossier.pk)
    if created:
        audit.record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            object_type="core.notification",
            object_repr=_("Recruitment steps due on %(day)s") % {"day": today.isoformat()},
            after={"notifications": created, "files": len(files)},
        )
    return created


def file_changed(dossier: Dossier) -> int:
    """A step was recorded, or the file was stopped or completed: close its notifications whose due is met (every
    one on a closed file). Two small queries for the open ones, then the file's progress."""
    open_rows = list(
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(Dossier),
            object_id=dossier.pk,
            kind__startswith=f"{KIND}.",
            done_at__isnull=True,
        ).values_list("kind", "key")
    )
    if not open_rows:
        return 0
    still: set[str] = set()
    if dossier.state == Dossier.State.OPEN:
        records = list(dossier.records.order_by("done_on", "id"))
        rows = selectors.with_progress([dossier], records_of={dossier.pk: records})
        still = {due_key(dossier.pk, due) for _d, due in _waiting(rows)}
    met = {key for _kind, key in open_rows if key not in still}
    return notifications_done_by_key(keys=met) if met else 0


# The one-click action of each kind's inbox item (core/capabilities.py: `inbox.py`).
ACTIONS = {
    KIND: gettext_lazy("Go and record the step"),
}
