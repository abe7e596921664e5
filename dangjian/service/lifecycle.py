"""A request's workflow in ONE table: (from_state, action) → (to_state, who may take the step, what it needs).

收集 submitted → 受理 accepted (assigned to an org and a handler) → 协调 coordinating → 办结 resolved (what was done)
→ 反馈 feedback (the submitter rates 1–5, or reopens) → closed. A resolved request the submitter does not rate can be
closed by the handling org only after the submitter has had FEEDBACK_DAYS to rate it (the handler must not close a
concern before the employee had a say); a reopened one goes back to coordinating with a new resolve deadline.

Who may take a step is one of three standings, read from the request and the cached role assignments (no query):
- SUBMITTER: the person who sent it (whether or not it is anonymous);
- HANDLER: the person it is assigned to;
- MANAGER: "service_request" change over the handling org (its secretary; 党群工作部 above).

`services.request_transition` is the only code that applies a step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.service.models import State

SUBMITTER, HANDLER, MANAGER = "submitter", "handler", "manager"

ACCEPT, COORDINATE, RESOLVE, RATE, REOPEN, CLOSE = "accept", "coordinate", "resolve", "rate", "reopen", "close"

ACTIONS = {
    ACCEPT: _("Accept and assign"),
    COORDINATE: _("Start coordinating"),
    RESOLVE: _("Mark resolved"),
    RATE: _("Rate the answer"),
    REOPEN: _("Reopen: not solved"),
    CLOSE: _("Close"),
}
STYLES = {ACCEPT: "primary", RESOLVE: "success", RATE: "success", REOPEN: "outline-danger", CLOSE: "outline-secondary"}
# Labels of the steps recorded in a request's history (the table's actions plus the ones the system takes).
STEP_LABELS = {"submit": _("Submitted"), "escalate": _("Escalated to the superior organisation"), **ACTIONS}

# Days the submitter has to rate (or reopen) a resolved request before the handling org may close it unrated.
FEEDBACK_DAYS = 7

# What a step needs from the form: a comment (the reason, or what was done), a handler, a rating.
COMMENT, ASSIGN, RATING = "comment", "assign", "rating"


@dataclass(frozen=True)
class Move:
    to_state: str
    who: frozenset[str]
    needs: frozenset[str] = frozenset()


def _move(to_state: str, *who: str, needs: tuple[str, ...] = ()) -> Move:
    return Move(to_state, frozenset(who), frozenset(needs))


TABLE: dict[tuple[str, str], Move] = {
    (State.SUBMITTED, ACCEPT): _move(State.ACCEPTED, MANAGER, needs=(ASSIGN,)),
    (State.ACCEPTED, COORDINATE): _move(State.COORDINATING, HANDLER, MANAGER),
    (State.ACCEPTED, RESOLVE): _move(State.RESOLVED, HANDLER, MANAGER, needs=(COMMENT,)),
    (State.COORDINATING, RESOLVE): _move(State.RESOLVED, HANDLER, MANAGER, needs=(COMMENT,)),
    (State.RESOLVED, RATE): _move(State.FEEDBACK, SUBMITTER, needs=(RATING,)),
    (State.RESOLVED, REOPEN): _move(State.COORDINATING, SUBMITTER, needs=(COMMENT,)),
    (State.FEEDBACK, REOPEN): _move(State.COORDINATING, SUBMITTER, needs=(COMMENT,)),
    (State.RESOLVED, CLOSE): _move(State.CLOSED, MANAGER),
    (State.FEEDBACK, CLOSE): _move(State.CLOSED, SUBMITTER, HANDLER, MANAGER),
}


def move_for(state: str, action: str) -> Move | None:
    """The move `action` makes from `state`, or None when it is not a legal step."""
    return TABLE.get((state, action))


def standings(user, request) -> frozenset[str]:
    """The standings `user` holds over `request` (reads cached assignments: no query)."""
    if is_system(user):
        return frozenset({SUBMITTER, HANDLER, MANAGER})
    held = set()
    person_id = getattr(user, "person_id", None)
    if person_id and person_id == request.submitter_id:
        held.add(SUBMITTER)
    if person_id and person_id == request.handler_id:
        held.add(HANDLER)
    if can_at(user, "service_request", "change", request.handling_org):
        held.add(MANAGER)
    return frozenset(held)


def awaiting_rating(request, today: dt.date) -> bool:
    """A resolved, unrated request whose submitter still has time to rate it: nobody may close it yet."""
    return (
        request.state == State.RESOLVED
        and request.resolved_on is not None
        and today < request.resolved_on + dt.timedelta(days=FEEDBACK_DAYS)
    )


def rating_due(request) -> dt.date | None:
    """The first day the handling org may close a resolved request the submitter has not rated."""
    if request.state != State.RESOLVED or request.resolved_on is None:
        return None
    return request.resolved_on + dt.timedelta(days=FEEDBACK_DAYS)


def allowed_actions(user, request, today: dt.date | None = None) -> list[str]:
    """The steps `user` may take on `request` now, in table order (the buttons its page offers)."""
    held = standings(user, request)
    waiting = awaiting_rating(request, today or timezone.localdate())
    return [
        action
        for (state, action), move in TABLE.items()
        if state == request.state and held & move.who and not (action == CLOSE and waiting)
    ]
