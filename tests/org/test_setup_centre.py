"""The set-up centre (基础设置): the office sees, per capability, what is configured and what is missing, counted in
its own company only; every app's setup.py keeps the contract; other roles are refused."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.org import setup_centre
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg
from tests.factories import PartyOrgFactory, PersonFactory, UnitFactory


def test_every_setup_module_keeps_the_contract(company, office):
    for app in setup_centre.SETUP_APPS:
        module = setup_centre.setup_module(app)
        if module is None:
            continue
        for item in module.setup_items(office):
            assert set(item) >= set(setup_centre.KEYS), (app, item)
            assert isinstance(item["count"], int) and isinstance(item["done"], bool), (app, item)
            assert item["url"] is None or item["url"].startswith("/"), (app, item)


def _org_items(user) -> dict:
    with translation.override("en"):
        section = next(s for s in setup_centre.sections(user) if s.app == "org")
        return {str(item["label"]): item for item in section.items}


def test_org_lines_follow_the_company_from_empty_to_set_up(company, office):
    items = _org_items(office)
    assert items["Committees with a secretary"]["done"] is False
    assert items["Branches linked to production units"]["count"] == 0
    for branch in (company["branch_a"], company["branch_b"]):
        OrgUnitLink.objects.create(org=branch, unit=company["workshop"])
    for org in PartyOrg.objects.exclude(kind="group"):
        person = PersonFactory(branch=company["branch_a"] if org.kind == "committee" else org, member=True)
        CommitteeSeat.objects.create(org=org, person=person, role="secretary")
    items = _org_items(office)
    assert items["Branches linked to production units"] == {
        **items["Branches linked to production units"],
        "done": True,
    }
    assert items["Committees with a secretary"]["done"] is True


def test_counts_stay_inside_the_company(company, office):
    before = _org_items(office)
    other_root = PartyOrgFactory(code="ZR", kind="committee")
    PartyOrgFactory(code="ZB", parent=other_root)
    OrgUnitLink.objects.create(org=other_root, unit=UnitFactory(code="ZU", kind="company"))
    PersonFactory.create_batch(3, branch=PartyOrg.objects.get(code="ZB"))
    after = _org_items(office)
    assert {k: v["count"] for k, v in after.items()} == {k: v["count"] for k, v in before.items()}


def test_page_for_the_office_only(client, company, office, secretary_a, django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("org:setup"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="setup-org"' in page and 'data-testid="setup-accounts"' in page
    assert reverse("org:setup") in page  # in the navigation
    client.force_login(secretary_a)
    assert client.get(reverse("org:setup")).status_code == 403


@pytest.mark.parametrize("app", ["meetings", "service", "posts", "accounts"])
def test_capability_lines_show(company, office, app):
    assert any(s.app == app for s in setup_centre.sections(office))
