"""Writes for demonstration posts: save or end a zone, pioneer post, task force or pairing; add a pairing check-in;
post, change, apply to, appoint, accept or cancel an open challenge; change or withdraw one's own application. Each
checks the "post" grant at the org (or that the application is the actor's own), validates and audits in one
transaction; an accepted challenge gives points through `points.auto_award`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system, require_at, save_audited, validate
from dangjian.org.models import PartyOrg, Person
from dangjian.posts.models import (
    ChallengeApplication,
    OpenChallenge,
    Pairing,
    PairingCheckIn,
    PioneerPost,
    ResponsibilityZone,
    TaskForce,
)

KINDS = {"zones": ResponsibilityZone, "pioneers": PioneerPost, "taskforces": TaskForce, "pairings": Pairing}
FIELDS = {
    "zones": ("name", "starts_on", "ends_on", "area", "goals", "leader"),
    "pioneers": ("name", "starts_on", "ends_on", "holder", "duties"),
    "taskforces": ("name", "starts_on", "ends_on", "problem", "project", "leader"),
    "pairings": ("name", "starts_on", "ends_on", "member", "colleague", "goals"),
}


def _snapshot(obj) -> dict:
    data = audit.snapshot(obj)
    if hasattr(obj, "members") and obj.pk:
        data["members"] = sorted(obj.members.values_list("pk", flat=True))
    return data


def _people_in_reach(actor, people: list[Person]) -> None:
    """Whoever is named on a post must be someone the actor may see."""
    if is_system(actor) or not people:
        return
    visible = set(
        Person.objects.restrict(actor, VIEW).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    if any(p.pk not in visible for p in people):
        raise NotPermitted(_("You cannot name this person on a post."))


def _project_in_reach(actor, project) -> None:
    """A task force's 党建+X project must be one the actor may see (never another company's)."""
    from dangjian.projects.projects.models import Project

    if project is None or is_system(actor):
        return
    if not Project.objects.restrict(actor, VIEW).filter(pk=project.pk).exists():
        raise InvalidInput(
            _("No project with this code that you may see."), errors={"project": [_("Unknown project.")]}
        )


@transaction.atomic
def post_save(*, actor, kind: str, org: PartyOrg, obj=None, members: list[Person] | None = None, **fields):
    """Create (obj None) or change a responsibility zone, pioneer post, task force or pairing of `org`."""
    model = KINDS[kind]
    extra = set(fields) - set(FIELDS[kind])
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    require_at(actor, "post", CHANGE if obj else ADD, org)
    if obj is not None:
        obj = model.objects.select_for_update().get(pk=obj.pk)
        require_at(actor, "post", CHANGE, obj.org)
    named = [v for v in fields.values() if isinstance(v, Person)] + list(members or [])
    _people_in_reach(actor, named)
    _project_in_reach(actor, fields.get("project"))
    before = _snapshot(obj) if obj else None
    obj = obj or model()
    obj.org = org
    for name, value in fields.items():
        setattr(obj, name, value)
    validate(obj)
    obj.save()
    if members is not None and hasattr(obj, "members"):
        obj.members.set(members)
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=actor, action=action, obj=obj, before=before, after=_snapshot(obj))
    return obj


@transaction.atomic
def post_end(*, actor, kind: str, obj, on: dt.date | None = None):
    """End a zone, pioneer post, task force or pairing on `on` (default today): it stays on the register with its
    period, and no longer counts as held from the day after. A post already ended is a Conflict."""
    model = KINDS[kind]
    obj = model.objects.select_for_update().select_related("org").get(pk=obj.pk)
    require_at(actor, "post", CHANGE, obj.org)
    on = on or timezone.localdate()
    if obj.ends_on is not None and obj.ends_on <= on:
        raise Conflict(_("This post has already ended."))
    if on < obj.starts_on:
        raise InvalidInput(
            _("A post cannot end before it starts."), errors={"ends_on": [_("Before the post's start.")]}
        )
    before = _snapshot(obj)
    obj.ends_on = on
    obj.save(update_fields=["ends_on"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=obj, before=before, after=_snapshot(obj))
    return obj


@transaction.atomic
def checkin_add(*, actor, pairing: Pairing, on: dt.date, note: str) -> PairingCheckIn:
    """Record progress on a pairing: by either of the pair, or by someone who may change the org's posts."""
    own = not is_system(actor) and getattr(actor, "person_id", None) in (pairing.member_id, pairing.colleague_id)
    if not own:
        require_at(actor, "post", CHANGE, pairing.org)
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say what was done."), errors={"note": [_("This field is required.")]})
    if on > timezone.localdate():
        raise InvalidInput(_("A check-in records what has happened."), errors={"on": [_("A future date.")]})
    row = PairingCheckIn.objects.create(
        pairing=pairing,
        on=on,
        note=note[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=row, after=audit.snapshot(row))
    return row


@transaction.atomic
def challenge_create(
    *,
    actor,
    org: PartyOrg,
    title: str,
    problem: str,
    deadline: dt.date,
    reward: str = "",
    reward_points: Decimal | None = None,
) -> OpenChallenge:
    """Post a problem for people or teams to take on (揭榜挂帅)."""
    require_at(actor, "post", ADD, org)
    challenge = OpenChallenge(
        org=org, title=title, problem=problem, deadline=deadline, reward=reward, reward_points=reward_points
    )
    if reward_points is not None and reward_points <= 0:
        raise InvalidInput(_("Reward points are more than zero."), errors={"reward_points": [_("Too small.")]})
    save_audited(challenge, actor=actor)
    return challenge


CHALLENGE_FIELDS = ("title", "problem", "reward", "reward_points", "deadline")


@transaction.atomic
def challenge_update(*, actor, challenge: OpenChallenge, **fields) -> OpenChallenge:
    """Change what was posted (title, problem, reward, reward points, deadline) while applications are open; once
    someone is appointed, or the challenge is closed, it stays as it was taken on."""
    extra = set(fields) - set(CHALLENGE_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    challenge = _locked(challenge)
    require_at(actor, "post", CHANGE, challenge.org)
    if challenge.status != OpenChallenge.Status.OPEN:
        raise Conflict(_("Only a challenge open for applications can be changed."))
    if fields.get("reward_points") is not None and fields["reward_points"] <= 0:
        raise InvalidInput(_("Reward points are more than zero."), errors={"reward_points": [_("Too small.")]})
    before = audit.snapshot(challenge)
    for name, value in fields.items():
        setattr(challenge, name, value)
    save_audited(challenge, actor=actor, before=before)
    return challenge


def _locked(challenge: OpenChallenge) -> OpenChallenge:
    return OpenChallenge.objects.select_for_update().select_related("org").get(pk=challenge.pk)


@transaction.atomic
def challenge_apply(
    *,
    actor,
    challenge: OpenChallenge,
    plan: str,
    team_name: str = "",
    members: list[Person] | None = None,
    applicant: Person | None = None,
) -> ChallengeApplication:
    """揭榜: the signed-in person applies, alone or for a team, with a plan, while applications are open. (`applicant`
    is for the system loading applications made on paper; a user always applies as themselves.)"""
    challenge = _locked(challenge)
    if not OpenChallenge.objects.restrict(actor, VIEW).filter(pk=challenge.pk).exists() and not is_system(actor):
        raise NotPermitted(_("You cannot apply to this challenge."))
    if not is_system(actor) or applicant is None:
        applicant = Person.objects.filter(pk=getattr(actor, "person_id", None) or 0).first()
    if applicant is None:
        raise NotPermitted(_("Only a person on the roll can apply."))
    if challenge.status != OpenChallenge.Status.OPEN or challenge.deadline < timezone.localdate():
        raise Conflict(_("Applications to this challenge are closed."))
    if not (plan or "").strip():
        raise InvalidInput(_("Describe how you will take it on."), errors={"plan": [_("This field is required.")]})
    try:
        with transaction.atomic():
            application = ChallengeApplication.objects.create(
                challenge=challenge, applicant=applicant, team_name=team_name.strip()[:100], plan=plan.strip()
            )
    except IntegrityError:
        raise Conflict(_("You have already applied to this challenge.")) from None
    application.members.set([m for m in (members or []) if m.pk != applicant.pk])
    audit.record(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=application,
        after={**audit.snapshot(application), "members": [m.pk for m in members or []]},
    )
    return application


@transaction.atomic
def challenge_appoint(*, actor, challenge: OpenChallenge, application: ChallengeApplication) -> OpenChallenge:
    """挂帅: appoint one application to take the challenge on."""
    challenge = _locked(challenge)
    require_at(actor, "post", CHANGE, challenge.org)
    if challenge.status != OpenChallenge.Status.OPEN:
        raise Conflict(_("Someone has already been appointed, or the challenge is closed."))
    if application.challenge_id != challenge.pk:
        raise InvalidInput(_("That application is for another challenge."))
    before = audit.snapshot(challenge)
    challenge.status, challenge.appointed = OpenChallenge.Status.APPOINTED, application
    challenge.save(update_fields=["status", "appointed"])
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=challenge, before=before, after=audit.snapshot(challenge)
    )
    return challenge


@transaction.atomic
def challenge_accept(*, actor, challenge: OpenChallenge, result: str) -> OpenChallenge:
    """Accept the appointed team's result: each of them (the applicant and the team members) gets the reward points
    once, through the points ledger (source challenge_completed)."""
    from dangjian.points.services import auto_award

    challenge = _locked(challenge)
    require_at(actor, "post", CHANGE, challenge.org)
    if challenge.status != OpenChallenge.Status.APPOINTED:
        raise Conflict(_("Only an appointed challenge can have its result accepted."))
    if not (result or "").strip():
        raise InvalidInput(_("Describe the result accepted."), errors={"result": [_("This field is required.")]})
    before = audit.snapshot(challenge)
    today = timezone.localdate()
    challenge.status, challenge.result, challenge.accepted_on = OpenChallenge.Status.ACCEPTED, result.strip(), today
    challenge.save(update_fields=["status", "result", "accepted_on"])
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=challenge, before=before, after=audit.snapshot(challenge)
    )
    application = challenge.appointed
    team = [application.applicant, *application.members.select_related("branch")]
    for person in team:
        auto_award(
            source="challenge_completed",
            source_obj=challenge,
            person=person,
            occurred_on=today,
            note=_("揭榜挂帅: %(title)s") % {"title": challenge.title},
            points=challenge.reward_points,
        )
    return challenge


@transaction.atomic
def challenge_cancel(*, actor, challenge: OpenChallenge) -> OpenChallenge:
    """Call a challenge off (open or appointed): it stays on the list as cancelled, with its applications; no points
    are given. An accepted one has given its points and stays accepted; a cancelled one is a Conflict too."""
    challenge = _locked(challenge)
    require_at(actor, "post", CHANGE, challenge.org)
    if challenge.status == OpenChallenge.Status.ACCEPTED:
        raise Conflict(_("An accepted challenge cannot be cancelled."))
    if challenge.status == OpenChallenge.Status.CANCELLED:
        raise Conflict(_("This challenge is already cancelled."))
    before = audit.snapshot(challenge)
    challenge.status = OpenChallenge.Status.CANCELLED
    challenge.save(update_fields=["status"])
    audit.record(
        actor=actor, action=AuditLog.Action.UPDATE, obj=challenge, before=before, after=audit.snapshot(challenge)
    )
    return challenge


def _own_application(actor, challenge: OpenChallenge) -> ChallengeApplication:
    """The actor's own application to an open challenge, locked; another's is never theirs to change."""
    application = (
        ChallengeApplication.objects.select_for_update()
        .filter(challenge=challenge, applicant_id=getattr(actor, "person_id", None) or 0)
        .first()
    )
    if application is None:
        raise NotFound(_("You have not applied to this challenge."))
    if challenge.status != OpenChallenge.Status.OPEN or challenge.deadline < timezone.localdate():
        raise Conflict(_("Applications to this challenge are closed."))
    return application


@transaction.atomic
def application_update(
    *,
    actor,
    challenge: OpenChallenge,
    plan: str | None = None,
    team_name: str | None = None,
    members: list[Person] | None = None,
) -> ChallengeApplication:
    """The applicant changes their plan, team name or team while applications are open (None: unchanged)."""
    challenge = _locked(challenge)
    application = _own_application(actor, challenge)
    before = {**audit.snapshot(application), "members": sorted(application.members.values_list("pk", flat=True))}
    if plan is not None:
        if not plan.strip():
            raise InvalidInput(_("Describe how you will take it on."), errors={"plan": [_("This field is required.")]})
        application.plan = plan.strip()
    if team_name is not None:
        application.team_name = team_name.strip()[:100]
    validate(application)
    application.save()
    if members is not None:
        _people_in_reach(actor, members)
        application.members.set([m for m in members if m.pk != application.applicant_id])
    after = {**audit.snapshot(application), "members": sorted(application.members.values_list("pk", flat=True))}
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=application, before=before, after=after)
    return application


@transaction.atomic
def application_withdraw(*, actor, challenge: OpenChallenge) -> None:
    """The applicant withdraws their application while applications are open (they may apply again later)."""
    challenge = _locked(challenge)
    application = _own_application(actor, challenge)
    before = {**audit.snapshot(application), "members": sorted(application.members.values_list("pk", flat=True))}
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=application, before=before)
    application.delete()
