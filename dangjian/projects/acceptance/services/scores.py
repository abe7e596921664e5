"""Scoring: a panel member enters their own scores, 0–100 per project and qualitative criterion, while the panel is
open. Goal attainment is computed, never typed; a member answerable for a project (conflict of interest) cannot score
it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import DomainError, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import CHANGE
from dangjian.core.scoping import can_at
from dangjian.projects.acceptance import notices, selectors
from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember, Score
from dangjian.projects.acceptance.services.common import locked_panel, require_status
from dangjian.projects.projects.models import Project

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _member(actor, panel: Panel) -> PanelMember:
    """The actor's own seat on the panel: scores are entered only by the member themself."""
    member = None
    if can_at(actor, "panel", CHANGE, panel.org):
        member = PanelMember.objects.filter(panel=panel, user=actor).select_related("user").first()
    if member is None:
        raise NotPermitted(_("Only members of this panel can score, each on their own sheet."))
    return member


def _value(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("Enter the score as a number from 0 to 100."), errors={"value": [_("Enter a number.")]}
        ) from None
    if not value.is_finite() or value < 0 or value > HUNDRED:
        raise InvalidInput(_("A score lies between 0 and 100."), errors={"value": [_("Use 0 to 100.")]})
    if value != value.quantize(CENT):
        raise InvalidInput(_("Use at most two decimal places."), errors={"value": [_("Use at most two decimals.")]})
    return value.quantize(CENT)


def _criterion(panel: Panel, criterion: Criterion) -> Criterion:
    if criterion is None or criterion.panel_id != panel.pk:
        raise InvalidInput(_("That criterion is not part of this panel."), errors={"criterion": [_("Unknown.")]})
    if criterion.is_computed:
        raise InvalidInput(
            _("Goal attainment is computed from the goals' actual values; it is not scored by hand."),
            errors={"criterion": [_("Computed, not scored.")]},
        )
    return criterion


@dataclass
class _Scope:
    """What every cell of one save checks against, read once: the panel's projects and the actor's conflicts."""

    project_ids: set[int]
    conflicted: set[int]

    @classmethod
    def read(cls, panel: Panel, member: PanelMember, project_ids: set[int]) -> _Scope:
        projects = list(selectors.panel_projects(panel).filter(pk__in=project_ids))
        return cls({p.pk for p in projects}, {p for _m, p in selectors.conflicts([member], projects)})


def _save(actor, panel, member, scope: _Scope, project, criterion, raw_value, comment) -> Score:
    criterion = _criterion(panel, criterion)
    if project is None or project.pk not in scope.project_ids:
        raise InvalidInput(
            _("Only the panel's projects can be scored: those of %(year)s that have been inspected or accepted.")
            % {"year": panel.year},
            errors={"project": [_("Not scored by this panel.")]},
        )
    if project.pk in scope.conflicted:
        raise NotPermitted(
            _("You are answerable for “%(title)s” (its organisation's secretary), so you may not score it.")
            % {"title": project.title}
        )
    value = _value(raw_value)
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise InvalidInput(_("Keep the comment under 500 characters."), errors={"comment": [_("Too long.")]})
    score = Score.objects.filter(member=member, project=project, criterion=criterion).first()
    before = audit.snapshot(score) if score else None
    if score is None:
        score = Score(member=member, project=project, criterion=criterion)
    score.value, score.comment = value, comment
    score.save()
    after = audit.snapshot(score)
    if before is None or audit.changes(before, after):
        action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
        audit.record(actor=actor, action=action, obj=score, before=before, after=after)
    return score


@transaction.atomic
def score_save(*, actor, panel: Panel, project: Project, criterion: Criterion, value, comment: str = "") -> Score:
    """Enter or change the actor's own score of `project` on a qualitative `criterion` (0–100, two decimals at most),
    while the panel is open."""
    panel = locked_panel(panel)
    member = _member(actor, panel)
    require_status(panel, Panel.Status.OPEN)
    scope = _Scope.read(panel, member, {project.pk} if project is not None else set())
    score = _save(actor, panel, member, scope, project, criterion, value, comment)
    notices.scored(member)  # a complete sheet leaves the member's inbox
    return score


@transaction.atomic
def scores_save(*, actor, panel: Panel, scores: list[dict]) -> list[Score]:
    """Several of the actor's scores at once — dicts with project, criterion, value and comment — all or nothing.
    A refused row names its position (scores.<n>) in the errors."""
    panel = locked_panel(panel)
    member = _member(actor, panel)
    require_status(panel, Panel.Status.OPEN)
    scope = _Scope.read(panel, member, {row["project"].pk for row in scores if row.get("project") is not None})
    saved = []
    for n, row in enumerate(scores):
        try:
            saved.append(
                _save(
                    actor,
                    panel,
                    member,
                    scope,
                    row.get("project"),
                    row.get("criterion"),
                    row.get("value"),
                    row.get("comment"),
                )
            )
        except DomainError as exc:
            exc.errors = {
                f"scores.{n}.{key}": value for key, value in (exc.errors or {"__all__": [exc.message]}).items()
            }
            raise
    notices.scored(member)
    return saved
