"""Production unit pages: the unit tree (with covering orgs, scoped) and create/edit for the party office."""

import pytest
from django.urls import reverse

from dangjian.org.models import OrgUnitLink, Unit
from tests.factories import UnitFactory, account_with_role


@pytest.fixture
def as_role(request, login):
    def make(name):
        return login(request.getfixturevalue(name) if name else None)

    return make


@pytest.fixture
def coverage(company):
    OrgUnitLink.objects.create(org=company["branch_a"], unit=company["workshop"])
    OrgUnitLink.objects.create(org=company["branch_b"], unit=company["workshop"])


@pytest.mark.parametrize(
    ("role", "orgs_seen", "can_add"),
    [
        ("office", {"BA", "BB"}, True),
        ("secretary_a", {"BA"}, False),
        ("secretary_b", {"BB"}, False),
        ("member_a", {"BA"}, False),
    ],
)
def test_unit_tree_by_role(company, coverage, as_role, role, orgs_seen, can_add):
    response = as_role(role).get(reverse("org:units"))
    assert response.status_code == 200
    [root] = response.context["roots"]
    assert root.node.code == "CO" and root.children[0].node.code == "W1"
    assert {o.code for o in root.children[0].node.covering_orgs} == orgs_seen
    assert response.context["can_add"] is can_add


def test_unit_tree_anonymous_is_sent_to_login(company, login):
    response = login(None).get(reverse("org:units"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_unit_tree_forbidden_to_system_roles(company, login):
    assert login(account_with_role("security_admin", None)).get(reverse("org:units")).status_code == 403


def test_unit_tree_greys_inactive_units(company, office, login):
    UnitFactory(parent=company["workshop"], name="停产班组", active=False, kind="team")
    html = login(office).get(reverse("org:units")).content.decode()
    assert 'class="dj-dissolved" data-testid="unit-node"' in html and "停产班组" in html


def test_unit_tree_query_count_is_flat(company, coverage, office, login, django_assert_max_num_queries):
    client = login(office)
    with django_assert_max_num_queries(9) as few:  # 9: the units of the user's company
        client.get(reverse("org:units"))
    for i in range(30):
        unit = UnitFactory(parent=company["workshop"], kind="team")
        OrgUnitLink.objects.create(org=company["branch_a" if i % 2 else "branch_b"], unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("org:units")).status_code == 200


def test_office_creates_and_edits_a_unit(company, office, login):
    client = login(office)
    response = client.post(
        reverse("org:unit_create"),
        {
            "parent": company["workshop"].pk,
            "code": "T1",
            "name": "甲班",
            "kind": "team",
            "active": "on",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="T1")
    assert unit.parent == company["workshop"]
    response = client.post(
        reverse("org:unit_edit", args=[unit.pk]), {"code": "T1", "name": "甲班（改）", "kind": "team", "sort_order": 1}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "甲班（改）" and unit.active is False


@pytest.mark.parametrize("role", ["secretary_a", "member_a"])
def test_unit_forms_forbidden_without_grant(company, as_role, role):
    client = as_role(role)
    assert client.get(reverse("org:unit_create")).status_code == 403
    assert client.get(reverse("org:unit_edit", args=[company["workshop"].pk])).status_code == 403


def test_unit_create_shows_duplicate_code_on_the_form(company, office, login):
    response = login(office).post(
        reverse("org:unit_create"),
        {"parent": company["unit"].pk, "code": "W1", "name": "x", "kind": "workshop", "sort_order": 0},
    )
    assert response.status_code == 200 and "code" in response.context["form"].errors


def test_unit_tree_unfolds_deeper_levels_on_demand(company, office, login):
    team = UnitFactory(parent=company["workshop"], kind="team", code="T1")
    UnitFactory(parent=team, kind="shift_crew", code="S1", name="甲班横大班")
    client = login(office)
    response = client.get(reverse("org:units"))
    [root] = response.context["roots"]
    [t1] = root.children[0].children
    assert t1.truncated and t1.children == []
    assert "甲班横大班" not in response.content.decode()
    assert "甲班横大班" in client.get(reverse("org:unit_tree_node", args=[team.pk])).content.decode()
