"""Review pages × roles: the project page's section and its goal "Actual" column, the review form (goals read from
production data read-only with how they were computed), the record once submitted, refusals, flat query counts."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.projects.projects.models import State
from dangjian.projects.reviews.models import ProjectReview
from tests.projects.factories import GoalFactory, ProjectFactory, TaskFactory
from tests.reviews.conftest import make_review

pytestmark = pytest.mark.django_db


def review_url(project, year=2022, month=3):
    return reverse("reviews:review", kwargs={"pk": project.pk, "year": year, "month": month})


def detail(project):
    return reverse("projects:detail", args=[project.pk])


# --- the project page -----------------------------------------------------------------------------------------------


def test_project_page_lists_reviews_with_colours_and_fills_the_actual_column(browse, project, goals, logins):
    series, entered = goals["series"], goals["entered"]
    make_review(project, dt.date(2022, 1, 1), actuals={series: D("92.15"), entered: D("1")})
    make_review(project, dt.date(2022, 2, 1), actuals={series: D("92.0"), entered: D("2")}, held_at="2月主题党日")
    make_review(project, dt.date(2022, 3, 1), submitted=False, actuals={entered: D("9")})
    html = browse(logins["member"]).get(detail(project)).content.decode()
    assert 'data-testid="reviews"' in html
    assert "2022-02" in html and "2月主题党日" in html and "Draft" in html
    # January: 92.15 against 92.1416… → green; February: 92.0 against 92.1833… → (−0.3667) red
    assert html.count('data-rag="green"') >= 1 and 'data-rag="red"' in html
    # the Actual column shows February's submitted values (the March draft does not count)
    assert '<span class="text-danger fw-semibold"' in html and ">92</span>" in html
    assert ">2</span>" in html and ">9</span>" not in html
    # a member reads but writes nothing
    assert "write-due" not in html and "write-this-month" not in html


def test_secretary_is_offered_the_missing_months(browse, project, logins):
    make_review(project, dt.date(2022, 10, 1))
    html = browse(logins["secretary"]).get(detail(project)).content.decode()
    # the period is over: December, then November, are due (two in a row: red)
    assert html.count('data-testid="write-due"') == 2
    assert review_url(project, 2022, 12) in html and review_url(project, 2022, 11) in html
    assert "No review has been submitted for 2 months in a row (2022-11 to 2022-12)." in html


def test_this_months_review_button_for_a_project_running_now(browse, company, logins):
    today = timezone.localdate()
    project = ProjectFactory(
        owner=company["branch_a"],
        state=State.IN_PROGRESS,
        year=today.year,
        starts_on=today.replace(day=1),
        ends_on=today.replace(year=today.year + 1),
    )
    html = browse(logins["secretary"]).get(detail(project)).content.decode()
    assert 'data-testid="write-this-month"' in html
    assert review_url(project, today.year, today.month) in html
    # the first month has not ended: nothing is missing
    assert 'data-testid="write-due"' not in html


def test_projects_not_running_show_reviews_without_buttons(browse, project, logins):
    make_review(project, dt.date(2022, 12, 1))
    project.state = State.ACCEPTED
    project.save()
    html = browse(logins["secretary"]).get(detail(project)).content.decode()
    assert "2022-12" in html and "write-" not in html


# --- the review page ------------------------------------------------------------------------------------------------


def test_form_shows_entered_fields_and_computed_series(browse, project, goals, logins, smelter_march):
    response = browse(logins["secretary"]).get(review_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="review-form"' in html
    assert f'name="goal_{goals["entered"].pk}"' in html
    assert f'name="goal_{goals["series"].pk}"' not in html
    assert "the average weighted by 铝产量 = 92.2" in html
    assert "92.225" in html  # 电流效率 expected in March
    assert "1 of 2 tasks done by the end of 2022-03; 0 overdue." in html  # task progress, prefilled


def test_save_a_draft_then_submit(browse, project, goals, logins, smelter_march):
    client = browse(logins["secretary"])
    field = f"goal_{goals['entered'].pk}"
    data = {
        "narrative": "稳步推进",
        "held_at": "3月支委会",
        field: "3",
        "task_progress": "",
        "problems": "",
        "next_steps": "",
    }
    response = client.post(review_url(project), {**data, "save": "1"})
    assert response.status_code == 302 and response["Location"] == detail(project)
    review = ProjectReview.objects.get()
    assert review.status == "draft" and review.actuals.get(goal=goals["entered"]).value == D("3")
    # submitting without the goal's value is refused on the form, nothing changes
    response = client.post(review_url(project), {**data, field: "", "submit": "1"})
    assert response.status_code == 400
    assert "Enter the actual value" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "draft" and review.actuals.get(goal=goals["entered"]).value == D("3")
    response = client.post(review_url(project), {**data, "submit": "1"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "submitted"
    # the record: no form any more, the values and how they were computed
    html = client.get(review_url(project)).content.decode()
    assert 'data-testid="review-form"' not in html and 'data-testid="review-record"' in html
    assert "稳步推进" in html and "= 92.2" in html
    # and a POST to it is a conflict
    response = client.post(review_url(project), {**data, "submit": "1"})
    assert response.status_code == 409 and "can no longer be changed" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "committee"])
def test_readers_see_the_record_and_may_not_post(browse, project, goals, logins, who):
    make_review(project, dt.date(2022, 3, 1), actuals={goals["entered"]: D("3")})
    client = browse(logins[who])
    html = client.get(review_url(project)).content.decode()
    assert 'data-testid="review-record"' in html and 'data-testid="review-form"' not in html
    before = AuditLog.objects.count()
    assert client.post(review_url(project), {"narrative": "x", "submit": "1"}).status_code == 403
    assert AuditLog.objects.count() == before


def test_reader_of_a_month_without_review(browse, project, logins):
    html = browse(logins["member"]).get(review_url(project, 2022, 5)).content.decode()
    assert 'data-testid="review-missing"' in html


@pytest.mark.parametrize(("year", "month"), [(2021, 12), (2023, 1), (2022, 13), (2022, 0)])
def test_months_outside_the_period_do_not_exist(browse, project, logins, year, month):
    assert browse(logins["secretary"]).get(f"/reviews/project/{project.pk}/{year}/{month}/").status_code == 404


def test_other_branch_gets_404(browse, project, logins):
    client = browse(logins["other"])
    assert client.get(review_url(project)).status_code == 404
    assert client.post(review_url(project), {"narrative": "x"}).status_code == 404
    assert not ProjectReview.objects.exists()


def test_anonymous_is_sent_to_login(client, project):
    assert client.get(review_url(project)).status_code == 302


# --- query counts ---------------------------------------------------------------------------------------------------


@pytest.fixture
def long_project(company):
    """A 2020–2022 project with two goals and three tasks (36 months to review)."""
    project = ProjectFactory(
        owner=company["branch_a"], state=State.IN_PROGRESS, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2022, 12, 31)
    )
    goals = [GoalFactory(project=project, order=i) for i in range(2)]
    for day in (1, 2, 3):
        TaskFactory(project=project, due_on=dt.date(2021, 1, day))
    return project, goals


@pytest.mark.parametrize("n", [3, 30])
def test_pages_query_counts_are_flat(browse, logins, long_project, django_assert_max_num_queries, n):
    project, goals = long_project
    for i in range(n):
        month = dt.date(2020 + i // 12, i % 12 + 1, 1)
        make_review(project, month, actuals={g: D("92.3") for g in goals})
    client = browse(logins["secretary"])
    # Warm the process-wide caches (content types, translation catalogues) so the count below is the page's own,
    # whichever tests ran before in this worker.
    client.get(detail(project))
    client.get(review_url(project, 2020, 2))
    # the project page's own 14 (tests/projects), +1 the user menu's name (this login has a person), +1 the
    # acceptance result, +2 this section: reviews and their actual values, +1 the company's go-live date (no review
    # is missing before it), +2 the measured effect (the project in scope, its goals read from production data)
    with django_assert_max_num_queries(21):
        response = client.get(detail(project))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="rag"') >= n
    with django_assert_max_num_queries(12):
        assert client.get(review_url(project, 2020, 2)).status_code == 200


def test_running_projects_by_colour_scoped_filtered_and_bounded(
    browse, company, project, logins, django_assert_max_num_queries
):
    """The list the cockpit's colour counts open: the running projects in the viewer's scope, each with its colour
    and reasons, one colour at a time; another branch's running project stays out of a secretary's list."""
    other = ProjectFactory(owner=company["branch_b"], state=State.IN_PROGRESS, title="发电节能项目")
    ProjectFactory(owner=company["branch_a"], state=State.PROPOSED, title="未立项的项目")  # not running
    office, secretary = browse(logins["office"]), browse(logins["secretary"])
    with django_assert_max_num_queries(14):
        page = office.get(reverse("reviews:rag")).content.decode()
    assert project.title in page and other.title in page and "未立项的项目" not in page
    levels = re.findall(r'data-testid="rag-row" data-level="(\w+)"', page)
    assert len(levels) == 2 and levels == sorted(levels, key=lambda level: {"red": 0, "amber": 1, "green": 2}[level])
    mine = secretary.get(reverse("reviews:rag")).content.decode()
    assert project.title in mine and other.title not in mine
    assert other.title not in secretary.get(reverse("reviews:rag"), {"org": "BB"}).content.decode()
    for level in ("red", "amber", "green"):
        shown = office.get(reverse("reviews:rag"), {"level": level}).content.decode()
        assert re.findall(r'data-testid="rag-row" data-level="(\w+)"', shown) == [x for x in levels if x == level]
