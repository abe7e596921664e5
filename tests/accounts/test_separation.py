"""三员分立: the system, security and audit administrators each see only their own pages and no business data."""

import pytest
from django.urls import reverse

from dangjian.org.models import PartyOrg, Person, Unit

ADMIN_PAGES = {"accounts:list", "accounts:roles", "core:audit"}
BUSINESS_PAGES = ["org:tree", "org:people", "org:units"]


@pytest.mark.parametrize(
    "who, pages",
    [
        ("sys_admin", {"accounts:list"}),
        ("sec_admin", {"accounts:list", "accounts:roles"}),  # reads accounts to pick whom to give a role
        ("audit_admin", {"core:audit"}),
        ("office", set()),
        ("member_a", set()),
    ],
)
def test_navigation_offers_each_role_only_its_own_admin_pages(request, login_as, company, who, pages):
    client = login_as(request.getfixturevalue(who))
    nav = {name for name, _label in client.get(reverse("home")).context["nav"]}
    assert nav & ADMIN_PAGES == pages
    for name in ADMIN_PAGES:
        assert client.get(reverse(name)).status_code == (200 if name in pages else 403), name


@pytest.mark.parametrize("who", ["sys_admin", "sec_admin", "audit_admin"])
def test_system_administrators_see_no_business_data(request, login_as, company, who):
    admin = request.getfixturevalue(who)
    for model in (PartyOrg, Person, Unit):
        assert not model.objects.restrict(admin, "view").exists(), model
    client = login_as(admin)
    nav = {name for name, _label in client.get(reverse("home")).context["nav"]}
    assert not nav & set(BUSINESS_PAGES)
    for name in BUSINESS_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
