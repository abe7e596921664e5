"""The home page's "needs your action" section (reviews due, red and amber projects, overdue tasks, unread reminders,
scoped to the projects the user may change). Reminders are notifications: their page is in
tests/core/test_notifications.py."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from dangjian.core.notifications.services import notify
from dangjian.projects.projects.models import State
from dangjian.projects.reviews import services
from tests.projects.factories import GoalFactory, ProjectFactory, TaskFactory
from tests.reviews.conftest import make_review

pytestmark = pytest.mark.django_db


def remind(user, project, month=dt.date(2022, 3, 1)):
    (reminder,) = notify(
        recipients=[user],
        kind=services.REMINDER_KIND,
        subject=services.REMINDER_SUBJECT,
        text=f"{project.code} {month:%Y-%m} review due",
        link="/x/",
        about=project,
        key=f"{services.REMINDER_KIND}:{project.pk}:{month:%Y-%m}",
    )
    return reminder


def home(client):
    return client.get(reverse("home")).content.decode()


def test_secretary_sees_what_needs_action(browse, project, logins):
    remind(logins["secretary"], project)
    html = home(browse(logins["secretary"]))
    assert 'data-testid="home-actions"' in html
    # the period ended in 2022 with no review at all: December is due, twelve months missing
    assert 'data-testid="home-reviews-due"' in html and "12 months missing" in html
    assert f"/reviews/project/{project.pk}/2022/12/" in html
    assert 'data-testid="home-flagged"' in html and 'data-rag="red"' in html
    assert 'data-testid="home-overdue"' in html and "Task “修订操作规程” was due on 2022-03-31" in html
    assert f"{project.code} 2022-03 review due" in html


def test_nothing_to_do(browse, project, goals, logins):
    project.tasks.update(done_on=dt.date(2022, 3, 1), evidence="done")
    for m in range(1, 13):
        make_review(project, dt.date(2022, m, 1), actuals={goals["entered"]: D(m)})
    html = home(browse(logins["secretary"]))
    assert 'data-testid="nothing-to-do"' in html
    assert 'data-testid="home-flagged"' not in html


@pytest.mark.parametrize("who", ["member", "committee"])
def test_readers_get_no_section(browse, project, logins, who):
    assert 'data-testid="home-actions"' not in home(browse(logins[who]))


def test_reader_with_a_reminder_sees_it(browse, project, logins):
    remind(logins["member"], project)
    html = home(browse(logins["member"]))
    assert 'data-testid="home-reminders"' in html and 'data-testid="home-flagged"' not in html


def test_other_branch_sees_nothing_of_ours(browse, project, logins, company):
    html = home(browse(logins["other"]))
    assert 'data-testid="nothing-to-do"' in html and project.code not in html
    # 党群工作部 above both sees it
    assert project.code in home(browse(logins["office"]))


def test_lists_are_bounded(browse, company, logins):
    for _ in range(12):
        p = ProjectFactory(owner=company["branch_a"], state=State.IN_PROGRESS)
        TaskFactory(project=p, due_on=dt.date(2022, 1, 10))
    html = home(browse(logins["secretary"]))
    overdue = html[html.index('data-testid="home-overdue"') :]
    assert overdue[: overdue.index("</ul>")].count("was due on 2022-01-10") == 8
    assert html.count('<span class="badge text-bg-secondary">12</span>') == 3  # due, flagged, overdue: 12 each


@pytest.mark.parametrize("user", ["office", "secretary"])
def test_home_query_count_is_flat(browse, company, logins, django_assert_max_num_queries, user):
    client = browse(logins[user])

    def grow(n):
        for _ in range(n):
            p = ProjectFactory(owner=company["branch_a"], state=State.IN_PROGRESS)
            g = GoalFactory(project=p)
            TaskFactory(project=p, due_on=dt.date(2022, 2, 1))
            make_review(p, dt.date(2022, 1, 1), actuals={g: D("92.2")})
            remind(logins[user], p)

    grow(3)
    with django_assert_max_num_queries(40) as few:  # the foundation, reviews and each capability's home section
        assert client.get(reverse("home")).status_code == 200
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


# --- reminders ------------------------------------------------------------------------------------------------------


def test_mark_read_with_htmx_and_without(browse, project, logins):
    mine = remind(logins["secretary"], project)
    client = browse(logins["secretary"])
    response = client.post(reverse("core:notification_read", args=[mine.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert f"{project.code} 2022-03 review due" not in home(client)
    other = remind(logins["secretary"], project, month=dt.date(2022, 4, 1))
    response = client.post(reverse("core:notification_read", args=[other.pk]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.post(reverse("core:notification_read", args=[other.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("core:notifications")


def test_someone_elses_reminder_is_404(browse, project, logins):
    theirs = remind(logins["office"], project)
    assert browse(logins["secretary"]).post(reverse("core:notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
