"""The lifecycle exhaustively: every state × every action × every role → moved, or refused with nothing changed.

The policy is restated here on its own terms rather than read from lifecycle.TABLE, so a change to the table shows up
as a failing cell."""

import pytest

from dangjian.core import events
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.projects.projects import lifecycle
from dangjian.projects.projects.models import Project, ProjectTransition, State
from dangjian.projects.projects.services import project_transition
from tests.projects.conftest import LOGINS

STATES = [s.value for s in State]
ACTIONS = ["submit", "approve", "return", "reject", "start", "inspect", "accept", "rate", "cancel"]
ROLES = list(LOGINS)

# Who stands where over a project of branch BC (ROOT ⊃ GB ⊃ BC):
OWNER = {"office", "sec_owner", "sec_parent", "sec_root"}  # project change over BC
SUPERIOR_OR_OFFICE = {"office", "sec_parent", "sec_root"}  # change over BC's parent GB, or 党群工作部
OFFICE = {"office"}
# Everyone sees BC's projects except the secretary of another branch: to them the project is not there (403, not 409).
BLIND = {"sec_other"}
OPEN = ["proposed", "submitted", "returned", "approved", "in_progress", "inspected"]

# (from_state, action) -> (to_state, roles that may make the move)
EXPECTED = {
    ("proposed", "submit"): ("submitted", OWNER),
    ("returned", "submit"): ("submitted", OWNER),
    ("submitted", "approve"): ("approved", SUPERIOR_OR_OFFICE),
    ("submitted", "return"): ("returned", SUPERIOR_OR_OFFICE),
    ("submitted", "reject"): ("rejected", SUPERIOR_OR_OFFICE),
    ("approved", "start"): ("in_progress", OWNER),
    ("in_progress", "inspect"): ("inspected", SUPERIOR_OR_OFFICE),
    ("inspected", "accept"): ("accepted", OFFICE),
    ("accepted", "rate"): ("rated", OFFICE),
    **{(state, "cancel"): ("cancelled", OWNER | OFFICE) for state in OPEN},
}


def footprint(project):
    project.refresh_from_db()
    return (
        project.state,
        project.state_changed_at,
        ProjectTransition.objects.filter(project=project).count(),
        AuditLog.objects.count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_state_action_and_role(logins, make_project, state, action):
    expected = EXPECTED.get((state, action))
    for role in ROLES:
        project = make_project(state=state)
        before = footprint(project)
        allowed = expected is not None and role in expected[1]
        if allowed:
            project_transition(actor=logins[role], project=project, action=action, comment="原因")
            project.refresh_from_db()
            assert project.state == expected[0], (state, action, role)
            move = ProjectTransition.objects.get(project=project)
            assert (move.action, move.from_state, move.to_state, move.actor) == (
                action,
                state,
                expected[0],
                logins[role],
            )
            row = AuditLog.objects.latest("id")
            assert (row.object_id, row.before, row.after["state"], row.comment) == (
                str(project.pk),
                {"state": state},
                expected[0],
                "原因",
            )
        else:
            error = Conflict if expected is None and role not in BLIND else NotPermitted
            with pytest.raises(error):
                project_transition(actor=logins[role], project=project, action=action, comment="原因")
            assert footprint(project) == before, (state, action, role)


@pytest.mark.parametrize("state", STATES)
def test_allowed_actions_match_the_table(logins, make_project, state):
    project = make_project(state=state)
    for role in ROLES:
        want = [a for a in ACTIONS if (state, a) in EXPECTED and role in EXPECTED[(state, a)][1]]
        assert lifecycle.allowed_actions(logins[role], project) == want, (state, role)


@pytest.mark.parametrize(
    ("state", "action"),
    [("submitted", "return"), ("submitted", "reject"), ("in_progress", "inspect")] + [(s, "cancel") for s in OPEN],
)
def test_a_reason_is_required_and_nothing_changes_without_it(logins, make_project, state, action):
    project = make_project(state=state)
    before = footprint(project)
    with pytest.raises(InvalidInput) as exc:
        project_transition(actor=logins["office"], project=project, action=action, comment="  ")
    assert "comment" in exc.value.errors
    assert footprint(project) == before


def test_unknown_action_is_invalid(logins, make_project):
    project = make_project()
    with pytest.raises(InvalidInput):
        project_transition(actor=logins["office"], project=project, action="approve_all", comment="")


def test_submit_needs_a_goal(logins, orgs):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(owner=orgs["branch_c"])
    before = footprint(project)
    with pytest.raises(InvalidInput):
        project_transition(actor=logins["sec_owner"], project=project, action="submit", comment="")
    assert footprint(project) == before


def test_a_whole_life_and_its_history(logins, make_project):
    project = make_project()
    steps = [
        ("sec_owner", "submit", ""),
        ("sec_parent", "return", "目标偏低，请对标行业标杆"),
        ("sec_owner", "submit", "已调整目标"),
        ("office", "approve", ""),
        ("sec_owner", "start", ""),
        ("sec_parent", "inspect", "现场检查：进度正常"),
        ("office", "accept", ""),
        ("office", "rate", "优秀"),
    ]
    for role, action, comment in steps:
        project_transition(actor=logins[role], project=project, action=action, comment=comment)
    project.refresh_from_db()
    assert project.state == State.RATED
    history = list(ProjectTransition.objects.filter(project=project).values_list("action", "to_state", "comment"))
    assert [h[0] for h in history] == [s[1] for s in steps]
    assert history[1] == ("return", "returned", "目标偏低，请对标行业标杆")


def test_root_project_is_approved_by_the_party_office_only(logins, orgs):
    """A company-committee project has no superior org: only 党群工作部 approves it."""
    from tests.projects.factories import GoalFactory, ProjectFactory

    project = ProjectFactory(owner=orgs["root"], state=State.SUBMITTED)
    GoalFactory(project=project)
    with pytest.raises(NotPermitted):
        project_transition(actor=logins["sec_root"], project=project, action="approve")
    project_transition(actor=logins["office"], project=project, action="approve")
    assert Project.objects.get(pk=project.pk).state == State.APPROVED


def test_a_branch_secretary_is_superior_to_its_party_group(logins, orgs):
    """A project of a party group inside BC: BC's secretary approves it as the superior org."""
    from tests.factories import PartyOrgFactory
    from tests.projects.factories import ProjectFactory

    group = PartyOrgFactory(code="GC", kind="group", parent=orgs["branch_c"])
    project = ProjectFactory(owner=group, state=State.SUBMITTED)
    assert lifecycle.allowed_actions(logins["sec_owner"], project) == ["approve", "return", "reject", "cancel"]


def test_the_system_actor_may_make_any_legal_move(make_project):
    project = make_project(state="inspected")
    project_transition(actor=SYSTEM, project=project, action="accept")
    assert ProjectTransition.objects.get(project=project).actor_name == "system"
    with pytest.raises(Conflict):
        project_transition(actor=SYSTEM, project=project, action="start")


def test_accept_and_rate_publish_named_events_with_listed_subscribers():
    assert lifecycle.EVENTS == {"accept": "project_accepted", "rate": "project_rated"}
    assert events.subscribers("project_accepted") == [
        "dangjian.projects.acceptance.subscribers.accept_needs_locked_result",
        "dangjian.points.subscribers.award_project_members",
    ]
    assert events.subscribers("project_rated") == ["dangjian.projects.acceptance.subscribers.rate_needs_grade_or_award"]


def panel_not_done(*, project, actor):
    raise Conflict("The panel has not scored this project yet.")


def test_a_subscriber_that_refuses_undoes_the_move(logins, make_project, settings):
    settings.EVENT_SUBSCRIBERS = {**settings.EVENT_SUBSCRIBERS, "project_accepted": [f"{__name__}.panel_not_done"]}
    project = make_project(state="inspected")
    before = footprint(project)
    with pytest.raises(Conflict, match="panel"):
        project_transition(actor=logins["office"], project=project, action="accept")
    assert footprint(project) == before


def test_a_project_the_panel_has_not_scored_is_not_accepted(logins, make_project):
    project = make_project(state="inspected", scored=False)
    before = footprint(project)
    with pytest.raises(Conflict):
        project_transition(actor=logins["office"], project=project, action="accept")
    assert footprint(project) == before
