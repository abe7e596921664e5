"""Employees' requests in the API: send one, list yours or your queue, read one, take a step.

The submitter of an anonymous request is never in a response to anyone but the submitter (`submitter` is null), and
its steps taken by the submitter are not named."""

import datetime as dt
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, resolve
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.permissions import SYSTEM_ROLES, VIEW
from dangjian.core.scoping import assignments
from dangjian.org.models import PartyOrg, Person
from dangjian.service import lifecycle, selectors, services
from dangjian.service.models import Category, State

router = Router(tags=["service"])

CategoryCode = Literal[tuple(Category.values)]
StateCode = Literal[(*State.values, "open", "overdue")]
ActionCode = Literal[tuple(lifecycle.ACTIONS)]


def _viewer(context):
    return context["request"].auth_user


class RequestIn(Schema):
    category: CategoryCode
    title: str = Field(..., max_length=100)
    description: str = Field(..., max_length=4000)
    destination: Literal["branch", "leaders"] = Field("branch", description="branch, or leaders (必达).")
    anonymous: bool = False
    public: bool = Field(False, description="The answer may be shown on the board of resolved matters.")


class RequestOut(Schema):
    id: int
    number: str
    category: str
    title: str
    destination: str
    anonymous: bool
    submitter: str | None = Field(None, description="Null on an anonymous request, except to its submitter.")
    handling_org: str
    handling_org_name: str
    handler: str | None
    state: str
    submitted_on: dt.date
    accept_due: dt.date
    resolve_due: dt.date
    accepted_on: dt.date | None
    resolved_on: dt.date | None
    rating: int | None
    escalated_to: str | None

    @staticmethod
    def resolve_submitter(obj, context) -> str | None:
        viewer = _viewer(context)
        return obj.submitter.name if selectors.shows_submitter(obj, viewer) else None

    @staticmethod
    def resolve_handling_org(obj) -> str:
        return obj.handling_org.code

    @staticmethod
    def resolve_handling_org_name(obj) -> str:
        return obj.handling_org.name

    @staticmethod
    def resolve_handler(obj) -> str | None:
        return obj.handler.name if obj.handler_id else None

    @staticmethod
    def resolve_escalated_to(obj) -> str | None:
        return obj.escalated_to.code if obj.escalated_to_id else None


class StepOut(Schema):
    action: str
    to_state: str
    at: dt.datetime
    by: str
    comment: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class RequestDetailOut(RequestOut):
    description: str
    resolution: str
    reopen_count: int
    steps: list[StepOut]
    attachments: list[AttachmentOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_steps(obj, context) -> list[dict]:
        viewer = _viewer(context)
        show = selectors.shows_submitter(obj, viewer)
        return [
            {
                "action": s.action,
                "to_state": s.to_state,
                "at": s.at,
                "by": (obj.submitter.name if show else "submitter")
                if s.by_submitter
                else (s.actor.display_name if s.actor_id else "system"),
                "comment": s.comment,
            }
            for s in obj.transitions.all()
        ]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_allowed_actions(obj, context) -> list[str]:
        return lifecycle.allowed_actions(_viewer(context), obj)


class RequestQuery(Schema):
    scope: Literal["mine", "queue", "all"] = Field(
        "mine", description="mine: requests you sent; queue: open ones you handle or manage; all: all you may see."
    )
    state: StateCode | None = None
    category: CategoryCode | None = None
    q: str | None = Field(None, max_length=100, description="Part of the subject or text.")


class ServiceTransitionIn(Schema):
    action: ActionCode
    comment: str = Field("", max_length=4000)
    rating: int | None = Field(None, ge=1, le=5)
    handler: str | None = Field(None, max_length=30, description="Employee number of the handler (accept).")
    org: str | None = Field(None, max_length=40, description="Code of the handling org (accept; optional).")


class ServiceTransitionResult(Schema):
    id: int
    state: str
    allowed_actions: list[str]


def _business(request) -> None:
    if not any(role not in SYSTEM_ROLES for role, _p, _k in assignments(request.auth_user)):
        raise NotPermitted("forbidden")


def _detail(request, pk: int):
    try:
        return selectors.request_detail(user=request.auth_user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


@router.get(
    "/service/requests",
    response={200: list[RequestOut], **LIST_ERRORS},
    summary="List employee requests",
    url_name="service_request_list",
)
@paginate(Pagination)
def service_request_list(request, filters: Query[RequestQuery]):
    """Your own requests (scope=mine, the default), your handling queue (scope=queue), or every request you may see
    (scope=all); newest first, the queue soonest due first."""
    user = request.auth_user
    state = filters.state or ("open" if filters.scope == "queue" else "")
    wanted = selectors.RequestFilters(state=state, category=filters.category or "", q=filters.q or "")
    if filters.scope == "queue":
        return selectors.queue(user=user, filters=wanted).select_related("submitter")
    if filters.scope == "all":
        return selectors.request_list(user=user, filters=wanted).select_related("submitter")
    return selectors.my_requests(user=user, filters=wanted).select_related("submitter")


@router.get(
    "/service/requests/{request_id}",
    response={200: RequestDetailOut, **READ_ERRORS},
    summary="Read an employee request",
    url_name="service_request_detail",
)
def service_request_detail(request, request_id: int):
    """One request you sent, handle or may see, with its history and the steps you may take."""
    return _detail(request, request_id)


@router.post(
    "/service/requests",
    response={201: RequestDetailOut, **WRITE_ERRORS},
    summary="Send an employee request",
    url_name="service_request_create",
)
def service_request_create(request, payload: RequestIn):
    """我为群众办实事 / 必达: send a concern to your branch or straight to the company leaders. Attachments are sent
    from the page (photos and PDF)."""
    created = services.request_submit(actor=request.auth_user, **payload.model_dump())
    return Status(201, _detail(request, created.pk))


@router.post(
    "/service/requests/{request_id}/transitions",
    response={200: ServiceTransitionResult, **WRITE_ERRORS},
    summary="Take a step of an employee request",
    url_name="service_request_transition",
)
def service_request_transition(request, request_id: int, payload: ServiceTransitionIn):
    """accept (with handler and optionally org), coordinate, resolve (comment = what was done), rate (1–5), reopen
    (comment = why), close. An illegal step answers 409, a step you may not take 403; either way nothing changes."""
    user = request.auth_user
    _business(request)
    found = _detail(request, request_id)
    handler = resolve(Person.objects.restrict(user, VIEW), "handler", payload.handler, employee_no=payload.handler)
    org = resolve(PartyOrg.objects.restrict(user, VIEW), "org", payload.org, code=payload.org)
    moved = services.request_transition(
        actor=user,
        request=found,
        action=payload.action,
        comment=payload.comment,
        rating=payload.rating,
        handler=handler,
        org=org,
    )
    return {"id": moved.pk, "state": moved.state, "allowed_actions": lifecycle.allowed_actions(user, moved)}


# ---------------------------------------------------------------- settings: the deadlines and the holiday calendar
# One for the installation and kept by 党群工作部 (the settings page's grant): 403 to anyone else, never 404.


class ServiceDeadlineOut(Schema):
    category: str
    label: str
    accept_days: int = Field(description="Working days allowed to accept a request.")
    resolve_days: int = Field(description="Working days allowed to resolve it, counted from submission.")
    default: bool = Field(description="true: none saved; the built-in allowance applies.")


class ServiceDeadlineIn(Schema):
    accept_days: int = Field(ge=1, le=365)
    resolve_days: int = Field(ge=1, le=365, description="Not fewer than accept_days.")


class ServiceCalendarDayOut(Schema):
    day: dt.date
    kind: str = Field(description="holiday, or workday (a make-up working day, 调休, on a weekend).")
    name: str


class ServiceCalendarDaysIn(Schema):
    day: dt.date = Field(description="The first (or only) date.")
    until: dt.date | None = Field(None, description="The last date of a span, at most a month on (e.g. 国庆节 1–7).")
    kind: Literal["holiday", "workday"]
    name: str = Field("", max_length=50, description="e.g. 春节.")


def _deadline_out(row) -> dict:
    category, label, accept, resolve, default = row
    return {"category": category, "label": label, "accept_days": accept, "resolve_days": resolve, "default": default}


@router.get(
    "/service/deadlines",
    response={200: list[ServiceDeadlineOut], **LIST_ERRORS},
    summary="Response times per category",
    url_name="service_deadline_list",
)
def service_deadline_list(request):
    """How many working days each category of request allows to accept and to resolve it (every category)."""
    return [_deadline_out(row) for row in selectors.deadlines(user=request.auth_user)]


@router.put(
    "/service/deadlines/{category}",
    response={200: ServiceDeadlineOut, **WRITE_ERRORS},
    summary="Set a category's response times",
    url_name="service_deadline_set",
)
def service_deadline_set(request, category: CategoryCode, payload: ServiceDeadlineIn):
    """Set the working days a category allows to accept and to resolve a request; requests sent from now on get
    these deadlines (those already sent keep theirs)."""
    user = request.auth_user
    services.sla_policy_save(actor=user, category=category, **payload.model_dump())
    return next(_deadline_out(row) for row in selectors.deadlines(user=user) if row[0] == category)


@router.get(
    "/service/calendar",
    response={200: list[ServiceCalendarDayOut], **LIST_ERRORS},
    summary="The holiday calendar of a year",
    url_name="service_calendar_list",
)
@paginate(Pagination)
def service_calendar_list(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The exceptions to the Monday–Friday week in a year (this year if not given): public holidays on weekdays and
    make-up working days (调休) on weekends, which the deadlines skip or count."""
    return selectors.calendar_year(user=request.auth_user, year=year or timezone.localdate().year)


@router.post(
    "/service/calendar",
    response={201: list[ServiceCalendarDayOut], **WRITE_ERRORS},
    summary="Mark holidays or make-up working days",
    url_name="service_calendar_mark",
)
def service_calendar_mark(request, payload: ServiceCalendarDaysIn):
    """Mark a date, or every date from `day` to `until` (a whole holiday), as a holiday or a make-up working day,
    replacing what each was; all or nothing. A make-up working day falls on a Saturday or Sunday."""
    user = request.auth_user
    data = payload.model_dump()
    data["name"] = data["name"].strip()
    services.calendar_range_save(actor=user, **data)
    until = payload.until or payload.day
    marked = selectors.calendar_year(user=user, year=payload.day.year).filter(day__range=(payload.day, until))
    if until.year != payload.day.year:
        marked = marked | selectors.calendar_year(user=user, year=until.year).filter(day__lte=until)
    return Status(201, list(marked.order_by("day")))


@router.delete(
    "/service/calendar/{day}",
    response={204: None, **WRITE_ERRORS},
    summary="Make a date an ordinary day again",
    url_name="service_calendar_clear",
)
def service_calendar_clear(request, day: dt.date):
    """Take a date's marking away: it is a working day again from Monday to Friday, a rest day at the weekend."""
    user = request.auth_user
    found = selectors.calendar_day_on(user=user, day=day)
    services.calendar_day_delete(actor=user, day=found)
    return HttpResponse(status=204)
