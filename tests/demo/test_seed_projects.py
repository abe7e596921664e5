"""The demo's 党建+X projects reproduce seed 000 (68 projects of 2020–2022 by domain, 294 measures, 90-odd sub-plans,
118 tasks, 20 rules revised), show every stage of the lifecycle, carry a history dated when it happened, a locked
2022 panel with ranks and awards, monthly reviews with realistic colours, and load once.

The full demo is seeded once for the whole run and shared with the other modules that read it (tests/demo/world.py);
each test runs in a savepoint.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.accounts.models import User
from dangjian.core.models import AuditLog
from dangjian.demo.data.projects import PROJECTS, G
from dangjian.demo.projects import ProjectSeeder
from dangjian.org.models import Unit
from dangjian.projects.acceptance.models import Criterion, Panel, ProjectResult, Score
from dangjian.projects.effects.selectors import project_effects
from dangjian.projects.projects.models import (
    Goal,
    Measure,
    Project,
    ProjectTransition,
    RuleRevision,
    State,
    SubPlan,
    Task,
)
from dangjian.projects.reviews.models import ProjectReview
from dangjian.projects.reviews.rag import project_rags
from tests.demo.world import TODAY  # the day the shared demo world is seeded as of
from tests.effects.conftest import IndicatorFactory, monthly

D = Decimal
HISTORY = (2020, 2021, 2022)


@pytest.fixture(scope="module")
def demo(demo_world):
    """The full demo (tests/demo/world.py, shared with the other modules that read it); its printed output."""
    return demo_world


@pytest.fixture
def history(demo, db):
    return Project.objects.filter(year__in=HISTORY)


def test_the_68_projects_of_2020_to_2022_by_domain_and_their_plans(demo, history):
    assert "68 of 2020–2022" in demo
    assert history.count() == 68 == len(PROJECTS)
    domains = Counter(history.values_list("domain", flat=True))
    assert (domains["safety_env"], domains["production"], domains["cost"]) == (15, 13, 19)
    assert domains["workforce"] >= 10
    assert domains["innovation"] and domains["reform"] and domains["harmony"]
    assert sum(domains.values()) == 68
    assert Measure.objects.filter(project__in=history).count() == 294
    assert SubPlan.objects.filter(project__in=history).count() >= 90
    assert Task.objects.filter(project__in=history).count() == 118
    assert RuleRevision.objects.filter(project__in=history).count() == 20
    # Every direct org and grassroots branch takes part, every project has goals, measures, a sub-plan and a task.
    assert history.values("owner").distinct().count() == 22
    for model, least in ((Goal, 1), (Measure, 4), (SubPlan, 1), (Task, 1)):
        per_project = Counter(model.objects.filter(project__in=history).values_list("project_id", flat=True))
        assert len(per_project) == 68 and min(per_project.values()) >= least, model.__name__
    # The tasks of finished projects are all done, with evidence.
    assert not Task.objects.filter(project__in=history, done_on__isnull=True).exists()
    assert not Task.objects.filter(project__in=history, evidence="").exists()


def test_every_lifecycle_stage_shows(history):
    states = Counter(Project.objects.values_list("state", flat=True))
    assert set(states) == set(State.values)
    assert Counter(history.values_list("state", flat=True)) == {"rated": 66, "accepted": 2}
    # The reasons of a return, a rejection and a cancellation are in the history.
    for state in ("returned", "rejected", "cancelled"):
        project = Project.objects.get(state=state)
        assert project.transitions.last().to_state == state and project.transitions.last().comment


def test_the_history_is_dated_when_it_happened_and_audited(history):
    project = history.get(year=2022, title__contains="提高电流效率")
    moves = list(project.transitions.order_by("at"))
    assert [t.action for t in moves] == ["submit", "approve", "start", "inspect", "accept", "rate"]
    assert [t.actor_name for t in moves] == ["secretary", "office", "secretary", "office", "office", "office"]
    assert moves[0].at.date() < dt.date(2022, 1, 1) < moves[2].at.date()  # planned the December before
    assert moves[3].at.month == 7 and moves[4].at.date() == dt.date(2022, 12, 30)
    assert moves[-1].at.date().year == 2023
    assert all(t.comment for t in moves[1:])
    # Each move has its audit row, on the same day.
    audited = AuditLog.objects.filter(object_type="projects.project", object_id=str(project.pk), comment__gt="")
    assert sorted(a.at.date() for a in audited) == sorted(t.at.date() for t in moves if t.comment)
    assert not ProjectTransition.objects.filter(project__in=history, at__year__gt=2023).exists()
    # Four projects were sent back once for a higher target before approval.
    returned = ProjectTransition.objects.filter(project__in=history, action="return")
    assert returned.count() == 4


def test_the_2022_panel_is_locked_with_scores_ranks_and_awards(history):
    panel = Panel.objects.get(year=2022)
    assert panel.status == Panel.Status.LOCKED and panel.submitted_at.date() == dt.date(2022, 12, 28)
    members = list(panel.members.select_related("user"))
    assert {m.user.username for m in members} >= {"panel"}
    assert len({m.department for m in members}) == len(members) == 5
    projects = history.filter(year=2022)
    typed = panel.criteria.filter(kind=Criterion.Kind.QUALITATIVE).count()
    assert typed == 2 and panel.criteria.get(kind=Criterion.Kind.GOAL_ATTAINMENT).weight == Decimal(40)
    # Every member scored every project on every qualitative criterion.
    assert Score.objects.filter(member__panel=panel).count() == len(members) * projects.count() * typed
    results = list(ProjectResult.objects.filter(panel=panel).order_by("rank"))
    assert {r.project_id for r in results} == set(projects.values_list("pk", flat=True))
    assert results[0].rank == 1 and all(r.locked_at and r.grade and r.scorers == 5 for r in results)
    assert all(a.final_score >= b.final_score for a, b in zip(results, results[1:], strict=False))
    awards = Counter(r.award for r in results)
    assert (awards["first"], awards["second"], awards["third"], awards["excellent_project"]) == (1, 2, 3, 5)
    # Rated once the awards are locked; the two lowest-ranked are accepted and wait for rating.
    assert {r.project.state for r in results[-2:]} == {"accepted"}
    assert {r.project.state for r in results[:-2]} == {"rated"}
    for year in (2020, 2021):
        assert Panel.objects.get(year=year).results.count() == history.filter(year=year).count()


def test_reviews_colour_the_running_projects_mostly_green(history):
    office = User.objects.get(username="office")
    # 2022 reviewed monthly; 2020 and 2021 at quarter ends.
    per_project = Counter(ProjectReview.objects.filter(project__in=history).values_list("project__year", flat=True))
    assert per_project[2022] >= 24 * 10 and per_project[2020] == 21 * 4
    running = list(Project.objects.filter(state__in=["in_progress", "inspected"]))
    assert len(running) == 8
    levels = Counter(rag.level for rag in project_rags(user=office, projects=running, as_of=TODAY).values())
    assert levels["green"] >= 4 and levels["amber"] >= 2 and 1 <= levels["red"] <= 2
    # A month not yet reviewed is a draft, and a month without a review shows as missing.
    assert ProjectReview.objects.filter(status="draft").count() == 1
    assert not ProjectReview.objects.filter(month__gte=TODAY.replace(day=1)).exists()


def test_the_articles_results_are_read_from_the_demo_production_data(history):
    """The goals whose effects the demo series carry read them, and the effect estimate finds 电解三车间's +0.5 %."""
    linked = Goal.objects.filter(project__in=history, source="series").select_related("indicator", "unit", "project")
    codes = {(g.project.year, g.indicator.code, g.unit.code) for g in linked}
    assert {(2022, "CURRENT_EFF", "QN-DJ3"), (2021, "DEVIATION_V", "QN-DJ4"), (2020, "ANODE_GROSS", "QN-DJ2")} <= codes
    assert {(2022, "AIR_KWH_T", "QN-LY"), (2021, "RAIL_INCOME", "QN-CW"), (2021, "SPARE_PARTS", "QN-FDJX")} <= codes
    efficiency = next(g for g in linked if g.indicator.code == "CURRENT_EFF")
    assert efficiency.baseline < efficiency.target == efficiency.baseline + D("0.5")
    (effect,) = project_effects(user=User.objects.get(username="office"), project=efficiency.project, today=TODAY)
    assert effect.estimate.method == "did" and effect.estimate.ci_low <= D("0.5") <= effect.estimate.ci_high
    assert effect.estimate.significant


def test_a_goal_reads_production_data_when_the_demo_has_it(history):
    """Planned against the data: the baseline is the year before the project, the target keeps the planned change."""
    seeder = ProjectSeeder(today=TODAY)
    unit = Unit.objects.get(code="QN-DJ3")
    efficiency = IndicatorFactory(code="TEST_CE", name="电流效率", unit_of_measure="%", rollup="avg", decimals=2)
    monthly(efficiency, unit, {dt.date(2021, m, 1): Decimal("92.00") for m in range(1, 13)})
    monthly(efficiency, unit, {dt.date(2022, m, 1): Decimal("92.60") for m in range(1, 13)})
    seeder.cast.indicators = {efficiency.code: efficiency}
    goal = G("电流效率", "%", "92.1", "92.6", "93", "92.6", "TEST_CE")
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    fields = seeder.goal_fields(goal, 0, "QN-DJ3", start, end)
    assert fields["source"] == "series" and fields["indicator"] == efficiency and fields["unit"] == unit
    assert (fields["baseline"], fields["target"], fields["direction"]) == (D("92.00"), D("92.50"), "higher")
    # A return for a higher target first asks for four fifths of the change.
    assert seeder.goal_fields(goal, 0, "QN-DJ3", start, end, soften=True)["target"] == D("92.40")
    # A quantity (元, kWh) is planned per month, as its latest actual value is read.
    income = IndicatorFactory(code="TEST_INCOME", name="铁路对外运输收入", unit_of_measure="元")
    monthly(income, unit, {dt.date(2021, m, 1): D(100) for m in range(1, 13)})
    monthly(income, unit, {dt.date(2022, m, 1): D(150) for m in range(1, 13)})
    seeder.cast.indicators[income.code] = income
    planned = seeder.goal_fields(G("收入", "元/月", "90", "140", "", "", "TEST_INCOME"), 1, "QN-DJ3", start, end)
    assert (planned["source"], planned["baseline"], planned["target"]) == ("series", D(100), D(150))
    # Without data at the unit, the goal is entered in the reviews with the plan's own numbers.
    other = seeder.goal_fields(goal, 0, "QN-DJ1", start, end)
    assert other["source"] == "review" and (other["baseline"], other["target"]) == (D("92.1"), D("92.6"))


def test_seeding_again_changes_nothing(history, monkeypatch):
    monkeypatch.setenv("DJANGO_LANGUAGE", "en")  # the console's messages in English
    counts = {m.__name__: m.objects.count() for m in (Project, Task, ProjectReview, Score, AuditLog)}
    out = StringIO()
    call_command("seed_demo", today=TODAY.isoformat(), quiet=True, stdout=out, capabilities="none")
    assert "already loaded" in out.getvalue() and "projects" not in out.getvalue()
    assert {m.__name__: m.objects.count() for m in (Project, Task, ProjectReview, Score, AuditLog)} == counts
