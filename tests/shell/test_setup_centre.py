"""The set-up centre (基础设置): the office sees, per capability, what is configured and what is missing, counted in
its own company only; every app's setup.py keeps the contract and is read through the registry in app order; other
roles are refused; the page's old address under /org/ redirects for good."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.core import capabilities
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg
from dangjian.shell import setup_centre
from tests.factories import PartyOrgFactory, PersonFactory, UnitFactory


def test_every_setup_module_keeps_the_contract(company, office):
    modules = list(capabilities.capability_modules("setup"))
    assert len(modules) >= 9
    for module in modules:
        for item in module.setup_items(office):
            assert set(item) >= set(setup_centre.KEYS), (module.__name__, item)
            assert isinstance(item["count"], int) and isinstance(item["done"], bool), (module.__name__, item)
            assert item["url"] is None or item["url"].startswith("/"), (module.__name__, item)


def test_the_sections_are_the_registry_s_on_a_new_company_s_path(company, office):
    """The org tree and people (STEP 10), then their accounts (STEP 20), then the rest in INSTALLED_APPS order."""
    assert capabilities.capability_apps("setup") == [
        "accounts",
        "org",
        "indicators",
        "value",
        "meetings",
        "service",
        "points",
        "posts",
        "recruitment",
        "dues",
        "transfers",
        "handbook",
        "assessment",
    ]
    order = [name.split(".")[-1] for name in capabilities.project_apps()]
    shown = [section.app for section in setup_centre.sections(office)]
    assert shown[:2] == ["org", "accounts"] and shown[2:] == sorted(shown[2:], key=order.index)


def test_an_app_with_a_setup_module_needs_no_list_to_show(company, office, monkeypatch):
    fake = SimpleNamespace(
        __name__="dangjian.posts.setup",
        setup_items=lambda user: [{"label": "Drills", "count": 0, "done": False, "url": None, "hint": "", "x": 1}],
    )
    monkeypatch.setattr(setup_centre, "capability_modules", lambda name: iter([fake]) if name == "setup" else iter([]))
    [section] = setup_centre.sections(office)
    assert section.app == "posts" and section.items == [
        {"label": "Drills", "count": 0, "done": False, "url": None, "hint": ""}
    ]
    broken = SimpleNamespace(__name__="dangjian.posts.setup", setup_items=lambda user: [{"label": "Drills"}])
    monkeypatch.setattr(setup_centre, "capability_modules", lambda name: iter([broken]))
    with pytest.raises(ValueError, match="lacks count"):
        setup_centre.sections(office)


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
    client.get(reverse("home"))  # the first page after signing in also saves the session (once a minute)
    # A fixed number per app's set-up lines, whatever the company holds (12 apps with lines).
    with django_assert_max_num_queries(44):
        response = client.get(reverse("setup"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="setup-org"' in page and 'data-testid="setup-accounts"' in page
    assert reverse("setup") == "/setup/" and 'href="/setup/"' in page  # in the navigation
    client.force_login(secretary_a)
    assert client.get(reverse("setup")).status_code == 403


def test_the_old_address_redirects_for_good(client, company, office):
    client.force_login(office)
    response = client.get("/org/setup/")
    assert response.status_code == 301 and response["Location"] == "/setup/"


@pytest.mark.parametrize("app", ["meetings", "service", "posts", "accounts"])
def test_capability_lines_show(company, office, app):
    assert any(s.app == app for s in setup_centre.sections(office))
