"""Writes of talent development and drills. Each is one transaction: the grant at the org ("talent" or "drill"),
the people named within reach, validation with per-field messages, the save and its audit row. Attendance recorded
on a drill publishes "drill_attendance_settled", on which the points app awards or withdraws the drill points
(最多报一次: nobody enters them again); a plan may open its 结对帮扶 pairing through posts.services."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit, events
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.i18n import in_site_language
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.org.models import PartyOrg, Person, Unit
from dangjian.org.tenancy import in_company, root_path
from dangjian.talent.models import (
    CompetencyItem,
    CompetencyModel,
    ContestResult,
    Criterion,
    Drill,
    DrillAttendance,
    PoolMember,
    Rating,
    TrainingPlan,
)

TAKEN = _("Already in use.")


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def _extra(fields: dict, allowed: tuple[str, ...]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


def _reach(actor, resource: str, person: Person | None, field: str, org: PartyOrg | None = None) -> None:
    """A person named on a record is one the actor may see under `resource`, and of the record's company."""
    if person is None:
        return
    if org is not None and root_path(person.branch.path) != root_path(org.path):
        raise invalid(field, _("This person belongs to another company."))
    if is_system(actor):
        return
    if not can_at(actor, resource, VIEW, person.branch):
        raise NotPermitted(_("You cannot name this person here."))


def _apply(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# --- competency models and their items

MODEL_FIELDS = ("post", "talent_class", "description")


@transaction.atomic
def model_save(*, actor, org: PartyOrg, obj: CompetencyModel | None = None, **fields) -> CompetencyModel:
    """Create (obj None) or change a post's competency model (岗位能力价值模型) at `org`."""
    _extra(fields, MODEL_FIELDS)
    require_at(actor, "talent", CHANGE if obj else ADD, org)
    before = None
    if obj is not None:
        obj = CompetencyModel.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "talent", CHANGE, obj.org)
        before = audit.snapshot(obj)
    obj = obj or CompetencyModel()
    obj.org = org
    _apply(obj, fields)
    return save_audited(obj, actor=actor, before=before, conflict=_("This org already has a model for this post."))


@transaction.atomic
def model_retire(*, actor, obj: CompetencyModel, on: dt.date | None = None) -> CompetencyModel:
    """Retire a competency model: it stays with its items and ratings, no longer offered for new plans."""
    obj = CompetencyModel.objects.select_for_update().select_related("org").get(pk=obj.pk)
    require_at(actor, "talent", CHANGE, obj.org)
    if obj.retired_on is not None:
        raise Conflict(_("This model is already retired."))
    before = audit.snapshot(obj)
    obj.retired_on = on or timezone.localdate()
    return save_audited(obj, actor=actor, before=before)


ITEM_FIELDS = ("name", "description", "required_level", "order")


@transaction.atomic
def item_save(*, actor, model: CompetencyModel, obj: CompetencyItem | None = None, **fields) -> CompetencyItem:
    """Add an item to a post's model, or change one (name, description, required level 1–5, order)."""
    _extra(fields, ITEM_FIELDS)
    require_at(actor, "talent", CHANGE, model.org)
    before = audit.snapshot(obj) if obj else None
    obj = obj or CompetencyItem(model=model)
    _apply(obj, fields)
    return save_audited(obj, actor=actor, before=before, conflict=_("The model already has an item with this name."))


@transaction.atomic
def item_remove(*, actor, item: CompetencyItem) -> None:
    """Take an item out of a model; an item someone has been rated on stays (Conflict): change it instead."""
    require_at(actor, "talent", CHANGE, item.model.org)
    if item.ratings.exists():
        raise Conflict(_("People have been rated on this item: change it rather than remove it."))
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=item, before=audit.snapshot(item))
    item.delete()


# --- pools

POOL_FIELDS = ("pool", "talent_class", "specialty", "joined_on", "note")


@transaction.atomic
def pool_add(*, actor, person: Person, **fields) -> PoolMember:
    """Put a person in the talent, mentor or trainee pool for a talent class (the person's branch keeps it)."""
    _extra(fields, POOL_FIELDS)
    require_at(actor, "talent", ADD, person.branch)
    fields.setdefault("joined_on", timezone.localdate())
    member = PoolMember(org=person.branch, person=person, **fields)
    if PoolMember.objects.filter(person=person, pool=member.pool, left_on__isnull=True).exists():
        raise Conflict(_("%(name)s is already in this pool.") % {"name": person.name}, errors={"person": [TAKEN]})
    return save_audited(member, actor=actor, conflict=_("This person is already in this pool."))


@transaction.atomic
def pool_update(*, actor, member: PoolMember, **fields) -> PoolMember:
    """Change a pool membership's class, specialty, date joined or note."""
    _extra(fields, ("talent_class", "specialty", "joined_on", "note"))
    member = PoolMember.objects.select_for_update().select_related("org", "person").get(pk=member.pk)
    require_at(actor, "talent", CHANGE, member.org)
    before = audit.snapshot(member)
    _apply(member, fields)
    return save_audited(member, actor=actor, before=before)


@transaction.atomic
def pool_leave(*, actor, member: PoolMember, on: dt.date | None = None) -> PoolMember:
    """A person leaves a pool on a day (default today); the membership stays in the history."""
    member = PoolMember.objects.select_for_update().select_related("org", "person").get(pk=member.pk)
    require_at(actor, "talent", CHANGE, member.org)
    if member.left_on is not None:
        raise Conflict(_("This person has already left the pool."))
    before = audit.snapshot(member)
    member.left_on = on or timezone.localdate()
    return save_audited(member, actor=actor, before=before)


# --- ratings


@transaction.atomic
def rating_set(*, actor, person: Person, item: CompetencyItem, level: int, rated_on: dt.date | None = None) -> Rating:
    """Record a person's level on a competency item (replacing an earlier rating of that item)."""
    require_at(actor, "talent", CHANGE, person.branch)
    if root_path(item.model.org.path) != root_path(person.branch.path):
        raise invalid("item", _("This competency model belongs to another company."))
    rating = Rating.objects.select_for_update().filter(person=person, item=item).first()
    before = audit.snapshot(rating) if rating else None
    rating = rating or Rating(person=person, item=item, org=person.branch)
    rating.level, rating.rated_on, rating.org = level, rated_on or timezone.localdate(), person.branch
    return save_audited(rating, actor=actor, before=before, conflict=None)


# --- evaluation criteria

CRITERION_FIELDS = ("name", "description", "weight")


@transaction.atomic
def criterion_save(*, actor, org: PartyOrg, obj: Criterion | None = None, **fields) -> Criterion:
    """Publish (obj None) or change a criterion of training evaluation at `org` (its plans and those below)."""
    _extra(fields, CRITERION_FIELDS)
    require_at(actor, "talent", CHANGE if obj else ADD, org)
    before = None
    if obj is not None:
        obj = Criterion.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "talent", CHANGE, obj.org)
        before = audit.snapshot(obj)
    obj = obj or Criterion()
    obj.org = org
    _apply(obj, fields)
    return save_audited(obj, actor=actor, before=before, conflict=_("This org already has a criterion of this name."))


@transaction.atomic
def criterion_retire(*, actor, obj: Criterion, on: dt.date | None = None) -> Criterion:
    """Retire a criterion: plans evaluated on it keep their scores; new evaluations no longer use it."""
    obj = Criterion.objects.select_for_update().select_related("org").get(pk=obj.pk)
    require_at(actor, "talent", CHANGE, obj.org)
    if obj.retired_on is not None:
        raise Conflict(_("This criterion is already retired."))
    before = audit.snapshot(obj)
    obj.retired_on = on or timezone.localdate()
    return save_audited(obj, actor=actor, before=before)


def criteria_for(org: PartyOrg):
    """The criteria in force for a plan of `org`: those published at the org or above it, not retired."""
    parts = org.path.strip("/").split("/")
    above = [f"/{'/'.join(parts[:n])}/" for n in range(1, len(parts) + 1)]
    return Criterion.objects.filter(org__path__in=above, retired_on__isnull=True).order_by("org__path", "id")


# --- training plans

PLAN_FIELDS = ("trainee", "mentor", "target", "goals", "starts_on", "ends_on", "pairing")


def _check_pairing(actor, plan: TrainingPlan) -> None:
    pairing = plan.pairing
    if pairing is None:
        return
    if pairing.member_id != plan.mentor_id or pairing.colleague_id != plan.trainee_id:
        raise invalid("pairing", _("The pairing is between other people than this mentor and trainee."))
    if not is_system(actor) and not can_at(actor, "post", VIEW, pairing.org):
        raise invalid("pairing", _("No such pairing that you may see."))


@transaction.atomic
def plan_save(*, actor, obj: TrainingPlan | None = None, make_pairing: bool = False, **fields) -> TrainingPlan:
    """Create (obj None) or change a trainee's plan: mentor, goals, dates, the post aimed at, and the pairing it
    runs as. With `make_pairing` a plan without one opens the 结对帮扶 pairing (posts app) of mentor and trainee, so
    it is recorded once and shows on the pairings register (the mentor must be a party member for that)."""
    _extra(fields, PLAN_FIELDS)
    before = None
    if obj is not None:
        obj = TrainingPlan.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "talent", CHANGE, obj.org)
        if obj.status != TrainingPlan.Status.ACTIVE:
            raise Conflict(_("Only a plan in progress can be changed."))
        before = audit.snapshot(obj)
    plan = obj or TrainingPlan()
    _apply(plan, fields)
    if plan.trainee_id is None:
        raise invalid("trainee", _("Name the trainee."))
    if plan.mentor_id is None:
        raise invalid("mentor", _("Name the mentor."))
    plan.org = plan.trainee.branch
    require_at(actor, "talent", CHANGE if obj else ADD, plan.org)
    _reach(actor, "talent", plan.mentor, "mentor", plan.org)
    if plan.target_id and root_path(plan.target.org.path) != root_path(plan.org.path):
        raise invalid("target", _("This competency model belongs to another company."))
    _check_pairing(actor, plan)
    validate(plan)
    if make_pairing and plan.pairing_id is None:
        plan.pairing = _open_pairing(actor, plan)
    return save_audited(plan, actor=actor, before=before)


@in_site_language()  # the pairing's name is read by everyone later, whoever opened it
def _open_pairing(actor, plan: TrainingPlan):
    from dangjian.posts import services as posts

    try:
        return posts.post_save(
            actor=actor,
            kind="pairings",
            org=plan.org,
            name=_("Mentoring: %(mentor)s and %(trainee)s")
            % {"mentor": plan.mentor.name, "trainee": plan.trainee.name},
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            member=plan.mentor,
            colleague=plan.trainee,
            goals=plan.goals,
        )
    except InvalidInput as exc:
        message = _("The pairing could not be opened: %(reason)s") % {"reason": exc.message}
        raise invalid("make_pairing", message) from exc
    except NotPermitted as exc:
        raise invalid("make_pairing", _("You may not open pairings for this branch.")) from exc


def result_of(total: Decimal) -> str:
    """人才培养效果评价: 85 and above excellent, 60 and above qualified, below 60 not qualified."""
    if total >= 85:
        return TrainingPlan.Result.EXCELLENT
    if total >= 60:
        return TrainingPlan.Result.QUALIFIED
    return TrainingPlan.Result.UNQUALIFIED


@transaction.atomic
def plan_evaluate(
    *, actor, plan: TrainingPlan, scores: dict[int, int], note: str = "", on: dt.date | None = None
) -> TrainingPlan:
    """Evaluate a plan against the criteria in force for its org: each scored 0–100, the total weighted by the
    criteria's weights, the result from the total. Every criterion needs a score."""
    plan = TrainingPlan.objects.select_for_update().select_related("org").get(pk=plan.pk)
    require_at(actor, "talent", CHANGE, plan.org)
    if plan.status != TrainingPlan.Status.ACTIVE:
        raise Conflict(_("This plan has already been evaluated or ended."))
    criteria = list(criteria_for(plan.org))
    if not criteria:
        raise Conflict(_("No evaluation criteria are published for this org yet: publish them first."))
    errors = {}
    clean = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= 100:
            errors[f"c{criterion.pk}"] = [_("A score from 0 to 100.")]
        else:
            clean[str(criterion.pk)] = int(value)
    if errors:
        raise InvalidInput(_("Score every criterion from 0 to 100."), errors=errors)
    weight = sum(c.weight for c in criteria)
    total = Decimal(sum(clean[str(c.pk)] * c.weight for c in criteria)) / Decimal(weight)
    before = audit.snapshot(plan)
    plan.scores = {str(c.pk): {"name": c.name, "weight": c.weight, "score": clean[str(c.pk)]} for c in criteria}
    plan.total = total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    plan.result = result_of(plan.total)
    plan.status = TrainingPlan.Status.EVALUATED
    plan.evaluated_on = on or timezone.localdate()
    plan.evaluation_note = (note or "").strip()
    return save_audited(plan, actor=actor, before=before)


@transaction.atomic
def plan_end(*, actor, plan: TrainingPlan) -> TrainingPlan:
    """End a plan without evaluation (the trainee left, the plan was a mistake); it stays in the history."""
    plan = TrainingPlan.objects.select_for_update().select_related("org").get(pk=plan.pk)
    require_at(actor, "talent", CHANGE, plan.org)
    if plan.status != TrainingPlan.Status.ACTIVE:
        raise Conflict(_("This plan has already been evaluated or ended."))
    before = audit.snapshot(plan)
    plan.status = TrainingPlan.Status.ENDED
    return save_audited(plan, actor=actor, before=before)


# --- drills and member lectures

DRILL_FIELDS = ("kind", "topic", "trainer", "unit", "held_on", "scored_by")


@transaction.atomic
def drill_save(*, actor, org: PartyOrg, obj: Drill | None = None, **fields) -> Drill:
    """Record (obj None) or change a drill session or member lecture of `org` (and its team)."""
    _extra(fields, DRILL_FIELDS)
    require_at(actor, "drill", CHANGE if obj else ADD, org)
    before = None
    if obj is not None:
        obj = Drill.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "drill", CHANGE, obj.org)
        before = audit.snapshot(obj)
    drill = obj or Drill()
    drill.org = org
    _apply(drill, fields)
    unit: Unit | None = fields.get("unit", drill.unit if drill.unit_id else None)
    if unit is not None and not in_company(actor, unit):
        raise invalid("unit", _("No such team in your company."))
    if drill.trainer_id:
        _reach(actor, "drill", drill.trainer, "trainer", org)
    if drill.held_on and drill.held_on > timezone.localdate() + dt.timedelta(days=366):
        raise invalid("held_on", _("Too far in the future."))
    return save_audited(drill, actor=actor, before=before)


@transaction.atomic
def drill_attendance_save(*, actor, drill: Drill, rows: list[tuple[Person, bool, Decimal | None]]) -> int:
    """Record who was at a drill (present or not) and their score; a person already recorded is updated. Rows
    whose presence changed publish "drill_attendance_settled", so the points follow (最多报一次). A date in the
    future records nothing yet. Returns how many rows changed."""
    drill = Drill.objects.select_for_update().select_related("org").get(pk=drill.pk)
    require_at(actor, "drill", CHANGE, drill.org)
    if drill.held_on > timezone.localdate():
        raise Conflict(_("Attendance is recorded once the session has been held."))
    existing = {a.person_id: a for a in DrillAttendance.objects.filter(drill=drill).select_related("person__branch")}
    changes, changed = [], 0
    seen = set()
    for person, present, score in rows:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        _reach(actor, "drill", person, "attendance", drill.org)
        if score is not None and not Decimal(0) <= score <= Decimal(100):
            raise invalid("attendance", _("A score is from 0 to 100."))
        row = existing.get(person.pk)
        if row is not None and row.present == present and row.score == score:
            continue
        before = audit.snapshot(row) if row else None
        was = row.present if row else None
        row = row or DrillAttendance(drill=drill, person=person)
        row.present, row.score = present, score if present else None
        row.save()
        audit.record(
            actor=actor,
            action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
            obj=row,
            before=before,
            after=audit.snapshot(row),
        )
        changed += 1
        if was != present:
            changes.append((row, was))
    if changes:
        events.publish("drill_attendance_settled", drill=drill, changes=changes)
    return changed


@transaction.atomic
def drill_delete(*, actor, drill: Drill) -> None:
    """Delete a drill recorded by mistake: it never happened, so the points its attendance gave are withdrawn."""
    drill = Drill.objects.select_for_update().select_related("org").get(pk=drill.pk)
    require_at(actor, "drill", CHANGE, drill.org)
    rows = list(DrillAttendance.objects.filter(drill=drill, present=True).select_related("person__branch"))
    for row in rows:
        row.present = False
    if rows:
        events.publish("drill_attendance_settled", drill=drill, changes=[(row, True) for row in rows])
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=drill, before=audit.snapshot(drill))
    DrillAttendance.objects.filter(drill=drill).delete()
    drill.delete()


# --- skills contests

CONTEST_FIELDS = ("contest", "level", "held_on", "rank", "award")


@transaction.atomic
def contest_result_save(*, actor, person: Person, obj: ContestResult | None = None, **fields) -> ContestResult:
    """Record (obj None) or change a person's skills-contest result (contest, level, date, rank, award)."""
    _extra(fields, CONTEST_FIELDS)
    require_at(actor, "talent", CHANGE if obj else ADD, person.branch)
    before = None
    if obj is not None:
        obj = ContestResult.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "talent", CHANGE, obj.org)
        before = audit.snapshot(obj)
    result = obj or ContestResult()
    result.person, result.org = person, person.branch
    _apply(result, fields)
    if not result.rank and not (result.award or "").strip():
        raise invalid("award", _("Give the rank or the award."))
    return save_audited(result, actor=actor, before=before, conflict=_("This result is already recorded."))


@transaction.atomic
def contest_result_delete(*, actor, result: ContestResult) -> None:
    """Remove a contest result entered by mistake."""
    require_at(actor, "talent", CHANGE, result.org)
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=result, before=audit.snapshot(result))
    result.delete()
