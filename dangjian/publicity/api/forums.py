"""Forum sessions in the API: sessions (list, read, add, change, open and close the vote), presenters (add, change,
remove) and the audience's vote (one per person per session: a second is 409)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import NotPermitted
from dangjian.org.api.common import changed_fields
from dangjian.publicity import results, selectors, services, workflow
from dangjian.publicity.api.common import org_of, require_anywhere, router, unknown
from dangjian.publicity.models import ForumKind


class ForumSessionOut(Schema):
    id: int
    org: str = Field(description="Code of the host org.")
    kind: str = Field(description="secretary (支部书记论坛) or innovation (创新创意论坛).")
    code: str
    title: str
    held_on: dt.date
    place: str
    theme: str
    state: str = Field(description="planned, voting or closed.")

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code


class ForumPresentationOut(Schema):
    id: int
    rank: int | None = Field(description="Place by votes (equal votes share a place).")
    votes: int
    presenter: str = Field(description="The presenter's employee number.")
    presenter_name: str
    title: str
    summary: str
    order: int
    result_kind: str = Field(description="project, challenge, drill or empty: what the result is linked to.")
    project: str | None = Field(description="The 党建+X project's code.")
    challenge: int | None = Field(description="The open challenge's id.")
    drill: int | None = Field(description="The drill session's id (课后练兵, talent).")


class ForumSessionDetailOut(ForumSessionOut):
    presentations: list[ForumPresentationOut] = Field(description="Best first.")

    @staticmethod
    def resolve_presentations(obj) -> list[dict]:
        return [_presentation(r["presentation"], r["rank"], r["votes"]) for r in selectors.ranking(obj)]


def _presentation(p, rank, votes) -> dict:
    return {
        "id": p.pk,
        "rank": rank,
        "votes": votes,
        "presenter": p.presenter.employee_no,
        "presenter_name": p.presenter.name,
        "title": p.title,
        "summary": p.summary,
        "order": p.order,
        "result_kind": results.kind_of(p),
        "project": p.project.code if p.project_id else None,
        "challenge": p.challenge_id,
        "drill": p.drill_id,
    }


class ForumSessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the host org (you may run forums there).")
    kind: ForumKind
    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=150)
    held_on: dt.date
    place: str = Field("", max_length=100)
    theme: str = Field("", max_length=5000)


class ForumSessionPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: ForumKind | None = None
    code: str | None = Field(None, min_length=1, max_length=40)
    title: str | None = Field(None, min_length=1, max_length=150)
    held_on: dt.date | None = None
    place: str | None = Field(None, max_length=100)
    theme: str | None = Field(None, max_length=5000)


class ForumMoveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    action: str = Field(description="open_voting or close_voting.")


class ForumPresentationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    presenter: str = Field(max_length=40, description="Employee number of someone of the session's company.")
    title: str = Field(min_length=1, max_length=150)
    summary: str = Field("", max_length=5000)
    order: int = Field(0, ge=0, le=999)
    project: str | None = Field(None, max_length=40, description="A 党建+X project's code.")
    challenge: int | None = Field(None, description="An open challenge's id.")
    drill: int | None = Field(None, description="A drill session's id (课后练兵).")


class ForumPresentationPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    presenter: str | None = Field(None, max_length=40)
    title: str | None = Field(None, min_length=1, max_length=150)
    summary: str | None = Field(None, max_length=5000)
    order: int | None = Field(None, ge=0, le=999)
    project: str | None = Field(None, max_length=40)
    challenge: int | None = None
    drill: int | None = None


class ForumVoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    presentation: int = Field(description="The id of the presentation you vote for.")


class ForumVoteOut(Schema):
    session: int
    presentation: int
    cast_at: dt.datetime

    @staticmethod
    def resolve_session(obj) -> int:
        return obj.session_id

    @staticmethod
    def resolve_presentation(obj) -> int:
        return obj.presentation_id


def _read(user, pk: int):
    return selectors.forum_detail(user=user, pk=pk)


def _organised(user, pk: int):
    session = _read(user, pk)
    if not workflow.forum_organiser(user, session):
        raise NotPermitted(_("You do not have permission to do this here."))
    return session


def _links(user, session, data: dict) -> dict:
    if "presenter" in data:
        number = data["presenter"]
        found = selectors.people_by_employee_no(session=session, numbers=[number] if number else []).get(number)
        if found is None:
            raise unknown("presenter", number)
        data["presenter"] = found
    if "project" in data:
        code = data["project"]
        data["project"] = selectors.project_by_code(user=user, code=code) if code else None
        if code and data["project"] is None:
            raise unknown("project", code)
    if "challenge" in data:
        pk = data["challenge"]
        data["challenge"] = selectors.challenge_by_id(user=user, pk=pk)
        if pk and data["challenge"] is None:
            raise unknown("challenge", pk)
    if "drill" in data:
        pk = data["drill"]
        data["drill"] = selectors.drill_by_id(user=user, pk=pk)
        if pk and data["drill"] is None:
            raise unknown("drill", pk)
    return data


@router.get(
    "/forums", response={200: list[ForumSessionOut], **LIST_ERRORS}, summary="List forum sessions", url_name="forums"
)
@paginate(Pagination)
def forum_list(request, kind: str | None = None):
    """The sessions of your companies' forums, newest first."""
    return selectors.forum_list(user=request.auth_user, kind=kind)


@router.get(
    "/forums/{session_id}",
    response={200: ForumSessionDetailOut, **READ_ERRORS},
    summary="Read a forum session with its ranking",
    url_name="forum",
)
def forum_detail(request, session_id: int):
    return _read(request.auth_user, session_id)


@router.post(
    "/forums",
    response={201: ForumSessionDetailOut, **WRITE_ERRORS},
    summary="Add a forum session",
    url_name="forum_create",
)
def forum_create(request, payload: ForumSessionIn):
    user = request.auth_user
    require_anywhere(user, "forum", "add")
    data = payload.model_dump()
    data["org"] = org_of(user, data["org"], "forum")
    data["kind"] = str(data["kind"].value if hasattr(data["kind"], "value") else data["kind"])
    session = services.forum_save(actor=user, **data)
    return Status(201, _read(user, session.pk))


@router.patch(
    "/forums/{session_id}",
    response={200: ForumSessionDetailOut, **WRITE_ERRORS},
    summary="Change a forum session",
    url_name="forum_update",
)
def forum_update(request, session_id: int, payload: ForumSessionPatch):
    user = request.auth_user
    session = _organised(user, session_id)
    data = changed_fields(payload, required=("kind", "code", "title", "held_on"), blank_as_empty=("place", "theme"))
    services.forum_save(actor=user, org=session.org, obj=session, **data)
    return _read(user, session_id)


@router.post(
    "/forums/{session_id}/move",
    response={200: ForumSessionDetailOut, **WRITE_ERRORS},
    summary="Open or close a session's vote",
    url_name="forum_move",
)
def forum_move(request, session_id: int, payload: ForumMoveIn):
    user = request.auth_user
    session = _organised(user, session_id)
    services.forum_move(actor=user, session=session, action=payload.action)
    return _read(user, session_id)


@router.post(
    "/forums/{session_id}/presentations",
    response={201: ForumSessionDetailOut, **WRITE_ERRORS},
    summary="Add a presenter",
    url_name="forum_presentation_create",
)
def presentation_create(request, session_id: int, payload: ForumPresentationIn):
    user = request.auth_user
    session = _organised(user, session_id)
    data = _links(user, session, payload.model_dump())
    services.presentation_save(actor=user, session=session, **data)
    return Status(201, _read(user, session_id))


@router.patch(
    "/forums/{session_id}/presentations/{presentation_id}",
    response={200: ForumSessionDetailOut, **WRITE_ERRORS},
    summary="Change a presenter",
    url_name="forum_presentation_update",
)
def presentation_update(request, session_id: int, presentation_id: int, payload: ForumPresentationPatch):
    user = request.auth_user
    session = _organised(user, session_id)
    presentation = selectors.presentation_detail(session=session, pk=presentation_id)
    data = changed_fields(payload, required=("presenter", "title", "order"), blank_as_empty=("summary",))
    services.presentation_save(actor=user, session=session, obj=presentation, **_links(user, session, data))
    return _read(user, session_id)


@router.delete(
    "/forums/{session_id}/presentations/{presentation_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a presenter",
    url_name="forum_presentation_delete",
)
def presentation_delete(request, session_id: int, presentation_id: int):
    """Before anyone voted for them (otherwise 409)."""
    user = request.auth_user
    session = _organised(user, session_id)
    presentation = selectors.presentation_detail(session=session, pk=presentation_id)
    services.presentation_remove(actor=user, presentation=presentation)
    return Status(204, None)


@router.post(
    "/forums/{session_id}/votes",
    response={201: ForumVoteOut, **WRITE_ERRORS},
    summary="Vote for the best presentation",
    url_name="forum_vote",
)
def forum_vote(request, session_id: int, payload: ForumVoteIn):
    """You (the person your account belongs to) vote once per session, while its vote is open; a second vote, or
    two sent at once, is 409. Never for your own presentation (400)."""
    user = request.auth_user
    session = _read(user, session_id)
    presentation = next((p for p in session.presentations.all() if p.pk == payload.presentation), None)
    if presentation is None:
        raise unknown("presentation", payload.presentation)
    return Status(201, services.vote_cast(actor=user, session=session, presentation=presentation))
