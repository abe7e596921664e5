"""Reads of demonstration posts, scoped by the "post" grant: counts per org, the registers, who holds what, and the
open challenges. Each is a fixed number of queries however many rows."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
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
from dangjian.posts.services import KINDS

ORDER = ["zones", "pioneers", "taskforces", "pairings"]


def counts(*, user, org: PartyOrg) -> tuple[list[dict], dict[str, int]]:
    """Per org of the subtree that has any post: how many of each kind (current and past), plus the totals. One
    grouped query per kind and one for the org names."""
    per: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ORDER + ["challenges"], 0))
    for kind in ORDER:
        rows = (
            KINDS[kind]
            .objects.restrict(user, VIEW)
            .filter(org__path__startswith=org.path)
            .values("org_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            per[row["org_id"]][kind] = row["n"]
    rows = (
        OpenChallenge.objects.restrict(user, VIEW)
        .filter(org__path__startswith=org.path)
        .values("org_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        per[row["org_id"]]["challenges"] = row["n"]
    orgs = {o.pk: o for o in PartyOrg.objects.filter(pk__in=list(per)).order_by("path")}
    table = [{"org": orgs[pk], **per[pk]} for pk in sorted(per, key=lambda pk: orgs[pk].path)]
    totals = {kind: sum(r[kind] for r in table) for kind in ORDER + ["challenges"]}
    return table, totals


def register(*, user, kind: str, org: PartyOrg):
    """One register (zones, pioneer posts, task forces or pairings) of the subtree, with its people."""
    return post_list(user=user, kind=kind, org=org)


def holders(*, user, org: PartyOrg, limit: int = 300) -> list[dict]:
    """Who holds what: each person of the subtree with a post, and their zones, pioneer posts, task forces and
    pairings. Five queries."""
    held: dict[int, dict[str, list]] = defaultdict(lambda: {k: [] for k in ORDER})
    scope = {"org__path__startswith": org.path}
    for zone in ResponsibilityZone.objects.restrict(user, VIEW).filter(**scope).prefetch_related("members"):
        for person_id in {m.pk for m in zone.members.all()} | ({zone.leader_id} if zone.leader_id else set()):
            held[person_id]["zones"].append(zone.name)
    for post in PioneerPost.objects.restrict(user, VIEW).filter(**scope):
        held[post.holder_id]["pioneers"].append(post.name)
    for force in TaskForce.objects.restrict(user, VIEW).filter(**scope).prefetch_related("members"):
        for person in force.members.all():
            held[person.pk]["taskforces"].append(force.name)
        if force.leader_id:
            held[force.leader_id]["taskforces"].append(force.name)
    for pairing in Pairing.objects.restrict(user, VIEW).filter(**scope):
        held[pairing.member_id]["pairings"].append(pairing.name)
    people = Person.objects.filter(pk__in=list(held)).select_related("branch").order_by("branch__path", "name")
    return [{"person": p, **{k: sorted(set(v)) for k, v in held[p.pk].items()}} for p in people[:limit]]


def challenges(*, user, org: PartyOrg | None = None):
    rows = OpenChallenge.objects.restrict(user, VIEW).select_related("org").annotate(applicants=Count("applications"))
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    return rows.order_by("-created_at", "-id")


def challenge_detail(*, user, pk: int) -> OpenChallenge:
    found = (
        OpenChallenge.objects.restrict(user, VIEW)
        .select_related("org", "appointed__applicant")
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "applications", ChallengeApplication.objects.select_related("applicant").prefetch_related("members")
            )
        )
        .first()
    )
    if found is None:
        raise NotFound(_("No such challenge, or you do not have access to it."))
    return found


def pairing_detail(*, user, pk: int) -> Pairing:
    found = (
        Pairing.objects.restrict(user, VIEW)
        .select_related("org", "member", "colleague")
        .prefetch_related(Prefetch("check_ins", PairingCheckIn.objects.order_by("-on", "-id")))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such pairing, or you do not have access to it."))
    return found


def visible_org(*, user, code: str | None) -> PartyOrg:
    from dangjian.points.selectors import visible_org as points_visible_org

    return points_visible_org(user=user, code=code, resource="post")


def people_by_employee_no(*, user, numbers: list[str]) -> list[Person]:
    """The people with these employee numbers that the user sees (an application's members)."""
    return list(Person.objects.restrict(user, VIEW).filter(employee_no__in=numbers)) if numbers else []


def _with_people(kind: str, rows):
    """What a post's page and API show beside it: its org and people (and a task force's project)."""
    rows = rows.select_related("org")
    if kind == "zones":
        return rows.select_related("leader").prefetch_related(Prefetch("members", Person.objects.order_by("name")))
    if kind == "pioneers":
        return rows.select_related("holder")
    if kind == "taskforces":
        return rows.select_related("leader", "project").prefetch_related(
            Prefetch("members", Person.objects.order_by("name"))
        )
    return rows.select_related("member", "colleague").annotate(check_in_count=Count("check_ins"))


def post_detail(*, user, kind: str, pk: int):
    """One zone, pioneer post, task force or pairing the user may see; otherwise NotFound."""
    found = _with_people(kind, KINDS[kind].objects.restrict(user, VIEW).filter(pk=pk)).first()
    if found is None:
        raise NotFound(_("No such post, or you do not have access to it."))
    return found


def post_list(*, user, kind: str, org: PartyOrg | None = None, on=None):
    """The posts of one kind the user may see (of `org`'s subtree), in register order; with `on`, only those held on
    that day."""
    rows = KINDS[kind].objects.restrict(user, VIEW)
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    if on is not None:
        rows = rows.filter(starts_on__lte=on).exclude(ends_on__lt=on)
    return _with_people(kind, rows).order_by("org__path", "name", "id")


def check_ins(*, pairing: Pairing):
    """A visible pairing's check-ins, newest first (the pairing comes from `pairing_detail`)."""
    return PairingCheckIn.objects.filter(pairing=pairing).order_by("-on", "-id")


def own_application(*, user, challenge: OpenChallenge) -> ChallengeApplication:
    """The user's own application to a challenge they see; NotFound when they have none."""
    found = next((a for a in challenge.applications.all() if a.applicant_id == getattr(user, "person_id", None)), None)
    if found is None:
        raise NotFound(_("You have not applied to this challenge."))
    return found


def write_org(*, user, code: str | None) -> PartyOrg | None:
    """The org a request names for a new post or challenge, if the user sees posts there (None: unknown to them)."""
    from dangjian.points.selectors import visible_org_or_none

    return visible_org_or_none(user=user, code=code, resource="post") if code else None


def project_by_code(*, user, code: str):
    """A 党建+X project the user may see, by code (None when unknown to them)."""
    from dangjian.projects.projects.models import Project

    return Project.objects.restrict(user, VIEW).filter(code=code).first()
