"""The project lifecycle in ONE table: (from_state, action) → (to_state, who may make the move, comment required).

立项 proposed → 报批 submitted → approved / returned (resubmittable) / rejected → 实施 in_progress → 检查 inspected →
验收 accepted → 评比 rated; cancel with a reason from any open state.

Who may move is one of three standings over the project's owner org, read from the role assignments (no query):
- OWNER: project "change" over the owner org (the owner's secretary; anyone above with that grant also qualifies);
- SUPERIOR: project "change" over the owner's PARENT org subtree — the superior org's secretary. Someone whose grant
  stops at the owner org itself is not superior to it;
- OFFICE: 党群工作部, a party_office assignment at the owner org or above.

`services.project_transition` is the only code that applies a move. After an accept or a rate it publishes the event
named in `EVENTS`; the subscribers listed for it in settings.EVENT_SUBSCRIBERS run in the same transaction (the
acceptance panel refuses "accept" until it has scored the project; member points are awarded on acceptance).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dangjian.core.models.tree import parent_path
from dangjian.core.scoping import scope_for
from dangjian.core.services import is_system
from dangjian.org.standing import is_office_over
from dangjian.projects.projects.models import State

OWNER, SUPERIOR, OFFICE = "owner", "superior", "office"

SUBMIT, APPROVE, RETURN, REJECT = "submit", "approve", "return", "reject"
START, INSPECT, ACCEPT, RATE, CANCEL = "start", "inspect", "accept", "rate", "cancel"

ACTIONS = {
    SUBMIT: _("Submit for approval"),
    APPROVE: _("Approve"),
    RETURN: _("Return for changes"),
    REJECT: _("Reject"),
    START: _("Start"),
    INSPECT: _("Record the on-site check"),
    ACCEPT: _("Accept"),
    RATE: _("Rate"),
    CANCEL: _("Cancel the project"),
}
# Button styles on the project page.
STYLES = {APPROVE: "success", RETURN: "warning", REJECT: "danger", CANCEL: "outline-danger"}

# States a project can still be cancelled from: accepted and rated projects are finished, rejected and cancelled closed.
OPEN_STATES = (State.PROPOSED, State.SUBMITTED, State.RETURNED, State.APPROVED, State.IN_PROGRESS, State.INSPECTED)
# The plan (fields, goals, measures, sub-plans, tasks) can be edited only before it is approved.
PLAN_EDITABLE = frozenset({State.PROPOSED, State.RETURNED})
# Work is reported (tasks done with evidence, rules revised, results) while the project runs.
WORK_EDITABLE = frozenset({State.APPROVED, State.IN_PROGRESS, State.INSPECTED})


@dataclass(frozen=True)
class Move:
    to_state: str
    who: frozenset[str]
    comment_required: bool = False


def _move(to_state: str, *who: str, comment: bool = False) -> Move:
    return Move(to_state, frozenset(who), comment)


TABLE: dict[tuple[str, str], Move] = {
    (State.PROPOSED, SUBMIT): _move(State.SUBMITTED, OWNER),
    (State.RETURNED, SUBMIT): _move(State.SUBMITTED, OWNER),
    (State.SUBMITTED, APPROVE): _move(State.APPROVED, SUPERIOR, OFFICE),
    (State.SUBMITTED, RETURN): _move(State.RETURNED, SUPERIOR, OFFICE, comment=True),
    (State.SUBMITTED, REJECT): _move(State.REJECTED, SUPERIOR, OFFICE, comment=True),
    (State.APPROVED, START): _move(State.IN_PROGRESS, OWNER),
    # The on-site check's findings are the comment.
    (State.IN_PROGRESS, INSPECT): _move(State.INSPECTED, SUPERIOR, OFFICE, comment=True),
    (State.INSPECTED, ACCEPT): _move(State.ACCEPTED, OFFICE),
    (State.ACCEPTED, RATE): _move(State.RATED, OFFICE),
    **{(state, CANCEL): _move(State.CANCELLED, OWNER, OFFICE, comment=True) for state in OPEN_STATES},
}

# action -> the event project_transition publishes once the move is written (dangjian/core/events.py).
EVENTS = {ACCEPT: "project_accepted", RATE: "project_rated"}


def move_for(state: str, action: str) -> Move | None:
    """The move `action` makes from `state`, or None when it is not a legal move."""
    return TABLE.get((state, action))


def _covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(p) for p in paths)


def standings(user, owner) -> frozenset[str]:
    """The standings `user` holds over a project owned by `owner` (reads cached assignments: no query)."""
    if is_system(user):
        return frozenset({OWNER, SUPERIOR, OFFICE})
    held = set()
    change = scope_for(user, "project", "change")
    if change.everywhere or _covers(change.paths, owner.path):
        held.add(OWNER)
    above = parent_path(owner.path)
    if above and (change.everywhere or _covers(change.paths, above)):
        held.add(SUPERIOR)
    if is_office_over(user, owner.path):
        held.add(OFFICE)
    return frozenset(held)


def may(user, project, move: Move) -> bool:
    return bool(standings(user, project.owner) & move.who)


def allowed_actions(user, project) -> list[str]:
    """The moves `user` may make on `project` now, in table order (what the project page offers as buttons)."""
    held = standings(user, project.owner)
    return [action for (state, action), move in TABLE.items() if state == project.state and held & move.who]
