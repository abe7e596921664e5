import pytest
from django.urls import reverse

from dangjian.accounts.models import User
from dangjian.core.models import AuditLog
from tests.factories import TEST_PASSWORD, RoleAssignmentFactory, UserFactory, account_with_role

GOOD = "bright-lantern-4417"

# Who may open the account pages: (fixture, list, create/change). None = anonymous.
MATRIX = [
    (None, "login", "login"),
    ("member_a", 403, 403),
    ("secretary_a", 403, 403),
    ("office", 403, 403),
    ("sys_admin", 200, 200),
    ("sec_admin", 200, 403),  # reads accounts to pick whom to give a role; changes none
    ("audit_admin", 403, 403),
]


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who, list_status, change_status", MATRIX)
def test_who_may_open_the_account_pages(request, login_as, company, who, list_status, change_status):
    user = request.getfixturevalue(who) if who else None
    target = UserFactory(username="target")
    client = login_as(user)
    _expect(client.get(reverse("accounts:list")), list_status)
    _expect(client.get(reverse("accounts:create")), change_status)
    _expect(client.get(reverse("accounts:set_password", args=[target.pk])), change_status)
    response = client.post(reverse("accounts:set_active", args=[target.pk]), {"active": "0"})
    _expect(response, 302 if change_status == 200 else change_status)
    target.refresh_from_db()
    assert target.is_active is (change_status != 200)


def _create_accounts(n: int, company) -> None:
    for i in range(n):
        account_with_role("member", company["branch_a"], username=f"bulk{i:03d}")


@pytest.mark.parametrize("rows", [3, 30])
def test_account_list_queries_stay_flat(login_as, sys_admin, company, django_assert_max_num_queries, rows):
    _create_accounts(rows, company)
    client = login_as(sys_admin)
    # session, user, roles, count, page, prefetched roles, session save (with its savepoint pair)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:list"))
    assert len(response.context["page"].object_list) == rows + 1


def test_account_list_shows_roles_and_searches(login_as, sys_admin, company):
    account_with_role("secretary", company["branch_a"], person=company["person_a"], username="liming")
    UserFactory(username="other")
    client = login_as(sys_admin)
    html = client.get(reverse("accounts:list")).content.decode()
    assert "liming" in html and "李明" in html and company["branch_a"].name in html
    for q in ["limi", "李明", company["person_a"].employee_no]:
        names = [u.username for u in client.get(reverse("accounts:list"), {"q": q}).context["page"]]
        assert names == ["liming"], q


def test_account_list_search_by_htmx_returns_only_the_table(login_as, sys_admin):
    UserFactory(username="liming")
    response = login_as(sys_admin).get(reverse("accounts:list"), {"q": "limi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "liming" in html


def test_account_list_is_paginated_by_50(login_as, sys_admin):
    for i in range(60):
        UserFactory(username=f"u{i:03d}")
    client = login_as(sys_admin)
    page1 = client.get(reverse("accounts:list"))
    assert len(page1.context["page"].object_list) == 50
    page2 = client.get(reverse("accounts:list"), {"page": 2})
    assert len(page2.context["page"].object_list) == 11  # 60 + the administrator


def test_create_account_linked_to_a_person(login_as, sys_admin, company):
    client = login_as(sys_admin)
    person = company["person_a"]
    response = client.post(
        reverse("accounts:create"),
        {"username": "liming", "employee_no": person.employee_no, "password1": GOOD, "password2": GOOD},
    )
    assert response.status_code == 302
    account = User.objects.get(username="liming")
    assert account.person == person
    assert account.check_password(GOOD)
    row = AuditLog.objects.get(action=AuditLog.Action.CREATE, object_type="accounts.user")
    assert row.actor_id == sys_admin.pk
    assert "password" not in row.after


@pytest.mark.parametrize(
    "data, field",
    [
        ({"username": "taken"}, "username"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "password1"),
        ({"password2": GOOD + "x"}, "password2"),
        ({"employee_no": "NOPE-404"}, "employee_no"),
        ({"username": ""}, "username"),
    ],
)
def test_create_account_refuses_bad_input(login_as, sys_admin, company, data, field):
    UserFactory(username="taken")
    before = User.objects.count()
    payload = {"username": "newbie", "employee_no": "", "password1": GOOD, "password2": GOOD, **data}
    response = login_as(sys_admin).post(reverse("accounts:create"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert User.objects.count() == before


def test_a_person_links_to_one_account_only(login_as, sys_admin, company):
    person = company["person_a"]
    UserFactory(username="first", person=person)
    payload = {"username": "second", "employee_no": person.employee_no, "password1": GOOD, "password2": GOOD}
    response = login_as(sys_admin).post(reverse("accounts:create"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="second").exists()


def test_deactivate_and_activate_again(login_as, sys_admin):
    target = UserFactory(username="target")
    client = login_as(sys_admin)
    response = client.post(reverse("accounts:set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    client.post(reverse("accounts:set_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    changes = [r.after["is_active"] for r in AuditLog.objects.filter(object_id=str(target.pk)).order_by("id")]
    assert changes == [False, True]


def test_deactivate_by_htmx_swaps_the_row(login_as, sys_admin):
    target = UserFactory(username="target")
    response = login_as(sys_admin).post(
        reverse("accounts:set_active", args=[target.pk]), {"active": "0"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<tr") and f'id="account-{target.pk}"' in html
    assert 'name="active" value="1"' in html  # now offers "Activate"


def test_the_system_administrator_cannot_deactivate_themself(login_as, sys_admin):
    client = login_as(sys_admin)
    response = client.post(reverse("accounts:set_active", args=[sys_admin.pk]), {"active": "0"}, follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    sys_admin.refresh_from_db()
    assert sys_admin.is_active
    htmx = client.post(reverse("accounts:set_active", args=[sys_admin.pk]), {"active": "0"}, HTTP_HX_REQUEST="true")
    assert "cannot deactivate your own account" in htmx.content.decode()


def test_set_active_is_post_only(login_as, sys_admin):
    target = UserFactory()
    assert login_as(sys_admin).get(reverse("accounts:set_active", args=[target.pk])).status_code == 405


def test_set_password_for_someone_else(login_as, sys_admin):
    target = UserFactory(username="target")
    client = login_as(sys_admin)
    response = client.post(reverse("accounts:set_password", args=[target.pk]), {"password1": GOOD, "password2": GOOD})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(GOOD)
    assert AuditLog.objects.filter(object_id=str(target.pk), comment="password set").exists()


def test_set_password_refuses_a_weak_one(login_as, sys_admin):
    target = UserFactory(username="target")
    response = login_as(sys_admin).post(
        reverse("accounts:set_password", args=[target.pk]), {"password1": "target123", "password2": "target123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    target.refresh_from_db()
    assert target.check_password(TEST_PASSWORD)


def test_unknown_account_is_404(login_as, sys_admin):
    assert login_as(sys_admin).get(reverse("accounts:set_password", args=[999999])).status_code == 404


def test_security_admin_sees_the_list_without_change_buttons(login_as, sec_admin):
    target = UserFactory(username="target")
    RoleAssignmentFactory(user=target)
    html = login_as(sec_admin).get(reverse("accounts:list")).content.decode()
    assert "target" in html
    assert reverse("accounts:set_password", args=[target.pk]) not in html
    assert reverse("accounts:create") not in html
    assert reverse("accounts:role_assign") in html  # "Give role" is the security administrator's own job


def test_form_pages_query_counts(login_as, sys_admin, django_assert_max_num_queries):
    target = UserFactory()
    client = login_as(sys_admin)
    for url in (reverse("accounts:create"), reverse("accounts:set_password", args=[target.pk])):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
