"""Open challenges (揭榜挂帅) in the API: list, read, post, change and cancel a challenge (its org's secretary or
党群工作部); apply, change or withdraw one's own application (the signed-in person)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.org.api.common import changed_fields
from dangjian.posts import selectors, services
from dangjian.posts.api.common import org_of, people_of, require_add_anywhere, router
from dangjian.posts.models import OpenChallenge


class ChallengeApplicationOut(Schema):
    id: int
    applicant: str = Field(description="The applicant's employee number.")
    applicant_name: str
    team_name: str
    members: list[str] = Field(description="The team members' employee numbers.")
    plan: str
    applied_at: dt.datetime

    @staticmethod
    def resolve_applicant(obj) -> str:
        return obj.applicant.employee_no

    @staticmethod
    def resolve_applicant_name(obj) -> str:
        return obj.applicant.name

    @staticmethod
    def resolve_members(obj) -> list[str]:
        return [p.employee_no for p in obj.members.all()]

    @staticmethod
    def resolve_applied_at(obj) -> dt.datetime:
        return obj.created_at


class ChallengeOut(Schema):
    id: int
    org: str = Field(description="Code of the party org that posted it.")
    org_name: str
    title: str
    problem: str
    reward: str
    reward_points: Decimal | None = Field(description="Points for each of the appointed team; empty: the rule's own.")
    deadline: dt.date = Field(description="Applications until this day.")
    status: str = Field(description="open, appointed, accepted or cancelled.")
    status_label: str
    appointed: int | None = Field(description="The id of the appointed application.")
    result: str
    accepted_on: dt.date | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_appointed(obj) -> int | None:
        return obj.appointed_id


class ChallengeDetailOut(ChallengeOut):
    applications: list[ChallengeApplicationOut]

    @staticmethod
    def resolve_applications(obj) -> list:
        return list(obj.applications.all())


class ChallengeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org posting it (you need the right to add there).")
    title: str = Field(min_length=1, max_length=150)
    problem: str = Field(min_length=1)
    reward: str = Field("", max_length=200)
    reward_points: Decimal | None = Field(None, max_digits=6, decimal_places=2)
    deadline: dt.date = Field(description="Applications until this day.")


class ChallengePatch(Schema):
    """Only the fields sent are changed, while applications are open (otherwise 409)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=150)
    problem: str | None = Field(None, min_length=1)
    reward: str | None = Field(None, max_length=200)
    reward_points: Decimal | None = Field(None, max_digits=6, decimal_places=2)
    deadline: dt.date | None = None


class ChallengeApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    plan: str = Field(min_length=1)
    team_name: str = Field("", max_length=100)
    members: list[str] = Field([], max_length=50, description="The team members' employee numbers.")


class ChallengeApplicationPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    plan: str | None = Field(None, min_length=1)
    team_name: str | None = Field(None, max_length=100)
    members: list[str] | None = Field(None, max_length=50, description="The team members' employee numbers.")


def _read(user, pk: int) -> OpenChallenge:
    return selectors.challenge_detail(user=user, pk=pk)


def _own(user, pk: int):
    """The user's application to the challenge, read afresh after a write."""
    return selectors.own_application(user=user, challenge=_read(user, pk))


@router.get(
    "/posts/challenges",
    response={200: list[ChallengeOut], **LIST_ERRORS},
    summary="List open challenges",
    url_name="post_challenges",
)
@paginate(Pagination)
def challenge_list(request):
    """The challenges you may see (posted in your subtree or above it), newest first."""
    return selectors.challenges(user=request.auth_user)


@router.get(
    "/posts/challenges/{challenge_id}",
    response={200: ChallengeDetailOut, **READ_ERRORS},
    summary="Read a challenge",
    url_name="post_challenge",
)
def challenge_detail(request, challenge_id: int):
    """A challenge with its applications."""
    return _read(request.auth_user, challenge_id)


@router.post(
    "/posts/challenges",
    response={201: ChallengeDetailOut, **WRITE_ERRORS},
    summary="Post a challenge",
    url_name="post_challenge_create",
)
def challenge_create(request, payload: ChallengeIn):
    """Post a problem for people or teams to take on (揭榜挂帅), open for applications until `deadline`."""
    require_add_anywhere(request.auth_user)
    data = payload.model_dump()
    data["org"] = org_of(request.auth_user, data["org"])
    challenge = services.challenge_create(actor=request.auth_user, **data)
    return Status(201, _read(request.auth_user, challenge.pk))


@router.patch(
    "/posts/challenges/{challenge_id}",
    response={200: ChallengeDetailOut, **WRITE_ERRORS},
    summary="Change a challenge",
    url_name="post_challenge_update",
)
def challenge_update(request, challenge_id: int, payload: ChallengePatch):
    """Change what was posted while applications are open; once someone is appointed it is 409."""
    challenge = _read(request.auth_user, challenge_id)
    data = changed_fields(payload, required=("title", "problem", "deadline"), blank_as_empty=("reward",))
    services.challenge_update(actor=request.auth_user, challenge=challenge, **data)
    return _read(request.auth_user, challenge_id)


@router.post(
    "/posts/challenges/{challenge_id}/cancel",
    response={200: ChallengeDetailOut, **WRITE_ERRORS},
    summary="Cancel a challenge",
    url_name="post_challenge_cancel",
)
def challenge_cancel(request, challenge_id: int):
    """Call a challenge off, open or appointed; no points are given. An accepted or cancelled one is 409."""
    challenge = _read(request.auth_user, challenge_id)
    services.challenge_cancel(actor=request.auth_user, challenge=challenge)
    return _read(request.auth_user, challenge_id)


@router.post(
    "/posts/challenges/{challenge_id}/applications",
    response={201: ChallengeApplicationOut, **WRITE_ERRORS},
    summary="Apply to a challenge",
    url_name="post_challenge_apply",
)
def challenge_apply(request, challenge_id: int, payload: ChallengeApplicationIn):
    """揭榜: you (the person your account belongs to) apply, alone or for a team, while applications are open; a
    second application of yours is 409."""
    challenge = _read(request.auth_user, challenge_id)
    members = people_of(request.auth_user, "members", payload.members)
    services.challenge_apply(
        actor=request.auth_user, challenge=challenge, plan=payload.plan, team_name=payload.team_name, members=members
    )
    return Status(201, _own(request.auth_user, challenge_id))


@router.patch(
    "/posts/challenges/{challenge_id}/application",
    response={200: ChallengeApplicationOut, **WRITE_ERRORS},
    summary="Change your application",
    url_name="post_application_update",
)
def application_update(request, challenge_id: int, payload: ChallengeApplicationPatch):
    """Change your own application's plan, team name or members while applications are open (none of yours: 404)."""
    challenge = _read(request.auth_user, challenge_id)
    selectors.own_application(user=request.auth_user, challenge=challenge)
    data = changed_fields(payload, required=("plan",), blank_as_empty=("team_name",))
    if "members" in data:
        data["members"] = people_of(request.auth_user, "members", data["members"] or [])
    services.application_update(actor=request.auth_user, challenge=challenge, **data)
    return _own(request.auth_user, challenge_id)


@router.delete(
    "/posts/challenges/{challenge_id}/application",
    response={204: None, **WRITE_ERRORS},
    summary="Withdraw your application",
    url_name="post_application_withdraw",
)
def application_withdraw(request, challenge_id: int):
    """Withdraw your own application while applications are open; you may apply again."""
    challenge = _read(request.auth_user, challenge_id)
    selectors.own_application(user=request.auth_user, challenge=challenge)
    services.application_withdraw(actor=request.auth_user, challenge=challenge)
    return Status(204, None)
