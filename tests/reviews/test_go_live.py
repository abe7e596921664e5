"""Reviews count from the company's go-live date (PartyOrg.go_live), never before: a month before go-live is not a
missing review (not on the project page, not in GET /projects/rag, not reminded). The project (BA's 2022 project)
started in January; the company went live on 2022-10-01."""

import datetime as dt

import pytest

from dangjian.core import months
from dangjian.core.models import Notification
from dangjian.org.models import PartyOrg
from dangjian.projects.reviews import rag, services
from tests.api.conftest import ApiClient
from tests.projects.factories import ProjectFactory
from tests.reviews.conftest import make_review

pytestmark = pytest.mark.django_db
GO_LIVE = dt.date(2022, 10, 1)


@pytest.fixture
def live(company):
    PartyOrg.objects.filter(pk=company["root"].pk).update(go_live=GO_LIVE)


def test_missing_months_stop_at_the_first_month_counted():
    project = ProjectFactory.build(starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31))
    as_of = dt.date(2022, 12, 1)
    before = rag.missing_months(project=project, reviewed=set(), as_of=as_of)
    assert len(before) == 11
    after = rag.missing_months(project=project, reviewed=set(), as_of=as_of, since=dt.date(2022, 10, 1))
    assert [months.label(m) for m in after] == ["2022-11", "2022-10"]
    assert rag.check_reviews(project=project, reviewed=set(), as_of=dt.date(2022, 10, 5), since=GO_LIVE) is None


def test_the_project_page_offers_no_month_before_go_live(browse, project, logins, live):
    html = browse(logins["secretary"]).get(f"/projects/{project.pk}/").content.decode()
    # the period is over: December, November, October are due; September and before were before go-live
    assert html.count('data-testid="write-due"') == 3
    assert "No review has been submitted for 3 months in a row (2022-10 to 2022-12)." in html


def test_rag_api_lists_no_month_before_go_live(client, project, logins, live):
    caller = ApiClient(client, logins["secretary"])
    caller.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = caller.get("/projects/rag", month="2022-09")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["missing_months"] == [] and "review" not in [f["kind"] for f in item["flags"]]
    october = caller.get("/projects/rag", month="2022-10").json()["items"][0]
    assert october["missing_months"] == ["2022-10"]


def test_no_reminder_for_a_month_before_go_live(project, logins, live):
    assert services.reminders_send(today=dt.date(2022, 10, 5)) == 0  # September: before go-live
    assert not Notification.objects.filter(kind=services.REMINDER_KIND).exists()
    assert services.reminders_send(today=dt.date(2022, 11, 5)) == 1  # October is counted
    make_review(project, dt.date(2022, 11, 1))
    assert services.reminders_send(today=dt.date(2022, 12, 5)) == 0
