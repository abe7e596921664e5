"""Org pages (tree, org page, create/edit/dissolve, health, 换届) for each kind of user."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.org.models import CommitteeSeat, PartyOrg
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role

ROLES = ["office", "secretary_a", "secretary_b", "member_a", None]


@pytest.fixture
def as_role(request, login):
    """as_role(name) -> a client logged in as that fixture's user (None = anonymous)."""

    def make(name):
        return login(request.getfixturevalue(name) if name else None)

    return make


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- tree ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "seen", "hidden"),
    [
        ("office", {"公司党委", "电解一车间党支部", "发电党支部", "甲班党小组"}, set()),
        ("secretary_a", {"电解一车间党支部", "甲班党小组"}, {"公司党委", "发电党支部"}),
        ("secretary_b", {"发电党支部"}, {"公司党委", "电解一车间党支部", "甲班党小组"}),
        ("member_a", {"电解一车间党支部", "甲班党小组"}, {"发电党支部"}),
    ],
)
def test_tree_shows_only_orgs_in_scope(company, as_role, role, seen, hidden):
    response = as_role(role).get(reverse("org:tree"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in seen:
        assert name in html
    for name in hidden:
        assert name not in html


def test_tree_anonymous_is_sent_to_login(company, login):
    assert_login_redirect(login(None).get(reverse("org:tree")))


def test_tree_is_forbidden_to_system_roles(company, login):
    assert login(account_with_role("system_admin", None)).get(reverse("org:tree")).status_code == 403


def test_tree_greys_dissolved_orgs_and_counts_members(company, office, login):
    PartyOrgFactory(
        parent=company["root"],
        name="临时党支部X",
        kind="temporary_branch",
        status="dissolved",
        dissolved_on=dt.date(2024, 1, 1),
    )
    html = login(office).get(reverse("org:tree")).content.decode()
    assert 'class="dj-dissolved"' in html and "临时党支部X" in html
    roots = login(office).get(reverse("org:tree")).context["roots"]
    counts = {i.node.code: i.members for i in [roots[0], *roots[0].children, *roots[0].children[0].children]}
    # the committee's subtree holds person_a and person_b; the group shows person_a without counting her twice
    assert counts["ROOT"] == 2 and counts["BA"] == 1 and counts["GA"] == 1


def test_tree_query_count_is_flat(company, office, login, django_assert_max_num_queries):
    client = login(office)
    # session, user, role assignments, the tree (one query), and the session save
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("org:tree"))
    for i in range(30):
        PartyOrgFactory(parent=company["branch_b"] if i % 2 else company["root"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("org:tree")).status_code == 200


# --- org page --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("office", 200), ("secretary_a", 200), ("secretary_b", 404), ("member_a", 200)]
)
def test_org_page_by_role(company, as_role, role, status):
    response = as_role(role).get(reverse("org:detail", args=[company["branch_a"].pk]))
    assert response.status_code == status
    if status == 200:
        assert "电解一车间党支部" in response.content.decode()


def test_org_page_anonymous_is_sent_to_login(company, login):
    assert_login_redirect(login(None).get(reverse("org:detail", args=[company["branch_a"].pk])))


def test_org_page_shows_committee_counts_groups_units_and_roll(company, office, login):
    branch = company["branch_a"]
    CommitteeSeat.objects.create(org=branch, person=company["person_a"], role="secretary")
    branch.unit_links.create(unit=company["workshop"])
    PersonFactory(
        branch=branch,
        party_status="activist",
        applied_on=dt.date(2023, 1, 1),
        activist_on=dt.date(2023, 6, 1),
        name="赵积极",
    )
    response = login(office).get(reverse("org:detail", args=[branch.pk]))
    html = response.content.decode()
    assert response.context["d"].status_counts == {"member": 1, "activist": 1}
    assert "甲班党小组" in html and "电解一车间" in html and "赵积极" in html
    assert response.context["d"].seats[0].person == company["person_a"]
    assert "138****5678" in html and "13812345678" not in html


def test_member_sees_own_branch_public_page_without_the_roll(company, member_a, login):
    other = PersonFactory(branch=company["branch_a"], name="同支部某人")
    CommitteeSeat.objects.create(org=company["branch_a"], person=company["person_a"], role="secretary")
    response = login(member_a).get(reverse("org:detail", args=[company["branch_a"].pk]))
    html = response.content.decode()
    assert [p.pk for p in response.context["d"].people] == [company["person_a"].pk]
    assert other.name not in html and 'data-testid="roll"' not in html
    assert 'data-testid="seats"' in html and not response.context["can_change"]


def test_roll_lists_full_members_first_and_committee_secretary_first(company, office, login):
    branch = company["branch_a"]
    applicant = PersonFactory(
        branch=branch, employee_no="A0001", party_status="applicant", applied_on=dt.date(2024, 1, 1)
    )
    CommitteeSeat.objects.create(org=branch, person=applicant, role="publicity_officer")
    CommitteeSeat.objects.create(org=branch, person=company["person_a"], role="secretary")
    detail = login(office).get(reverse("org:detail", args=[branch.pk])).context["d"]
    assert [p.pk for p in detail.people] == [company["person_a"].pk, applicant.pk]
    assert [s.role for s in detail.seats] == ["secretary", "publicity_officer"]


def test_org_page_hides_ancestors_out_of_scope(company, secretary_a, login):
    response = login(secretary_a).get(reverse("org:detail", args=[company["group_a"].pk]))
    assert [a.code for a in response.context["d"].ancestors] == ["BA"]
    assert "公司党委" not in response.content.decode()


def test_org_page_shows_its_warnings(company, office, login):
    html = login(office).get(reverse("org:detail", args=[company["branch_a"].pk])).content.decode()
    assert 'data-testid="warning-too_few_members"' in html


def test_org_page_query_count_is_flat(company, office, login, grow, django_assert_max_num_queries):
    client = login(office)
    url = reverse("org:detail", args=[company["root"].pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    grow(30)
    for _ in range(10):
        PartyOrgFactory(parent=company["root"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- create / edit / dissolve ----------------------------------------------------------------------------------------


def test_office_creates_an_org(company, office, login):
    client = login(office)
    assert client.get(reverse("org:create") + f"?parent={company['root'].pk}").status_code == 200
    response = client.post(
        reverse("org:create"),
        {"parent": company["root"].pk, "code": "BC", "name": "检测中心党支部", "kind": "branch", "sort_order": 3},
    )
    org = PartyOrg.objects.get(code="BC")
    assert response.status_code == 302 and response["Location"] == reverse("org:detail", args=[org.pk])
    assert org.parent == company["root"]
    assert AuditLog.objects.filter(action="create", object_type="org.partyorg", object_id=str(org.pk)).exists()


@pytest.mark.parametrize("role", ["secretary_a", "member_a"])
def test_create_is_forbidden_without_add(company, as_role, role):
    assert as_role(role).get(reverse("org:create")).status_code == 403


def test_create_refuses_a_parent_out_of_scope(company, login):
    # an office over branch B only cannot put an org under branch A (not even among the choices)
    office_b = account_with_role("party_office", company["branch_b"])
    response = login(office_b).post(
        reverse("org:create"), {"parent": company["branch_a"].pk, "code": "X1", "name": "x", "kind": "group"}
    )
    assert response.status_code == 200 and "parent" in response.context["form"].errors
    assert not PartyOrg.objects.filter(code="X1").exists()


def test_create_shows_service_errors_on_the_form(company, office, login):
    response = login(office).post(
        reverse("org:create"),
        {
            "parent": company["root"].pk,
            "code": "BD",
            "name": "x",
            "kind": "branch",
            "term_start": "2025-01-01",
            "term_end": "2024-01-01",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "term_end" in response.context["form"].errors


@pytest.mark.parametrize(
    ("role", "status"), [("office", 200), ("secretary_a", 200), ("secretary_b", 404), ("member_a", 403)]
)
def test_edit_page_by_role(company, as_role, role, status):
    assert as_role(role).get(reverse("org:edit", args=[company["branch_a"].pk])).status_code == status


def test_secretary_edits_own_branch_but_cannot_move_it(company, secretary_a, login):
    client = login(secretary_a)
    url = reverse("org:edit", args=[company["branch_a"].pk])
    assert "parent" not in client.get(url).context["form"].fields
    response = client.post(
        url,
        {
            "code": "BA",
            "name": "电解一车间党支部（新）",
            "kind": "branch",
            "term_start": "2024-01-01",
            "term_end": "2027-01-01",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    company["branch_a"].refresh_from_db()
    assert company["branch_a"].name == "电解一车间党支部（新）"


def test_office_moves_an_org(company, office, login):
    response = login(office).post(
        reverse("org:edit", args=[company["group_a"].pk]),
        {"parent": company["branch_b"].pk, "code": "GA", "name": "甲班党小组", "kind": "group", "sort_order": 0},
    )
    assert response.status_code == 302
    company["group_a"].refresh_from_db()
    assert company["group_a"].parent == company["branch_b"]


def test_dissolve_refused_while_people_remain_then_done(company, office, login):
    client = login(office)
    temp = PartyOrgFactory(parent=company["root"], kind="temporary_branch", code="TMP")
    person = PersonFactory(branch=temp)
    response = client.post(reverse("org:dissolve", args=[temp.pk]), {"on": "2025-03-01"}, follow=True)
    assert "Move its people" in response.content.decode()
    person.active = False
    person.save()
    client.post(reverse("org:dissolve", args=[temp.pk]), {"on": "2025-03-01"})
    temp.refresh_from_db()
    assert temp.status == "dissolved" and temp.dissolved_on == dt.date(2025, 3, 1)


def test_dissolve_out_of_scope_is_404(company, secretary_b, login):
    response = login(secretary_b).post(reverse("org:dissolve", args=[company["branch_a"].pk]), {"on": "2025-03-01"})
    assert response.status_code == 404


# --- health and 换届 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "seen", "hidden"),
    [
        ("office", {"电解一车间党支部", "发电党支部"}, set()),
        ("secretary_a", {"电解一车间党支部"}, {"发电党支部"}),
        ("secretary_b", {"发电党支部"}, {"电解一车间党支部"}),
        ("member_a", {"电解一车间党支部"}, {"发电党支部"}),
    ],
)
def test_health_page_is_scoped(company, as_role, role, seen, hidden):
    response = as_role(role).get(reverse("org:health"))
    assert response.status_code == 200
    orgs = {w.org.name for w in response.context["page"].object_list}
    assert seen <= orgs and not (hidden & orgs)


def test_health_page_filters_by_kind(company, office, login):
    response = login(office).get(reverse("org:health") + "?kind=too_few_members")
    assert {w.kind for w in response.context["page"].object_list} == {"too_few_members"}


@pytest.mark.parametrize(
    ("role", "seen", "hidden"),
    [
        ("office", {"BA", "BB"}, set()),
        ("secretary_a", {"BA"}, {"BB"}),
        ("secretary_b", {"BB"}, {"BA"}),
        ("member_a", {"BA"}, {"BB"}),
    ],
)
def test_terms_page_is_scoped(company, as_role, role, seen, hidden):
    soon = timezone.localdate() + dt.timedelta(days=30)
    PartyOrg.objects.filter(code__in=["BA", "BB"]).update(term_end=soon)
    response = as_role(role).get(reverse("org:terms"))
    codes = {org.code for org, _, _ in response.context["rows"]}
    assert seen <= codes and not (hidden & codes)


def test_terms_page_shows_overdue_and_missing(company, office, login):
    PartyOrg.objects.filter(code="BA").update(term_end=timezone.localdate() - dt.timedelta(days=5))
    PartyOrg.objects.filter(code="BB").update(term_end=None)
    client = login(office)
    html = client.get(reverse("org:terms")).content.decode()
    assert "overdue by 5 days" in html
    missing = client.get(reverse("org:terms") + "?missing=1").context["rows"]
    assert [org.code for org, _, _ in missing] == ["BB"]


@pytest.mark.parametrize("name", ["org:health", "org:terms"])
def test_health_and_terms_anonymous_is_sent_to_login(company, login, name):
    assert_login_redirect(login(None).get(reverse(name)))


@pytest.mark.parametrize("name", ["org:health", "org:terms"])
def test_health_and_terms_query_counts_are_flat(company, office, login, django_assert_max_num_queries, name):
    client = login(office)
    soon = timezone.localdate() + dt.timedelta(days=10)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse(name))
    for _ in range(30):
        PartyOrgFactory(parent=company["root"], term_end=soon)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_tree_unfolds_deeper_levels_on_demand(company, office, login):
    general = PartyOrgFactory(parent=company["root"], kind="general_branch", code="GB")
    branch = PartyOrgFactory(parent=general, code="GB1")
    group = PartyOrgFactory(parent=branch, kind="group", code="GB1G", name="深层党小组")
    PersonFactory(branch=branch, group=group, member=True)
    client = login(office)
    response = client.get(reverse("org:tree"))
    [gb] = [i for i in response.context["roots"][0].children if i.node.code == "GB"]
    [gb1] = gb.children
    assert gb1.truncated and gb1.children == [] and gb1.members == 1
    assert "深层党小组" not in response.content.decode()
    assert reverse("org:tree_node", args=[branch.pk]) in response.content.decode()
    html = client.get(reverse("org:tree_node", args=[branch.pk])).content.decode()
    assert "深层党小组" in html and "1 member" in html


def test_tree_node_is_scoped(company, secretary_a, login):
    client = login(secretary_a)
    assert client.get(reverse("org:tree_node", args=[company["root"].pk])).status_code == 404
    assert "甲班党小组" in client.get(reverse("org:tree_node", args=[company["branch_a"].pk])).content.decode()
