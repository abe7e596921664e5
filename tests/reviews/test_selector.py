"""The RAG selector over stored reviews, actual values and tasks: the same answer as the pure functions, the latest
submitted review only, scope respected, a fixed number of queries."""

import datetime as dt
from decimal import Decimal as D

import pytest

from dangjian.projects.reviews import rag
from dangjian.projects.reviews.selectors import rag_projects
from tests.projects.factories import GoalFactory, ProjectFactory, TaskFactory
from tests.reviews.conftest import make_review

pytestmark = pytest.mark.django_db


def test_judges_the_latest_submitted_review(project, goals, logins):
    series, entered = goals["series"], goals["entered"]
    make_review(project, dt.date(2022, 1, 1), actuals={series: D("92.0"), entered: D("1")})
    make_review(project, dt.date(2022, 2, 1), actuals={series: D("92.1"), entered: D("2")})
    make_review(project, dt.date(2022, 3, 1), submitted=False, actuals={series: D("80")})  # a draft: not judged
    projects = list(rag_projects(user=logins["secretary"]))
    result = rag.project_rags(user=logins["secretary"], projects=projects, as_of=dt.date(2022, 3, 10))[project.pk]
    # February: 电流效率 expected 92.1 + 0.5 × 2/12 = 92.18333…; (92.1 − 92.18333…) ÷ 0.5 = −0.1666… → amber
    #           党员攻坚课题 expected 0 + 12 × 2/12 = 2 → on the line
    assert result.review_month == dt.date(2022, 2, 1)
    assert [(g.goal_id, g.level) for g in result.goals] == [(series.pk, rag.AMBER), (entered.pk, rag.GREEN)]
    assert result.goals[0].deviation.quantize(D("0.0001")) == D("-0.1667")
    assert result.level == rag.AMBER  # the task due 03-31 is not overdue on 03-10; February's review is there
    assert [f.kind for f in result.flags] == [rag.GOAL]

    # judged on 2022-04-01: March (only a draft) is missing and the 03-31 task is a day overdue
    later = rag.project_rags(user=logins["secretary"], projects=projects, as_of=dt.date(2022, 4, 1))[project.pk]
    assert [(f.level, f.kind) for f in later.flags] == [
        (rag.AMBER, rag.GOAL),
        (rag.AMBER, rag.TASK),
        (rag.AMBER, rag.REVIEW),
    ]
    assert later.missing == [dt.date(2022, 3, 1)]


def test_scope_and_running_projects_only(project, company, logins):
    ProjectFactory(owner=company["branch_b"], state="in_progress")
    ProjectFactory(owner=company["branch_a"], state="proposed")
    assert [p.pk for p in rag_projects(user=logins["secretary"])] == [project.pk]
    assert [p.pk for p in rag_projects(user=logins["member"])] == [project.pk]
    assert len(rag_projects(user=logins["office"])) == 2
    assert [p.pk for p in rag_projects(user=logins["office"], org="BA")] == [project.pk]
    assert list(rag_projects(user=logins["secretary"], org="BB")) == []  # an org out of scope gives nothing
    assert list(rag_projects(user=logins["member"], action="change")) == []


@pytest.mark.parametrize("n", [3, 30])
def test_query_count_is_flat(company, logins, django_assert_num_queries, n):
    for _ in range(n):
        p = ProjectFactory(owner=company["branch_a"], state="in_progress")
        g = GoalFactory(project=p)
        TaskFactory(project=p, due_on=dt.date(2022, 2, 1))
        for m in (1, 2):
            make_review(p, dt.date(2022, m, 1), actuals={g: D("92.2")})
    projects = list(rag_projects(user=logins["office"]))
    # submitted reviews, the latest ones' actuals, overdue tasks, and the companies' go-live dates
    with django_assert_num_queries(4):
        results = rag.project_rags(user=logins["office"], projects=projects, as_of=dt.date(2022, 3, 5))
    assert len(results) == n
    assert {r.level for r in results.values()} == {rag.RED}  # the task is 32 days overdue
