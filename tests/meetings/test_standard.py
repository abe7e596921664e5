"""Standard catalogues installed with one click (meeting rules, points rules and star policy, the 双百分 template,
holidays) and the company's go-live date, which compliance never counts before."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.errors import NotPermitted
from dangjian.core.models import AuditLog
from dangjian.meetings import compliance
from dangjian.meetings.models import MeetingRule
from dangjian.points.models import PointsRule, StarPolicy
from dangjian.service.models import CalendarDay
from dangjian.shell import standard
from tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def test_meeting_rules_install_once_and_are_audited(company, office):
    root = company["root"]
    assert standard.install_standard_meeting_rules(actor=office, company=root) == 8
    assert standard.install_standard_meeting_rules(actor=office, company=root) == 0
    assert MeetingRule.objects.filter(company=root).count() == 8
    assert AuditLog.objects.filter(object_type="meetings.meetingrule", action="create").count() == 8


def test_a_secretary_may_not_install(company, secretary_a):
    with pytest.raises(NotPermitted):
        standard.install_standard_meeting_rules(actor=secretary_a, company=company["root"])


def test_points_rules_and_star_policy(company, office):
    added = standard.install_standard_points(actor=office, company=company["root"], valid_from=dt.date(2026, 1, 1))
    assert added == 14  # 13 rules (DRILL for drills and member lectures among them) and the star policy
    assert PointsRule.objects.filter(company=company["root"]).count() == 13
    assert StarPolicy.objects.get(company=company["root"]).five_stars == 120


def test_assessment_template_has_5_classes_and_33_items(company, office):
    template = standard.install_standard_assessment(actor=office, company=company["root"], year=2026)
    assert template.categories.count() == 5
    assert sum(c.items.count() for c in template.categories.all()) == 33


def test_holidays_of_2026_come_from_the_package_and_2027_is_said_missing(company, office):
    rows = standard.holidays(2026)
    assert (dt.date(2026, 10, 1), "holiday", "国庆节") in rows
    assert (dt.date(2026, 2, 14), "workday", "春节调休") in rows
    assert all(day.weekday() < 5 for day, kind, _n in rows if kind == "holiday")
    added = standard.install_standard_holidays(actor=office, years=[2026])
    assert added == len(rows) == CalendarDay.objects.count()
    assert standard.install_standard_holidays(actor=office, years=[2026]) == 0


def test_page_shows_then_installs(client, company, office, django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("standard"))
    assert page.status_code == 200
    assert "QNDL" not in page.content.decode()
    response = client.post(reverse("standard"), {"install": "meetings"})
    assert response.status_code == 302
    assert MeetingRule.objects.filter(company=company["root"]).count() == 8
    client.post(reverse("standard"), {"install": "go_live", "go_live": "2026-03-01"})
    company["root"].refresh_from_db()
    assert company["root"].go_live == dt.date(2026, 3, 1)


def test_nothing_is_due_before_the_go_live_date(company, office):
    branch = company["branch_a"]
    branch.founded_on = dt.date(2015, 1, 1)
    branch.save()
    today = dt.date(2026, 12, 6)
    before = compliance.org_year(branch, 2026, today)
    themed = next(r for r in before if r.meeting_type == "themed_day")
    assert [s.state for s in themed.states[:3]] == ["missing", "missing", "missing"]
    standard.company_go_live_set(actor=office, company=company["root"], go_live=dt.date(2026, 6, 1))
    branch.refresh_from_db()
    after = compliance.org_year(branch, 2026, today)
    themed = next(r for r in after if r.meeting_type == "themed_day")
    assert [s.state for s in themed.states[:5]] == ["not_due"] * 5
    assert themed.states[5].state == "missing"


def test_a_catalogue_refused_to_the_page_s_user_is_said_as_a_message(client, company):
    """The page is the company's meeting rules keeper's; each other catalogue needs its own capability's grant, and a
    refusal of one of them comes back as a message on the page, not as the 403 page."""
    secretary = account_with_role("secretary", company["root"], username="sec_root")
    client.force_login(secretary)
    assert client.get(reverse("standard")).status_code == 200
    response = client.post(reverse("standard"), {"install": "points"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.redirect_chain == [(reverse("standard"), 302)] and response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not PointsRule.objects.filter(company=company["root"]).exists()
