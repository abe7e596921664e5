"""Writes for projects: create, edit the plan, move through the lifecycle, report the work. Each service checks
permission, validates and writes its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit, events
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.i18n import site_text
from dangjian.core.models import AuditLog
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system, require_at, validate
from dangjian.org.models import CommitteeSeat, PartyOrg
from dangjian.projects.projects import lifecycle, notices
from dangjian.projects.projects.models import (
    Goal,
    Measure,
    Project,
    ProjectMember,
    ProjectTransition,
    RuleRevision,
    State,
    SubPlan,
    Task,
)

PROJECT_FIELDS = (
    "code",
    "title",
    "domain",
    "custom_domain",
    "year",
    "starts_on",
    "ends_on",
    "secretary",
    "problem",
    "rationale",
    "highlights",
    "results_summary",
)
# The plan rows a project holds, by the name services and forms use for them.
PLAN_MODELS = {"goals": Goal, "measures": Measure, "sub_plans": SubPlan, "tasks": Task, "rule_revisions": RuleRevision}
PLAN_FIELDS = {
    "goals": (
        "indicator_name",
        "unit_of_measure",
        "baseline",
        "target",
        "benchmark",
        "direction",
        "source",
        "order",
        "indicator",
        "unit",
    ),
    "measures": ("text", "owner", "order"),
    "sub_plans": ("title", "content", "owner", "order"),
    "tasks": ("title", "owner", "due_on", "order"),
    "rule_revisions": ("title", "kind", "on", "order"),
}


def _snapshot(obj) -> dict:
    """audit.snapshot with stored files as their names (a task's evidence file)."""
    return {k: (v.name or "") if isinstance(v, FieldFile) else v for k, v in audit.snapshot(obj).items()}


def _unknown(fields: dict, allowed: tuple[str, ...]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


def _locked(project: Project) -> Project:
    """The project row, locked for the rest of the transaction (only the project row, not its owner org)."""
    return Project.objects.select_for_update(of=("self",)).select_related("owner").get(pk=project.pk)


def _require_plan_editable(actor, project: Project) -> None:
    require_at(actor, "project", "change", project.owner)
    if project.state not in lifecycle.PLAN_EDITABLE:
        raise Conflict(
            _("The plan can be changed only while the project is proposed or returned; it is now %(state)s.")
            % {"state": project.get_state_display()}
        )


def _require_work_editable(actor, project: Project) -> None:
    require_at(actor, "project", "change", project.owner)
    if project.state not in lifecycle.WORK_EDITABLE | lifecycle.PLAN_EDITABLE:
        raise Conflict(
            _("Work can be reported only while the project is open; it is now %(state)s.")
            % {"state": project.get_state_display()}
        )


def next_code(*, owner, year: int) -> str:
    """The next free code for `year` under the owner's top-level org, e.g. QNDL-2022-017."""
    root_id = int(owner.path.strip("/").split("/")[0])
    prefix = PartyOrg.objects.filter(pk=root_id).values_list("code", flat=True).first() or "P"
    stem = f"{prefix}-{year}-"
    taken = set(Project.objects.filter(code__startswith=stem).values_list("code", flat=True))
    n = len(taken) + 1
    while f"{stem}{n:03d}" in taken:
        n += 1
    return f"{stem}{n:03d}"


def current_secretary(org):
    """The person holding the org's secretary seat today (第一责任人 by default), or None."""
    today = timezone.localdate()
    seat = (
        CommitteeSeat.objects.filter(org=org, role=CommitteeSeat.Role.SECRETARY)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("person")
        .order_by("-since")
        .first()
    )
    return seat.person if seat else None


def _members_changed(project: Project, members: list[tuple]) -> tuple[list, list]:
    """Set the project's members to `members` [(person, role)]; returns (before, after) as [[person_id, role]]."""
    before = sorted([m.person_id, m.role] for m in project.memberships.all())
    wanted = {person.pk: role for person, role in members}
    project.memberships.exclude(person_id__in=wanted).delete()
    existing = {m.person_id: m for m in project.memberships.all()}
    for person_id, role in wanted.items():
        row = existing.get(person_id) or ProjectMember(project=project, person_id=person_id)
        if row.role != role or row.pk is None:
            row.role = role
            validate(row)
            row.save()
    return before, sorted([pid, role] for pid, role in wanted.items())


@transaction.atomic
def project_create(*, actor, owner, members: list[tuple] | None = None, **fields) -> Project:
    """立项: a new project in the proposed state, owned by an org where the actor may add projects.
    A blank code gets the next free one for the year."""
    _unknown(fields, PROJECT_FIELDS)
    if owner is None:
        raise InvalidInput(_("Choose the party organisation."), errors={"owner": [_("This field is required.")]})
    require_at(actor, "project", "add", owner)
    if not fields.get("code") and fields.get("year"):
        fields["code"] = next_code(owner=owner, year=fields["year"])
    if fields.get("secretary") is None:
        fields["secretary"] = current_secretary(owner)
    project = Project(owner=owner, state=State.PROPOSED, state_changed_at=timezone.now(), **fields)
    validate(project)
    project.save()
    after = _snapshot(project)
    if members:
        after["members"] = _members_changed(project, members)[1]
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=project, after=after)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, members: list[tuple] | None = None, **fields) -> Project:
    """Change a project's plan fields (and members) while it is proposed or returned. The owner does not move."""
    _unknown(fields, PROJECT_FIELDS)
    project = _locked(project)
    _require_plan_editable(actor, project)
    before = _snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    validate(project)
    project.save()
    after = _snapshot(project)
    if members is not None:
        before["members"], after["members"] = _members_changed(project, members)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=project, before=before, after=after)
    return project


@transaction.atomic
def project_transition(*, actor, project: Project, action: str, comment: str = "") -> Project:
    """Move a project through its lifecycle (see lifecycle.TABLE). An illegal move raises Conflict, a move the actor
    may not make raises NotPermitted, a missing reason InvalidInput — and nothing changes. A legal move writes the
    new state, a ProjectTransition and an audit row."""
    if action not in lifecycle.ACTIONS:
        raise InvalidInput(
            _("Unknown action: %(action)s.") % {"action": action}, errors={"action": [_("Choose a listed action.")]}
        )
    project = _locked(project)
    require_at(actor, "project", "view", project.owner)
    move = lifecycle.move_for(project.state, action)
    if move is None:
        raise Conflict(
            _("A project that is %(state)s cannot take the step “%(action)s”.")
            % {"state": project.get_state_display(), "action": lifecycle.ACTIONS[action]}
        )
    if not lifecycle.may(actor, project, move):
        raise NotPermitted(
            _("You may not take the step “%(action)s” on this project.") % {"action": lifecycle.ACTIONS[action]}
        )
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise InvalidInput(
            _("Give the reason (or findings) for this step."), errors={"comment": [_("This field is required.")]}
        )
    if action == lifecycle.SUBMIT:
        _submit_needs_goals(project)
    from_state, now = project.state, timezone.now()
    project.state, project.state_changed_at = move.to_state, now
    project.save(update_fields=["state", "state_changed_at", "updated_at"])
    ProjectTransition.objects.create(
        project=project,
        action=action,
        from_state=from_state,
        to_state=move.to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor.get_username(),
        at=now,
        comment=comment,
    )
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=project,
        before={"state": from_state},
        after={"state": move.to_state, "action": action},
        comment=comment,
    )
    # The approvers' inbox items are closed, whoever decided, and the proposer hears the outcome.
    notices.after_move(actor=actor, project=project, action=action, from_state=from_state, comment=comment)
    # Other capabilities act on an accepted or rated project (settings.EVENT_SUBSCRIBERS lists them: the acceptance
    # panel's checks, member points); a subscriber that refuses undoes the move.
    if action in lifecycle.EVENTS:
        events.publish(lifecycle.EVENTS[action], project=project, actor=actor)
    return project


def _submit_needs_goals(project: Project) -> None:
    if not project.goals.exists():
        raise InvalidInput(_("Add at least one measurable goal before submitting the project."))


# --- plan rows -------------------------------------------------------------------------------------------------------


def _plan_row(project: Project, section: str, row_id: int):
    row = PLAN_MODELS[section].objects.filter(project=project, pk=row_id).first()
    if row is None:
        raise InvalidInput(_("That row is not part of this project."), errors={section: [_("Unknown row.")]})
    return row


@transaction.atomic
def plan_item_save(*, actor, project: Project, section: str, row_id: int | None = None, **fields):
    """Add (row_id None) or change one plan row — a goal, measure, sub-plan, task or rule revised — while the plan
    is editable. Rules revised may also be recorded while the project runs."""
    if section not in PLAN_MODELS:
        raise InvalidInput(_("Unknown kind of plan row."))
    _unknown(fields, PLAN_FIELDS[section])
    project = _locked(project)
    if section == "rule_revisions":
        _require_work_editable(actor, project)
    else:
        _require_plan_editable(actor, project)
    row = _plan_row(project, section, row_id) if row_id else PLAN_MODELS[section](project=project)
    before = _snapshot(row) if row_id else None
    for name, value in fields.items():
        setattr(row, name, value)
    if section == "goals":
        _check_goal_links(actor, row)
    validate(row)
    row.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if row_id else AuditLog.Action.CREATE,
        obj=row,
        before=before,
        after=_snapshot(row),
    )
    return row


def _check_goal_links(actor, goal) -> None:
    """A goal reads an indicator of the actor's company catalogue (or a shared one) at a unit of the actor's company:
    anything else is refused as unknown, so another company's catalogue stays hidden."""
    from dangjian.indicators.models import Indicator
    from dangjian.org import tenancy

    errors = {}
    if (
        goal.indicator_id
        and not Indicator.objects.filter(
            tenancy.company_q(actor, "company", shared=True), pk=goal.indicator_id
        ).exists()
    ):
        errors["indicator"] = [_("Choose an indicator of your company's catalogue.")]
    if goal.unit_id and not tenancy.in_company(actor, goal.unit):
        errors["unit"] = [_("Choose a unit of your company.")]
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)


@transaction.atomic
def plan_item_delete(*, actor, project: Project, section: str, row_id: int) -> None:
    """Remove one plan row while the plan is editable."""
    if section not in PLAN_MODELS:
        raise InvalidInput(_("Unknown kind of plan row."))
    project = _locked(project)
    if section == "rule_revisions":
        _require_work_editable(actor, project)
    else:
        _require_plan_editable(actor, project)
    row = _plan_row(project, section, row_id)
    before = _snapshot(row)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=row, before=before)
    row.delete()


@transaction.atomic
def plan_apply(*, actor, project: Project, changes: list[tuple[str, int | None, dict | None]]) -> None:
    """Apply several plan-row changes at once — (section, row id or None to add, fields or None to remove) — all or
    nothing, as an edit page with formsets submits them."""
    for section, row_id, fields in changes:
        if fields is None:
            plan_item_delete(actor=actor, project=project, section=section, row_id=row_id)
        else:
            plan_item_save(actor=actor, project=project, section=section, row_id=row_id, **fields)


@transaction.atomic
def project_save(*, actor, project: Project | None, owner=None, fields: dict, changes=()) -> Project:
    """Create (project None) or change a project together with its plan rows, in one transaction."""
    if project is None:
        project = project_create(actor=actor, owner=owner, **fields)
    else:
        project = project_update(actor=actor, project=project, **fields)
    plan_apply(actor=actor, project=project, changes=list(changes))
    return project


@transaction.atomic
def task_report(
    *, actor, task: Task, done_on: dt.date | None, evidence: str = "", evidence_file=None, clear_file: bool = False
) -> Task:
    """Mark a task done (with what was done, or a file) or not done again, while the project is approved or running."""
    project = _locked(task.project)
    require_at(actor, "project", "change", project.owner)
    if project.state not in lifecycle.WORK_EDITABLE:
        raise Conflict(_("Tasks are reported once the project is approved and until it is accepted."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = _snapshot(task)
    task.done_on, task.evidence = done_on, evidence
    if evidence_file is not None:
        task.evidence_file = evidence_file
    elif clear_file:
        task.evidence_file = ""
    if done_on and done_on > timezone.localdate():
        raise InvalidInput(
            _("The date done cannot be in the future."), errors={"done_on": [_("Use today or earlier.")]}
        )
    validate(task)
    task.save()
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=task, before=before, after=_snapshot(task))
    return task


@transaction.atomic
def project_report_results(*, actor, project: Project, highlights: str, results_summary: str) -> Project:
    """Write the results and highlights (亮点成效) of a running project, for the inspection and the compilation."""
    project = _locked(project)
    _require_work_editable(actor, project)
    before = _snapshot(project)
    project.highlights, project.results_summary = highlights, results_summary
    validate(project)
    project.save(update_fields=["highlights", "results_summary", "updated_at"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=project, before=before, after=_snapshot(project))
    return project


def projects_export_audit(*, actor, rows: int, filters: dict) -> None:
    """Record an export of the project list: who took how many rows, with which filters."""
    if not is_system(actor) and not can_anywhere(actor, "project", "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type="projects.project",
        object_repr=site_text(Project._meta.verbose_name_plural),  # a record for everyone: in the site's language
        after={"rows": rows, "filters": filters},
    )
