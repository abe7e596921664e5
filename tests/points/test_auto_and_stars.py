"""Automatic entries (idempotent, withdrawn, from accepted projects), activity share, member and branch stars on
hand-computed cases, and two simultaneous approvals on PostgreSQL."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from dangjian.core import events
from dangjian.core.errors import Conflict
from dangjian.core.services import SYSTEM
from dangjian.points import selectors, services
from dangjian.points.models import MemberStar, PointsEntry, StarPolicy
from dangjian.points.services.stars import branch_stars, member_stars
from dangjian.projects.projects.models import ProjectMember, State
from dangjian.projects.projects.services import project_transition
from tests.factories import PersonFactory
from tests.points.conftest import DAY
from tests.projects.factories import ProjectFactory


def test_auto_award_is_idempotent_per_source_and_person(company, rules):
    person, project = company["person_a"], ProjectFactory(owner=company["branch_a"])
    first = services.auto_award(source="project_role", source_obj=project, person=person, occurred_on=DAY)
    assert first.status == "approved" and first.awarded == Decimal(5) and first.automatic
    assert services.auto_award(source="project_role", source_obj=project, person=person, occurred_on=DAY) is None
    assert PointsEntry.objects.filter(person=person).count() == 1
    other = ProjectFactory(owner=company["branch_a"])
    assert services.auto_award(source="project_role", source_obj=other, person=person, occurred_on=DAY) is not None


def test_auto_withdraw_reverses_and_a_new_award_is_possible(company, rules):
    person, project = company["person_a"], ProjectFactory(owner=company["branch_a"])
    assert services.auto_withdraw(source="project_role", source_obj=project, person=person) is None
    entry = services.auto_award(source="project_role", source_obj=project, person=person, occurred_on=DAY)
    reversal = services.auto_withdraw(source="project_role", source_obj=project, person=person)
    assert reversal.reverses_id == entry.pk and reversal.awarded == Decimal(-5)
    assert services.auto_withdraw(source="project_role", source_obj=project, person=person) is None
    again = services.auto_award(source="project_role", source_obj=project, person=person, occurred_on=DAY)
    assert again is not None and again.pk not in (entry.pk, reversal.pk)


def test_withdrawing_an_entry_a_reviewer_already_reversed_writes_nothing(company, rules):
    person, project = company["person_a"], ProjectFactory(owner=company["branch_a"])
    entry = services.auto_award(source="project_role", source_obj=project, person=person, occurred_on=DAY)
    services.entry_reverse(actor=SYSTEM, entry=entry, reason="申诉成立")
    count = PointsEntry.objects.count()
    assert services.auto_withdraw(source="project_role", source_obj=project, person=person) is None
    assert PointsEntry.objects.count() == count


def test_auto_award_without_rule_or_for_a_non_member_writes_nothing(company):
    project = ProjectFactory(owner=company["branch_a"])
    assert (
        services.auto_award(source="project_role", source_obj=project, person=company["person_a"], occurred_on=DAY)
        is None
    )  # no catalogue yet
    with pytest.raises(ValueError):
        services.auto_award(source="login", source_obj=project, person=company["person_a"], occurred_on=DAY)


def test_auto_award_respects_the_cap(company, rules):
    """PROJECT_LEAD: 5 each, at most 15 a year: the fourth project in a year gives 0."""
    person = company["person_a"]
    got = [
        services.auto_award(
            source="project_role", source_obj=ProjectFactory(owner=company["branch_a"]), person=person, occurred_on=DAY
        ).awarded
        for _ in range(4)
    ]
    assert got == [Decimal(5)] * 3 + [Decimal(0)]


AWARD = "dangjian.points.subscribers.award_project_members"


def test_points_subscribe_to_acceptance_by_name():
    assert AWARD in events.subscribers("project_accepted")


def _refuse(*, project, actor):
    raise Conflict("no")


def test_an_accepted_project_gives_its_members_points_once(company, rules, settings):
    # The acceptance panel's own precondition (scores submitted) is not under test here.
    settings.EVENT_SUBSCRIBERS = {**settings.EVENT_SUBSCRIBERS, "project_accepted": [AWARD]}
    project = ProjectFactory(owner=company["branch_a"], state=State.INSPECTED)
    ProjectMember.objects.create(project=project, person=company["person_a"], role="leader")
    ProjectMember.objects.create(project=project, person=PersonFactory(branch=company["branch_a"]), role="member")
    project_transition(actor=SYSTEM, project=project, action="accept")
    entries = PointsEntry.objects.filter(source_type="projects.project", source_id=str(project.pk))
    assert [e.person_id for e in entries] == [company["person_a"].pk]  # the non-member gets none
    assert entries[0].rule.code == "PROJECT_LEAD"


def test_a_refused_acceptance_writes_no_points(company, rules, settings):
    settings.EVENT_SUBSCRIBERS = {**settings.EVENT_SUBSCRIBERS, "project_accepted": [AWARD, f"{__name__}._refuse"]}
    project = ProjectFactory(owner=company["branch_a"], state=State.INSPECTED)
    ProjectMember.objects.create(project=project, person=company["person_a"], role="leader")
    with pytest.raises(Conflict):
        project_transition(actor=SYSTEM, project=project, action="accept")
    assert not PointsEntry.objects.exists()


def test_activity_share(company, merit_rule, member_a, secretary_a):
    """Two party members (李明 in BA, 王芳 in BB) under ROOT; only 李明 has an approved merit entry → 0.5."""
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert selectors.activity_share(org=company["root"], start=start, end=end) == Decimal(0)
    entry = services.entry_create(
        actor=member_a, person=company["person_a"], rule=merit_rule, occurred_on=DAY, reason="x"
    )
    assert selectors.activity_share(org=company["root"], start=start, end=end) == Decimal(0)  # pending
    services.entry_approve(actor=secretary_a, entry=entry)
    assert selectors.activity_share(org=company["root"], start=start, end=end) == Decimal("0.5")
    assert selectors.activity_share(org=company["branch_b"], start=start, end=end) == Decimal(0)
    assert selectors.activity_share(org=company["group_a"], start=start, end=end) is None
    assert selectors.activity_share(org=company["root"], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)) == 0


POLICY = StarPolicy(two_stars=60, three_stars=80, four_stars=100, five_stars=120, basic_cap=2, veto_cap=1)


@pytest.mark.parametrize(
    ("total", "appraisal", "sanctioned", "stars"),
    [
        ("59.99", "qualified", False, 1),
        ("60", "qualified", False, 2),
        ("80", "qualified", False, 3),
        ("119", "excellent", False, 4),
        ("120", "excellent", False, 5),
        ("130", "qualified", False, 4),  # five stars need 优秀
        ("130", "basic", False, 2),  # 基本合格 caps at 2
        ("130", "unqualified", False, 1),  # 不合格 is a veto
        ("130", "excellent", True, 1),  # a sanction is a veto
        ("70", "basic", False, 2),
    ],
)
def test_member_stars_hand_computed(total, appraisal, sanctioned, stars):
    assert member_stars(total=Decimal(total), appraisal=appraisal, sanctioned=sanctioned, policy=POLICY).stars == stars


def test_stars_recomputed_when_inputs_change_with_history(company, rules, secretary_a, office, run_on_commit):
    person = company["person_a"]
    with run_on_commit():
        services.appraisal_record(actor=secretary_a, person=person, year=2025, appraisal="excellent")
    star = MemberStar.objects.get(person=person, year=2025, current=True)
    assert (star.stars, star.points_total) == (1, Decimal(0))
    for quarter_month in (1, 4, 7):  # 3 × 70 base points = 210, approved as the secretary records them
        with run_on_commit():
            entry = services.entry_create(
                actor=secretary_a,
                person=person,
                rule=rules["BASE"],
                occurred_on=dt.date(2025, quarter_month, 5),
                reason="季度基础分",
            )
        assert entry.status == "approved" and entry.decided_by == secretary_a
    assert MemberStar.objects.get(person=person, year=2025, current=True).stars == 5
    with run_on_commit():
        services.appraisal_record(
            actor=secretary_a, person=person, year=2025, appraisal="excellent", sanctioned=True, veto_note="党内警告"
        )
    current = MemberStar.objects.get(person=person, year=2025, current=True)
    assert current.stars == 1 and current.points_total == Decimal(210)
    assert MemberStar.objects.filter(person=person, year=2025).count() == 5  # 1, 2, 4, 5, then 1: history kept
    assert selectors.star_distribution(org=company["root"], year=2025) == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0}


def test_policy_change_recomputes(company, rules, secretary_a, office, run_on_commit):
    person = company["person_a"]
    services.entry_create(actor=secretary_a, person=person, rule=rules["BASE"], occurred_on=DAY, reason="b")
    with run_on_commit():
        services.appraisal_record(actor=secretary_a, person=person, year=2025, appraisal="qualified")
    assert MemberStar.objects.get(person=person, year=2025, current=True).stars == 2  # 70 ≥ 60
    with run_on_commit():
        services.policy_save(actor=office, company=company["root"], two_stars=Decimal(50), three_stars=Decimal(65))
    assert MemberStar.objects.get(person=person, year=2025, current=True).stars == 3


def test_branch_stars_pass_marks_vetoes_and_going_down(company, office):
    template = services.branch_template_save(actor=office, company=company["root"], year=2024)
    criteria = list(template.criteria.all())
    assert sum(c.max_points for c in criteria) == 100
    full = {c.pk: c.max_points for c in criteria}
    rating = services.branch_rate(actor=office, org=company["branch_a"], year=2024, scores=full)
    assert (rating.total, rating.stars) == (Decimal(100), 5)
    services.branch_template_save(actor=office, company=company["root"], year=2025)
    template25 = company["root"].branch_templates.get(year=2025)
    scores = {c.pk: c.max_points for c in template25.criteria.all()}
    first = template25.criteria.first()
    scores[first.pk] = first.max_points - 12  # 88 → 四星
    assert services.branch_rate(actor=office, org=company["branch_a"], year=2025, scores=scores).stars == 4
    board = selectors.branch_board(user=office, org=company["root"], year=2025)
    assert board[0]["trend"] == "down" and board[0]["before"] == 5
    vetoed = services.branch_rate(
        actor=office, org=company["branch_a"], year=2025, scores=scores, vetoes_found=[template25.veto_list[0]]
    )
    assert vetoed.stars == 0
    assert branch_stars(total=Decimal("74.9"), vetoes_found=[], template=template25) == 0
    assert branch_stars(total=Decimal(75), vetoes_found=[], template=template25) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_give_one(company, merit_rule, member_a, secretary_a, office):
    entry = services.entry_create(
        actor=member_a, person=company["person_a"], rule=merit_rule, occurred_on=DAY, reason="x"
    )
    barrier, results = threading.Barrier(2), []

    def approve(actor):
        try:
            barrier.wait()
            services.entry_approve(actor=actor, entry=entry)
            results.append("approved")
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (secretary_a, office)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["approved", "conflict"]
    assert PointsEntry.objects.get(pk=entry.pk).awarded == Decimal(5)
