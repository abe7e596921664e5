"""The acceptance arithmetic on hand-computed Decimal examples: weights, means over members, goal attainment from
actual values, grades at their thresholds, and competition ranks (1, 2, 2, 4) overall and per domain."""

from decimal import Decimal

import pytest

from dangjian.projects.acceptance import scoring, services
from dangjian.projects.acceptance.models import Grade, ProjectResult
from tests.acceptance.conftest import score_all

D = Decimal


def test_capped_goal_attainment_from_baseline_target_and_actual():
    # higher is better: (92.35 − 92.1) ÷ (92.6 − 92.1) = 50 %
    assert scoring.capped_attainment(baseline=D("92.1"), target=D("92.6"), actual=D("92.35"), higher=True) == D("50.0")
    # lower is better: (10 − 9) ÷ (10 − 8) = 50 %
    assert scoring.capped_attainment(baseline=D(10), target=D(8), actual=D(9), higher=False) == D("50.0")
    # 160 % is capped to 120 %, −40 % to 0 %; no actual value attains nothing
    assert scoring.capped_attainment(baseline=D(100), target=D(200), actual=D(260), higher=True) == D(120)
    assert scoring.capped_attainment(baseline=D(100), target=D(200), actual=D(60), higher=True) == D(0)
    assert scoring.capped_attainment(baseline=D(100), target=D(200), actual=None, higher=True) == D(0)
    # the mean over goals, rounded to 0.01: (100 + 50.3 + 20) ÷ 3 = 56.7666… → 56.77
    assert scoring.project_attainment([D(100), D("50.3"), D(20)]) == D("56.77")
    assert scoring.project_attainment([]) == D("0.00")


def test_final_score_is_the_mean_over_members_of_the_weighted_sum():
    weights = {"ga": D(40), "fusion": D(30), "lead": D(30)}
    members = [{"fusion": D(80), "lead": D(90)}, {"fusion": D(85), "lead": D(75)}, {"fusion": D(90), "lead": D(80)}]
    # each member: 0.4 × 75 + 0.3 × fusion + 0.3 × lead → 81, 78, 81; mean 80
    assert scoring.final_score(weights=weights, member_scores=members, attainment_key="ga", attainment=D(75)) == D(
        "80.00"
    )
    # rounding happens once, at the end, half up: totals 80.01 and 80.00 → 80.005 → 80.01
    two = [{"q": D("80.01")}, {"q": D("80.00")}]
    assert scoring.final_score(weights={"q": D(100)}, member_scores=two) == D("80.01")
    # goal attainment alone (no typed criteria): the members do not matter
    assert scoring.final_score(
        weights={"ga": D(100)}, member_scores=[], attainment_key="ga", attainment=D("112.5")
    ) == D("112.50")


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90.00", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.PASS),
        ("60", Grade.PASS),
        ("59.99", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_grades_at_their_thresholds(score, grade):
    thresholds = {"excellent_from": D(90), "good_from": D(80), "pass_from": D(60)}
    assert scoring.grade_for(D(score), **thresholds) == grade


def test_competition_ranks_share_and_skip():
    assert scoring.competition_ranks({"a": D(90), "b": D(80), "c": D(80), "d": D(70)}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }
    assert scoring.competition_ranks({"a": D(50), "b": D(50), "c": D(50)}) == {"a": 1, "b": 1, "c": 1}
    by_domain = scoring.ranks_within(
        {"a": D(90), "b": D(85), "c": D(85), "d": D(70), "e": D(95)},
        {"a": "x", "b": "x", "c": "x", "d": "x", "e": "y"},
    )
    assert by_domain == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 1}


def test_panel_submit_computes_locked_results_by_hand(office, company, judges, panel, crit, inspected):
    """Weights: goal attainment 40, 党建融合 30, 示范带动 30; grades 90 / 80 / 60.

    P1 (branch A, production): goals 92.1 → 92.6 at 92.6 (100 %) and 10 → 8 lower-is-better at 9 (50 %): 75.00.
      members 0.4×75 + 0.3×s1 + 0.3×s2: j1 (80, 90) 81, j2 (85, 75) 78, j3 (90, 80) 81 → 80.00, good (at the threshold).
    P2 (branch B, cost): goal 100 → 200 at 260 (160 %, capped 120): 120.00.
      j1 (70, 60) 87, j2 (65, 75) 90, j3 (75, 60.5) 88.65 → 265.65 ÷ 3 = 88.55, good.
    P3 (branch A, production): its goal has no actual value yet: 0.00.
      j1 (90, 90) 54, j2 (88, 92) 54, j3 (90, 90) 54 → 54.00, fail.
    Ranks: P2 1, P1 2, P3 3; in their domains: P1 1, P3 2 (production), P2 1 (cost)."""
    p1 = inspected("branch_a", goals=[("92.1", "92.6", "92.6"), ("10", "8", "9", "lower")], code="A-1")
    p2 = inspected("branch_b", goals=[("100", "200", "260")], domain="cost", code="B-1")
    p3 = inspected("branch_a", goals=[("100", "200", None)], code="A-2")
    score_all(
        panel,
        judges,
        crit,
        {
            "j1": {p1: (80, 90), p2: (70, 60), p3: (90, 90)},
            "j2": {p1: (85, 75), p2: (65, 75), p3: (88, 92)},
            "j3": {p1: (90, 80), p2: (75, "60.5"), p3: (90, 90)},
        },
    )
    services.panel_submit(actor=office, panel=panel)
    got = {
        r.project_id: (r.attainment, r.final_score, r.grade, r.rank, r.domain_rank, r.scorers)
        for r in ProjectResult.objects.all()
    }
    assert got == {
        p1.pk: (D("75.00"), D("80.00"), Grade.GOOD, 2, 1, 3),
        p2.pk: (D("120.00"), D("88.55"), Grade.GOOD, 1, 1, 3),
        p3.pk: (D("0.00"), D("54.00"), Grade.FAIL, 3, 2, 3),
    }
    detail = ProjectResult.objects.get(project=p1).detail
    assert [g["attainment"] for g in detail["goals"]] == ["100.0", "50.0"]
    assert [(c["name"], c["value"]) for c in detail["criteria"]] == [
        ("目标达成度", "75.00"),  # the default criterion is named in the site's language
        ("党建融合", "85.00"),
        ("示范带动", "81.67"),
    ]
    panel.refresh_from_db()
    assert panel.status == "submitted" and panel.submitted_at is not None
    assert all(r.locked_at for r in ProjectResult.objects.all())


def test_ties_share_a_rank_overall_and_in_the_domain(office, company, judges, panel, crit, inspected):
    """Four projects, goal attainment 100 % each (40 points): finals 40 + 0.6 × s when both criteria get s.
    s = 90, 80, 80, 70 → 94, 88, 88, 82 → ranks 1, 2, 2, 4. Domains: production {94, 88, 82} → 1, 2, 3;
    cost {88} → 1."""
    projects = [
        inspected("branch_a", code="T-1"),
        inspected("branch_a", code="T-2"),
        inspected("branch_b", code="T-3", domain="cost"),
        inspected("branch_b", code="T-4"),
    ]
    marks = dict(zip(projects, (90, 80, 80, 70), strict=True))
    score_all(panel, judges, crit, {j: {p: (s, s) for p, s in marks.items()} for j in judges})
    services.panel_submit(actor=office, panel=panel)
    rows = {
        r.project.code: (r.final_score, r.rank, r.domain_rank) for r in ProjectResult.objects.select_related("project")
    }
    assert rows == {
        "T-1": (D("94.00"), 1, 1),
        "T-2": (D("88.00"), 2, 2),
        "T-3": (D("88.00"), 2, 1),
        "T-4": (D("82.00"), 4, 3),
    }


def test_configured_thresholds_grade_the_results(office, company, judges, panel, crit, inspected):
    services.panel_update(actor=office, panel=panel, excellent_from=D(85), good_from=D(75), pass_from=D(50))
    p = inspected("branch_a", code="G-1")
    score_all(panel, judges, crit, {j: {p: (75, 75)} for j in judges})  # 40 + 45 = 85
    services.panel_submit(actor=office, panel=panel)
    assert ProjectResult.objects.get(project=p).grade == Grade.EXCELLENT
