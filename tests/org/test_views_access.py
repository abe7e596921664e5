"""Every org page against every kind of user: the party office, a secretary in scope (branch A), a secretary out of
scope (branch B), a member of branch A, and an anonymous visitor. Objects are branch A, person A and workshop W1."""

import pytest
from django.urls import reverse

ROLES = ("office", "secretary_a", "secretary_b", "member_a")

# url name, the object it takes, expected status for each of ROLES
PAGES = [
    ("home", None, (200, 200, 200, 200)),
    ("org:tree", None, (200, 200, 200, 200)),
    ("org:tree_node", "branch_a", (200, 200, 404, 200)),
    ("org:detail", "branch_a", (200, 200, 404, 200)),
    ("org:edit", "branch_a", (200, 200, 404, 403)),
    ("org:create", None, (200, 403, 403, 403)),
    ("org:health", None, (200, 200, 200, 200)),
    ("org:terms", None, (200, 200, 200, 200)),
    ("org:people", None, (200, 200, 200, 200)),
    ("org:people_export", None, (200, 200, 200, 403)),
    ("org:person_create", None, (200, 200, 200, 403)),
    ("org:person", "person_a", (200, 200, 404, 200)),
    ("org:person_edit", "person_a", (200, 200, 404, 403)),
    ("org:units", None, (200, 200, 200, 200)),
    ("org:unit_tree_node", "unit", (200, 200, 200, 200)),
    ("org:unit_create", None, (200, 403, 403, 403)),
    ("org:unit_edit", "workshop", (200, 403, 403, 403)),
]
POSTS = [
    ("org:dissolve", "branch_a", {"on": "2025-01-01"}, (302, 302, 404, 403)),
    ("org:person_status", "person_a", {"to_status": "non_member", "on": "2099-01-01"}, (302, 302, 404, 403)),
]


def url(company, name, obj):
    return reverse(name, args=[company[obj].pk]) if obj else reverse(name)


@pytest.mark.parametrize(("name", "obj", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("index", range(len(ROLES)), ids=ROLES)
def test_page_status_by_role(request, company, login, name, obj, expected, index):
    client = login(request.getfixturevalue(ROLES[index]))
    assert client.get(url(company, name, obj)).status_code == expected[index]


@pytest.mark.parametrize(("name", "obj", "data", "expected"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("index", range(len(ROLES)), ids=ROLES)
def test_post_status_by_role(request, company, login, name, obj, data, expected, index):
    client = login(request.getfixturevalue(ROLES[index]))
    assert client.post(url(company, name, obj), data).status_code == expected[index]


@pytest.mark.parametrize(("name", "obj"), [(p[0], p[1]) for p in PAGES + POSTS], ids=[p[0] for p in PAGES + POSTS])
def test_anonymous_is_sent_to_login(company, login, name, obj):
    response = login(None).get(url(company, name, obj))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_get_on_post_only_pages_is_refused(company, office, login):
    assert login(office).get(url(company, "org:dissolve", "branch_a")).status_code == 405
