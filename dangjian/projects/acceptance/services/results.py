"""Submitting a panel (final scores, grades and ranks computed and locked), giving awards, locking the results."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import EXPORT
from dangjian.core.services import require_at
from dangjian.projects.acceptance import notices, scoring, selectors
from dangjian.projects.acceptance.models import Award, Grade, Panel, ProjectResult, Score
from dangjian.projects.acceptance.services.common import locked_panel, require_office, require_status

# How many missing scores the refusal spells out in its sentence (all of them are in `errors`, up to MISSING_MAX).
MISSING_IN_MESSAGE, MISSING_MAX = 5, 500


def _missing_sentence(missing) -> str:
    lines = [
        _("%(member)s has not scored %(code)s on “%(criterion)s”")
        % {"member": m.user.display_name, "code": p.code, "criterion": c.name}
        for m, p, c in missing[:MISSING_IN_MESSAGE]
    ]
    more = len(missing) - len(lines)
    text = "; ".join(lines)
    if more:
        text += _("; and %(n)s more") % {"n": more}
    return text


def _check_complete(ov: selectors.Overview) -> None:
    if not ov.projects:
        raise Conflict(
            _("There are no inspected projects of %(year)s under %(org)s to score.")
            % {"year": ov.panel.year, "org": ov.panel.org.name}
        )
    if not ov.members:
        raise Conflict(_("Add the panel's members before submitting."))
    typed = ov.typed_criteria
    if typed:
        alone = [p for p in ov.projects if all((m.pk, p.pk) in ov.conflicted for m in ov.members)]
        if alone:
            raise Conflict(
                _("No member may score %(codes)s (every member is answerable for it); add a member from elsewhere.")
                % {"codes": "、".join(p.code for p in alone)}
            )
    missing = ov.progress.missing
    if missing:
        raise Conflict(
            _("Scoring is not complete: %(n)s scores are missing. %(which)s.")
            % {"n": len(missing), "which": _missing_sentence(missing)},
            errors={"missing": [f"{m.user.display_name} · {p.code} · {c.name}" for m, p, c in missing[:MISSING_MAX]]},
        )


@transaction.atomic
def panel_submit(*, actor, panel: Panel) -> list[ProjectResult]:
    """Submit the panel: every member must have scored every project they may score on every qualitative criterion.
    Computes each project's goal attainment from the goals' actual values, the final score, grade and ranks (overall
    and in its domain), writes the locked results and closes the scores to edits."""
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.OPEN)
    ov = selectors.overview(panel)
    _check_complete(ov)

    values, lines = selectors.attainments(ov.projects, user=actor)
    computed = next((c for c in ov.criteria if c.is_computed), None)
    weights = {c.pk: c.weight for c in ov.criteria}
    typed_ids = {c.pk for c in ov.typed_criteria}
    given: dict[tuple[int, int], dict[int, object]] = defaultdict(dict)
    for member_id, project_id, criterion_id, value in Score.objects.filter(
        member__panel=panel, criterion_id__in=typed_ids
    ).values_list("member_id", "project_id", "criterion_id", "value"):
        given[(member_id, project_id)][criterion_id] = value

    finals, details, scorers = {}, {}, {}
    for project in ov.projects:
        sheets = [given[(m.pk, project.pk)] for m in ov.members if (m.pk, project.pk) not in ov.conflicted]
        if not typed_ids:
            sheets = []
        finals[project.pk] = scoring.final_score(
            weights=weights,
            member_scores=sheets,
            attainment_key=computed.pk if computed else None,
            attainment=values[project.pk],
        )
        scorers[project.pk] = len(sheets)
        details[project.pk] = {
            "goals": [line.as_json() for line in lines[project.pk]],
            "criteria": [
                {
                    "id": c.pk,
                    "name": c.name,
                    "weight": str(c.weight),
                    "value": str(
                        values[project.pk]
                        if c.is_computed
                        else scoring.rounded(sum((s[c.pk] for s in sheets), scoring.ZERO) / len(sheets))
                    ),
                }
                for c in ov.criteria
            ],
        }
    ranks = scoring.competition_ranks(finals)
    domain_of = {p.pk: str(p.domain_label) for p in ov.projects}
    domain_ranks = scoring.ranks_within(finals, domain_of)

    now = timezone.now()
    rows = []
    for project in ov.projects:
        result = ProjectResult(
            panel=panel,
            project=project,
            attainment=values[project.pk],
            final_score=finals[project.pk],
            grade=scoring.grade_for(
                finals[project.pk],
                excellent_from=panel.excellent_from,
                good_from=panel.good_from,
                pass_from=panel.pass_from,
            ),
            rank=ranks[project.pk],
            domain_rank=domain_ranks[project.pk],
            scorers=scorers[project.pk],
            detail=details[project.pk],
            locked_at=now,
        )
        result.save()
        audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=result, after=audit.snapshot(result))
        rows.append(result)
    before = audit.snapshot(panel)
    panel.status, panel.submitted_at = Panel.Status.SUBMITTED, now
    panel.save(update_fields=["status", "submitted_at"])
    notices.closed(panel)  # scores are locked: no sheet is waiting any more
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=panel,
        before=before,
        after=audit.snapshot(panel),
        comment=_("Submitted: %(n)s projects scored, scores locked.") % {"n": len(rows)},
    )
    return rows


@transaction.atomic
def awards_set(*, actor, panel: Panel, awards: dict[int, str]) -> list[ProjectResult]:
    """Give (or take back, with "") awards to the panel's projects — {project id: award} — after it has submitted
    and until its results are locked. A project graded fail gets no award."""
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.SUBMITTED)
    results = {r.project_id: r for r in ProjectResult.objects.filter(panel=panel).select_related("project")}
    changed = []
    for project_id, award in awards.items():
        award = award or ""
        result = results.get(project_id)
        if result is None:
            raise InvalidInput(_("That project was not scored by this panel."), errors={"project": [_("Unknown.")]})
        if award and award not in Award.values:
            raise InvalidInput(_("Choose one of the listed awards."), errors={"award": [_("Unknown award.")]})
        if award and result.grade == Grade.FAIL:
            raise Conflict(_("%(code)s is graded fail and cannot receive an award.") % {"code": result.project.code})
        if result.award == award:
            continue
        before = audit.snapshot(result)
        result.award = award
        result.save(update_fields=["award"])
        audit.record(
            actor=actor, action=AuditLog.Action.UPDATE, obj=result, before=before, after=audit.snapshot(result)
        )
        changed.append(result)
    return changed


@transaction.atomic
def panel_lock(*, actor, panel: Panel) -> Panel:
    """Make the awards final: after this nothing about the panel changes."""
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.SUBMITTED)
    before = audit.snapshot(panel)
    panel.status, panel.locked_at = Panel.Status.LOCKED, timezone.now()
    panel.save(update_fields=["status", "locked_at"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=panel, before=before, after=audit.snapshot(panel))
    return panel


def results_export_audit(*, actor, panel: Panel, rows: int) -> None:
    """Record that the actor exported the panel's results (which needs project export over the panel's org)."""
    require_at(actor, "project", EXPORT, panel.org)
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=panel,
        after={"rows": rows},
    )
