"""The role-aware home page."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory, account_with_role


@pytest.fixture(autouse=True)
def terms_far_away(company):
    """The factories' term end (2027-01-01) may fall within 90 days of the day the tests run: move it away."""
    PartyOrg.objects.update(term_end=dt.date(2099, 1, 1))


@pytest.fixture
def as_role(request, login):
    def make(name):
        return login(request.getfixturevalue(name) if name else None)

    return make


def chart(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="status-chart-data" type="application/json">') + len(
        '<script id="status-chart-data" type="application/json">'
    )
    return {d["name"]: d["value"] for d in json.loads(html[start : html.index("</script>", start)])}


def test_office_sees_company_numbers_warnings_tree_and_chart(company, office, login, grow):
    grow(2)
    response = login(office).get(reverse("home"))
    ctx = response.context
    assert ctx["org_count"] == 4
    assert ctx["counts"]["total"] == 4 and ctx["counts"]["member"] == 4
    assert {(w.org.code, w.kind) for w in ctx["warnings"]} == {("BB", "too_few_members")}
    assert chart(response)["full member"] == 4
    html = response.content.decode()
    assert "echarts-6.0.0/echarts.min.js" in html and 'data-testid="home-tree"' in html
    assert 'data-testid="admin-links"' not in html


def test_home_lists_term_warnings(company, office, login):
    PartyOrg.objects.filter(code="ROOT").update(term_end=timezone.localdate())
    warnings = login(office).get(reverse("home")).context["warnings"]
    assert ("ROOT", "term_due") in {(w.org.code, w.kind) for w in warnings}


@pytest.mark.parametrize(("role", "people", "warned"), [("secretary_a", 1, {"BA"}), ("secretary_b", 1, {"BB"})])
def test_secretary_sees_only_their_subtree(company, as_role, role, people, warned):
    response = as_role(role).get(reverse("home"))
    ctx = response.context
    assert ctx["counts"]["total"] == people
    assert {w.org.code for w in ctx["warnings"]} == warned
    assert {item.node.code for item in ctx["roots"]} == {"BA" if role == "secretary_a" else "BB"}


def test_member_sees_own_record_and_branch_only(company, member_a, login):
    response = login(member_a).get(reverse("home"))
    html = response.content.decode()
    assert "overview" not in response.context or not response.context["overview"]
    assert response.context["person"] == company["person_a"]
    assert 'data-testid="person-card"' in html and 'data-testid="my-branch"' in html
    assert "电解一车间党支部" in html and "发电党支部" not in html and "王芳" not in html
    assert "status-chart" not in html


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("system_admin", ["/accounts/"]),
        ("security_admin", ["/accounts/", "/accounts/roles/"]),
        ("audit_admin", ["/core/audit/"]),
    ],
)
def test_system_roles_see_admin_links_only(company, login, role, links):
    response = login(account_with_role(role, None)).get(reverse("home"))
    assert [href for href, _ in response.context["admin_links"]] == links
    html = response.content.decode()
    assert "status-chart" not in html and 'data-testid="home-tree"' not in html and "李明" not in html


def test_home_anonymous_is_sent_to_login(company, login):
    response = login(None).get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_user_without_roles_is_told_so(db, login):
    user = account_with_role("member", None)
    user.role_assignments.all().delete()
    assert "has no role yet" in login(user).get(reverse("home")).content.decode()


def test_home_query_count_is_flat(company, office, member_a, login, grow, django_assert_max_num_queries):
    for user in (office, member_a):
        client = login(user)
        with django_assert_max_num_queries(30) as few:  # the overview plus each capability's home section
            client.get(reverse("home"))
        grow(30)
        for _ in range(10):
            PartyOrgFactory(parent=company["root"])
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(reverse("home")).status_code == 200


def test_panel_member_sees_the_org_tree_without_numbers(company, login):
    panel = account_with_role("panel_member", company["root"], person=company["person_b"])
    response = login(panel).get(reverse("home"))
    html = response.content.decode()
    assert 'data-testid="home-tree"' in html and "发电党支部" in html
    assert "status-chart" not in html and "has no role yet" not in html
    assert "person" not in response.context  # no grant on people, not even on their own record
