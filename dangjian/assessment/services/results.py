"""Production scores entered or imported per org and month, and the audit row of a pay export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.assessment import workflow
from dangjian.assessment.models import Period, ProductionScore
from dangjian.assessment.services.common import points
from dangjian.core import audit
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import EXPORT
from dangjian.core.services import require_at, validate
from dangjian.org.models import PartyOrg

HUNDRED = Decimal(100)


@transaction.atomic
def production_score_set(
    *, actor, org: PartyOrg, month: dt.date, value, source: str = ProductionScore.Source.ENTERED, note: str = ""
) -> tuple[ProductionScore | None, str]:
    """Set (or, with an empty value, clear) an org's production score for a month: the superior org or 党群工作部
    (the reviewer's standing), never the branch itself — its secretary self-scores the party work, and the production
    half of the dual assessment is judged from outside. A locked period keeps the score it was locked with. Returns
    (score, "create" | "update" | "unchanged")."""
    if not may_set_production(actor, org):
        raise NotPermitted(
            _("A branch does not set its own production score; the superior organisation or 党群工作部 does.")
        )
    if month.day != 1:
        raise InvalidInput(_("Use the first day of the month."), errors={"month": [_("Not a month.")]})
    score = ProductionScore.objects.select_for_update().filter(org=org, month=month).first()
    before = audit.snapshot(score) if score else None
    if value in (None, ""):
        if score is None:
            return None, "unchanged"
        # Recorded before the delete: the row names the score by its id, which the delete takes away.
        audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=score, before=before)
        score.delete()
        return None, "update"
    value = points(value, field="value", maximum=HUNDRED)
    score = score or ProductionScore(org=org, month=month)
    score.value, score.source, score.note = value, source, (note or "")[:300]
    validate(score)
    score.save()
    after = audit.snapshot(score)
    if before is None:
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=score, after=after)
        return score, "create"
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=score, before=before, after=after)
        return score, "update"
    return score, "unchanged"


def may_set_production(user, org: PartyOrg) -> bool:
    """Whether `user` sets `org`'s production score: the page offers exactly the orgs the service accepts."""
    return workflow.REVIEWER in workflow.standings(user, org)


def pay_export_audit(*, actor, period: Period, rows: int) -> None:
    """Record who exported the pay coefficients of a period (needs "assessment" export over the template's org)."""
    require_at(actor, "assessment", EXPORT, period.template.org)
    audit.record(actor=actor, action=AuditLog.Action.EXPORT, obj=period, after={"rows": rows})


@transaction.atomic
def production_scores_set(*, actor, month: dt.date, values: dict) -> int:
    """Several orgs' production scores of one month at once ({org: raw value}), all or nothing; returns how many
    changed. A refused row names its org."""
    changed = 0
    for org, raw in values.items():
        try:
            _score, action = production_score_set(actor=actor, org=org, month=month, value=(raw or "").strip())
        except InvalidInput as exc:
            exc.message = f"{org.name}: {exc.message}"
            raise
        changed += action != "unchanged"
    return changed
