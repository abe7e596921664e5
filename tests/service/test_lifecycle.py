"""The workflow exhaustively: every state × every step × every login → moved, or refused with nothing changed.

The policy is restated here on its own terms rather than read from lifecycle.TABLE, so a change to the table shows
up as a failing cell. The request is handled by branch BA, sent by `submitter`, assigned to `handler`."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core import events
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.service import lifecycle
from dangjian.service.models import ServiceRequest, ServiceTransition, State
from dangjian.service.services import request_transition

STATES = [s.value for s in State]
ACTIONS = ["accept", "coordinate", "resolve", "rate", "reopen", "close"]
ROLES = ["office", "sec_a", "sec_b", "leader", "committee", "submitter", "handler", "other", "outsider"]

MANAGERS = {"office", "sec_a"}  # service_request change over BA
HANDLING = MANAGERS | {"handler"}
SUBMITTER = {"submitter"}
# Cannot see BA's requests at all: refused as not permitted even for an illegal step (the request is not there).
BLIND = {"sec_b", "other", "outsider"}

EXPECTED = {
    ("submitted", "accept"): ("accepted", MANAGERS),
    ("accepted", "coordinate"): ("coordinating", HANDLING),
    ("accepted", "resolve"): ("resolved", HANDLING),
    ("coordinating", "resolve"): ("resolved", HANDLING),
    ("resolved", "rate"): ("feedback", SUBMITTER),
    ("resolved", "reopen"): ("coordinating", SUBMITTER),
    ("feedback", "reopen"): ("coordinating", SUBMITTER),
    ("resolved", "close"): ("closed", MANAGERS),
    ("feedback", "close"): ("closed", HANDLING | SUBMITTER),
}


def footprint(request):
    request.refresh_from_db()
    return (
        request.state,
        request.state_changed_at,
        request.handler_id,
        request.rating,
        ServiceTransition.objects.filter(request=request).count(),
        AuditLog.objects.count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_step_and_login(logins, people, make_request, state, action):
    expected = EXPECTED.get((state, action))
    # a resolved request the submitter has not rated can be closed once the rating window has passed
    waited = {"resolved_on": timezone.localdate() - dt.timedelta(days=lifecycle.FEEDBACK_DAYS)}
    for role in ROLES:
        request = make_request(state=state, **(waited if state == "resolved" else {}))
        before = footprint(request)
        allowed = expected is not None and role in expected[1]
        kwargs = {"comment": "原因", "rating": 4, "handler": people["handler"]}
        if allowed:
            request_transition(actor=logins[role], request=request, action=action, **kwargs)
            request.refresh_from_db()
            assert request.state == expected[0], (state, action, role)
            step = ServiceTransition.objects.get(request=request)
            assert (step.action, step.from_state, step.to_state, step.actor) == (
                action,
                state,
                expected[0],
                logins[role],
            )
            assert step.by_submitter == (role == "submitter")
            row = AuditLog.objects.latest("id")
            assert (row.object_id, row.after["state"], row.after["action"]) == (str(request.pk), expected[0], action)
            assert "token" not in (row.after or {}) and request.token not in str(row.before)
        else:
            # the handler is not assigned yet while the request is submitted: it is not theirs to see
            blind = BLIND | ({"handler"} if state == "submitted" else set())
            error = Conflict if expected is None and role not in blind else NotPermitted
            with pytest.raises(error):
                request_transition(actor=logins[role], request=request, action=action, **kwargs)
            assert footprint(request) == before, (state, action, role)


def test_the_table_is_what_the_tests_say():
    assert {key: move.to_state for key, move in lifecycle.TABLE.items()} == {k: v[0] for k, v in EXPECTED.items()}


def test_unknown_step_is_invalid(logins, make_request):
    with pytest.raises(InvalidInput):
        request_transition(actor=logins["office"], request=make_request(), action="delete")


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "field"),
    [
        ("submitted", "accept", {"handler": None}, "handler"),
        ("accepted", "resolve", {"comment": "  "}, "comment"),
        ("resolved", "rate", {"rating": None}, "rating"),
        ("resolved", "rate", {"rating": 6}, "rating"),
        ("resolved", "rate", {"rating": 0}, "rating"),
        ("feedback", "reopen", {"comment": ""}, "comment"),
    ],
)
def test_a_step_missing_what_it_needs_changes_nothing(logins, make_request, state, action, kwargs, field):
    request = make_request(state=state)
    before = footprint(request)
    with pytest.raises(InvalidInput) as raised:
        request_transition(actor=SYSTEM, request=request, action=action, **kwargs)
    assert field in raised.value.errors
    assert footprint(request) == before


def test_accept_may_pass_the_request_down_to_an_org_the_manager_manages(company, logins, people, make_request):
    request = make_request(org=company["root"])
    request_transition(
        actor=logins["office"], request=request, action="accept", handler=people["handler"], org=company["branch_a"]
    )
    request.refresh_from_db()
    assert (request.state, request.handling_org) == ("accepted", company["branch_a"])
    assert request.handler == people["handler"]
    # a branch secretary cannot pass its request to another branch
    other = make_request()
    with pytest.raises(InvalidInput):
        request_transition(
            actor=logins["sec_a"], request=other, action="accept", handler=people["handler"], org=company["branch_b"]
        )


def test_the_handler_must_be_someone_the_manager_can_see(logins, people, make_request):
    with pytest.raises(InvalidInput):
        request_transition(actor=logins["sec_a"], request=make_request(), action="accept", handler=people["outsider"])


def test_reopen_clears_the_answer_and_gives_a_fresh_allowance(logins, make_request):
    request = make_request(state=State.FEEDBACK, resolve_due=dt.date(2020, 1, 10))
    request_transition(actor=logins["submitter"], request=request, action="reopen", comment="热水还是不够")
    request.refresh_from_db()
    today = timezone.localdate()
    assert (request.state, request.reopen_count, request.rating, request.resolved_on) == ("coordinating", 1, None, None)
    assert request.resolve_due > today  # welfare: 15 working days from today
    request_transition(actor=logins["handler"], request=request, action="resolve", comment="加装了储水罐")
    request_transition(actor=logins["submitter"], request=request, action="rate", rating=5)
    request.refresh_from_db()
    assert (request.state, request.rating, request.resolution) == ("feedback", 5, "加装了储水罐")
    assert list(request.transitions.values_list("action", flat=True)) == ["reopen", "resolve", "rate"]


def record_resolved(*, request, actor):
    RESOLVED.append(request.pk)


RESOLVED = []


def test_resolving_publishes_the_one_resolved_event(settings, logins, make_request):
    assert events.subscribers("service_request_resolved") == ["dangjian.points.subscribers.service_request_resolved"]
    settings.EVENT_SUBSCRIBERS = {
        **settings.EVENT_SUBSCRIBERS,
        "service_request_resolved": [f"{__name__}.record_resolved"],
    }
    calls = RESOLVED
    calls.clear()
    request = make_request(state=State.COORDINATING)
    request_transition(actor=logins["handler"], request=request, action="resolve", comment="已处理")
    assert calls == [request.pk]
    assert ServiceRequest.objects.get(pk=request.pk).resolved_on == timezone.localdate()


def test_nobody_closes_a_concern_before_the_employee_had_time_to_rate_it(logins, make_request):
    request = make_request(state="resolved")  # resolved today
    before = footprint(request)
    for role in ("office", "sec_a", "handler"):
        assert "close" not in lifecycle.allowed_actions(logins[role], request)
    with pytest.raises(Conflict) as raised:
        request_transition(actor=logins["office"], request=request, action="close")
    assert (timezone.localdate() + dt.timedelta(days=lifecycle.FEEDBACK_DAYS)).isoformat() in str(raised.value.message)
    assert footprint(request) == before
    # the employee may still rate or reopen at once
    assert lifecycle.allowed_actions(logins["submitter"], request) == ["rate", "reopen"]
    request.resolved_on = timezone.localdate() - dt.timedelta(days=lifecycle.FEEDBACK_DAYS)
    request.save()
    assert "close" in lifecycle.allowed_actions(logins["office"], request)


def test_the_sender_never_handles_their_own_concern(logins, people, make_request):
    from dangjian.service.forms import handler_choices

    request = make_request(state="submitted", submitter=people["handler"])
    assert people["handler"] not in handler_choices(logins["office"], request)
    before = footprint(request)
    with pytest.raises(InvalidInput) as raised:
        request_transition(actor=logins["office"], request=request, action="accept", handler=people["handler"])
    assert "handler" in raised.value.errors
    assert footprint(request) == before
