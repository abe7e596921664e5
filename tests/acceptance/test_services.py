"""Panel services: who may set a panel up and score, locking after submit, incomplete scoring refused with what is
missing, conflicts of interest, criteria weights, awards, and the accept / rate preconditions through
project_transition. Every refusal changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.org.models import CommitteeSeat
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.models import Panel, PanelMember, ProjectResult, Score
from dangjian.projects.projects.models import State
from dangjian.projects.projects.services import project_transition
from tests.acceptance.conftest import score_all
from tests.factories import account_with_role

D = Decimal


def footprint():
    return (
        AuditLog.objects.count(),
        list(Score.objects.order_by("pk").values_list("pk", "value", "comment")),
        list(Panel.objects.order_by("pk").values_list("status", "name")),
        ProjectResult.objects.count(),
        PanelMember.objects.count(),
    )


def test_panel_create_is_for_the_party_office_only(company, office, secretary_a, judges):
    for actor in (secretary_a, judges["j1"], account_with_role("leader", company["root"])):
        with pytest.raises(NotPermitted):
            services.panel_create(actor=actor, org=company["root"], year=2023)
    panel = services.panel_create(actor=office, org=company["root"], year=2023)
    assert panel.status == "open" and panel.created_by == office
    assert [(c.kind, c.weight) for c in panel.criteria.all()] == [("goal_attainment", D(100))]
    assert AuditLog.objects.filter(object_type="acceptance.panel", object_id=str(panel.pk), action="create").exists()


def test_one_panel_per_org_subtree_and_year(company, office, panel):
    with pytest.raises(Conflict, match="2022"):
        services.panel_create(actor=office, org=company["root"], year=2022)
    with pytest.raises(Conflict):
        services.panel_create(actor=office, org=company["branch_a"], year=2022)  # inside the company's panel
    services.panel_create(actor=office, org=company["branch_a"], year=2023)


def test_members_need_the_panel_member_role(company, office, panel, secretary_a, judges):
    before = footprint()
    with pytest.raises(InvalidInput, match="panel member role"):
        services.panel_member_add(actor=office, panel=panel, user=secretary_a, department="hr")
    with pytest.raises(Conflict):
        services.panel_member_add(actor=office, panel=panel, user=judges["j1"], department="hr")
    with pytest.raises(NotPermitted):
        other = account_with_role("panel_member", company["root"], username="j4")
        services.panel_member_add(actor=judges["j1"], panel=panel, user=other, department="hr")
    assert footprint() == before


def test_criteria_weights_must_sum_to_100(office, panel, crit):
    before = footprint()
    with pytest.raises(InvalidInput, match="add up to 100"):
        services.criteria_set(
            actor=office, panel=panel, attainment_weight=50, qualitative=[{"name": "党建融合", "weight": 30}]
        )
    with pytest.raises(InvalidInput):
        services.criteria_set(
            actor=office,
            panel=panel,
            attainment_weight=40,
            qualitative=[{"name": "甲", "weight": 30}, {"name": "甲", "weight": 30}],
        )
    assert footprint() == before
    # rename, reweigh and swap names in one go
    services.criteria_set(
        actor=office,
        panel=panel,
        attainment_weight="50",
        qualitative=[
            {"id": crit["fusion"].pk, "name": "示范带动", "weight": "25"},
            {"id": crit["lead"].pk, "name": "党建融合", "weight": "25"},
        ],
    )
    assert sorted(panel.criteria.values_list("name", "weight")) == sorted(
        [(crit["ga"].name, D(50)), ("示范带动", D(25)), ("党建融合", D(25))]
    )


def test_a_scored_criterion_cannot_be_removed(office, judges, panel, crit, inspected):
    project = inspected()
    services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=80)
    with pytest.raises(Conflict, match="党建融合"):
        services.criteria_set(
            actor=office,
            panel=panel,
            attainment_weight=70,
            qualitative=[{"id": crit["lead"].pk, "name": "示范带动", "weight": 30}],
        )


def test_score_save_by_the_member_themself(judges, panel, crit, inspected):
    project = inspected()
    score = services.score_save(
        actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value="85.5", comment="融合好"
    )
    assert (score.member.user, score.value, score.comment) == (judges["j1"], D("85.50"), "融合好")
    services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=90)
    assert Score.objects.get().value == D(90)
    assert AuditLog.objects.filter(object_type="acceptance.score").count() == 2


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("101", InvalidInput),
        ("-1", InvalidInput),
        ("八十", InvalidInput),
        ("80.123", InvalidInput),
        ("NaN", InvalidInput),
    ],
)
def test_score_values_are_0_to_100(judges, panel, crit, inspected, value, error):
    project = inspected()
    before = footprint()
    with pytest.raises(error):
        services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=value)
    assert footprint() == before


def test_who_may_not_score(company, office, secretary_a, member_a, judges, panel, crit, inspected):
    project = inspected()
    outsider_judge = account_with_role("panel_member", company["root"], username="not_seated")
    before = footprint()
    for actor in (office, secretary_a, member_a, outsider_judge):
        with pytest.raises(NotPermitted):
            services.score_save(actor=actor, panel=panel, project=project, criterion=crit["fusion"], value=80)
    assert footprint() == before


def test_only_inspected_or_accepted_projects_of_the_year_and_never_goal_attainment(
    company, judges, panel, crit, inspected
):
    before = footprint()
    running = inspected(state="in_progress")
    last_year = inspected(year=2021, starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 12, 31))
    for project in (running, last_year):
        with pytest.raises(InvalidInput, match="2022"):
            services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=80)
    with pytest.raises(InvalidInput, match="computed"):
        services.score_save(actor=judges["j1"], panel=panel, project=inspected(), criterion=crit["ga"], value=80)
    assert footprint() == before


def test_a_secretary_of_the_owner_org_may_not_score_its_project(company, judges, panel, crit, inspected, office):
    """Conflict of interest: j1 holds branch A's secretary seat, j2 is the responsible secretary of a branch B project.
    Submitting does not wait for the scores they may not give; the final score is the mean of the others."""
    CommitteeSeat.objects.create(org=company["branch_a"], person=judges["j1"].person, role="secretary")
    own = inspected("branch_a", code="A-1")
    other = inspected("branch_b", code="B-1", secretary=judges["j2"].person)
    before = footprint()
    with pytest.raises(NotPermitted, match="answerable"):
        services.score_save(actor=judges["j1"], panel=panel, project=own, criterion=crit["fusion"], value=100)
    with pytest.raises(NotPermitted):
        services.score_save(actor=judges["j2"], panel=panel, project=other, criterion=crit["fusion"], value=100)
    assert footprint() == before
    score_all(
        panel,
        judges,
        crit,
        {"j1": {other: (80, 80)}, "j2": {own: (70, 70)}, "j3": {own: (90, 90), other: (60, 60)}},
    )
    services.panel_submit(actor=office, panel=panel)
    # 40 (goal met) + 0.6 × mean(70, 90) = 88 ; 40 + 0.6 × mean(80, 60) = 82
    results = {r.project_id: (r.final_score, r.scorers) for r in ProjectResult.objects.all()}
    assert results == {own.pk: (D("88.00"), 2), other.pk: (D("82.00"), 2)}


def test_a_secretary_role_over_the_owner_org_is_a_conflict_too(company, judges, panel, crit, inspected):
    from dangjian.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=judges["j3"], role="secretary", org=company["branch_b"])
    with pytest.raises(NotPermitted):
        services.score_save(
            actor=judges["j3"], panel=panel, project=inspected("branch_b"), criterion=crit["lead"], value=70
        )


def test_incomplete_scoring_is_refused_naming_what_is_missing(office, judges, panel, crit, inspected):
    project = inspected(code="QN-2022-009")
    score_all(panel, judges, crit, {"j1": {project: (80, 80)}, "j2": {project: (80, 80)}})
    services.score_save(actor=judges["j3"], panel=panel, project=project, criterion=crit["fusion"], value=80)
    before = footprint()
    with pytest.raises(Conflict) as exc:
        services.panel_submit(actor=office, panel=panel)
    message = exc.value.message
    assert "1" in message and judges["j3"].person.name in message and "QN-2022-009" in message and "示范带动" in message
    assert exc.value.errors["missing"] == [f"{judges['j3'].person.name} · QN-2022-009 · 示范带动"]
    assert footprint() == before


def test_nothing_to_submit_without_projects_or_members(company, office, judges):
    panel = services.panel_create(actor=office, org=company["root"], year=2024)
    with pytest.raises(Conflict, match="no inspected projects"):
        services.panel_submit(actor=office, panel=panel)


def test_scores_are_locked_after_submit(office, judges, panel, crit, inspected):
    project = inspected()
    score_all(panel, judges, crit, {j: {project: (80, 80)} for j in judges})
    with pytest.raises(NotPermitted):
        services.panel_submit(actor=judges["j1"], panel=panel)
    services.panel_submit(actor=office, panel=panel)
    before = footprint()
    with pytest.raises(Conflict, match="locked"):
        services.score_save(actor=judges["j1"], panel=panel, project=project, criterion=crit["fusion"], value=99)
    with pytest.raises(Conflict):
        services.panel_submit(actor=office, panel=panel)
    with pytest.raises(Conflict):
        services.criteria_set(actor=office, panel=panel, attainment_weight=100, qualitative=[])
    with pytest.raises(Conflict):
        services.panel_member_remove(actor=office, member=panel.members.first())
    assert footprint() == before


def test_awards_after_submit_until_locked(office, judges, panel, crit, inspected):
    good = inspected(code="G-1")
    poor = inspected(code="P-1", goals=[("100", "200", None)])
    score_all(panel, judges, crit, {j: {good: (90, 90), poor: (50, 50)} for j in judges})
    with pytest.raises(Conflict, match="submitted"):
        services.awards_set(actor=office, panel=panel, awards={good.pk: "first"})
    services.panel_submit(actor=office, panel=panel)
    before = footprint()
    with pytest.raises(Conflict, match="P-1"):  # 0.6 × 50 = 30: graded fail
        services.awards_set(actor=office, panel=panel, awards={poor.pk: "third"})
    with pytest.raises(InvalidInput):
        services.awards_set(actor=office, panel=panel, awards={good.pk: "gold"})
    with pytest.raises(NotPermitted):
        services.awards_set(actor=judges["j1"], panel=panel, awards={good.pk: "first"})
    assert footprint() == before
    services.awards_set(actor=office, panel=panel, awards={good.pk: "first"})
    assert ProjectResult.objects.get(project=good).award == "first"
    services.panel_lock(actor=office, panel=panel)
    with pytest.raises(Conflict, match="locked"):
        services.awards_set(actor=office, panel=panel, awards={good.pk: ""})


def test_accept_needs_the_locked_result_and_rate_a_grade(office, judges, panel, crit, inspected):
    project = inspected()
    with pytest.raises(Conflict, match="panel"):
        project_transition(actor=office, project=project, action="accept")
    project.refresh_from_db()
    assert project.state == State.INSPECTED
    score_all(panel, judges, crit, {j: {project: (80, 80)} for j in judges})
    services.panel_submit(actor=office, panel=panel)
    project_transition(actor=office, project=project, action="accept")
    project_transition(actor=office, project=project, action="rate", comment="良好")
    project.refresh_from_db()
    assert project.state == State.RATED


def test_rate_is_refused_without_a_grade_or_award(office, judges, panel, crit, inspected):
    project = inspected(state="accepted")
    with pytest.raises(Conflict, match="grade"):
        project_transition(actor=office, project=project, action="rate")
    ProjectResult.objects.create(
        panel=panel, project=project, attainment=0, final_score=0, grade="", rank=1, domain_rank=1, locked_at=None
    )
    with pytest.raises(Conflict):
        project_transition(actor=office, project=project, action="rate")
    project.refresh_from_db()
    assert project.state == State.ACCEPTED
