import pytest
from django.urls import reverse

from dangjian.accounts.models import RoleAssignment
from dangjian.core.models import AuditLog
from tests.factories import RoleAssignmentFactory, UserFactory, account_with_role

ROLES = reverse("accounts:roles")
ASSIGN = reverse("accounts:role_assign")

# (fixture, may open and change the role pages). None = anonymous.
MATRIX = [
    (None, "login"),
    ("member_a", 403),
    ("secretary_a", 403),
    ("office", 403),
    ("sys_admin", 403),  # 三员分立: the system administrator manages accounts, not who holds which role
    ("sec_admin", 200),
    ("audit_admin", 403),
]


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who, status", MATRIX)
def test_who_may_open_the_role_pages(request, login_as, company, who, status):
    user = request.getfixturevalue(who) if who else None
    target = UserFactory(username="target")
    assignment = RoleAssignmentFactory(user=target, org=company["branch_b"])
    client = login_as(user)
    _expect(client.get(ROLES), status)
    _expect(client.get(ASSIGN), status)
    payload = {"username": "target", "role": "member", "org_code": "BA"}
    _expect(client.post(ASSIGN, payload), 302 if status == 200 else status)
    _expect(client.post(reverse("accounts:role_revoke", args=[assignment.pk])), 302 if status == 200 else status)
    changed = status == 200
    assert RoleAssignment.objects.filter(user=target, role="member").exists() is changed
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists() is not changed


@pytest.mark.parametrize("rows", [3, 30])
def test_role_list_queries_stay_flat(login_as, sec_admin, company, django_assert_max_num_queries, rows):
    for i in range(rows):
        account_with_role("member", company["branch_a"], person=None, username=f"bulk{i:03d}")
    client = login_as(sec_admin)
    with django_assert_max_num_queries(10):
        response = client.get(ROLES)
    assert len(response.context["page"].object_list) == rows + 1
    with django_assert_max_num_queries(11):
        response = client.get(ROLES, {"org": "BA", "subtree": "on", "role": "member"})
    assert len(response.context["page"].object_list) == rows


def test_role_list_filters(login_as, sec_admin, company):
    li = UserFactory(username="liming", person=company["person_a"])
    RoleAssignmentFactory(user=li, role="secretary", org=company["branch_a"])
    RoleAssignmentFactory(user=li, role="member", org=company["group_a"])
    RoleAssignmentFactory(user=UserFactory(username="wangfang"), role="secretary", org=company["branch_b"])
    client = login_as(sec_admin)

    def shown(**params):
        return sorted(
            (a.user.username, a.role, a.org.code if a.org else "") for a in client.get(ROLES, params).context["page"]
        )

    assert shown(role="secretary") == [("liming", "secretary", "BA"), ("wangfang", "secretary", "BB")]
    assert shown(org="BA") == [("liming", "secretary", "BA")]
    assert shown(org="BA", subtree="on") == [("liming", "member", "GA"), ("liming", "secretary", "BA")]
    assert shown(user="李明") == [("liming", "member", "GA"), ("liming", "secretary", "BA")]
    assert shown(user="wang") == [("wangfang", "secretary", "BB")]


def test_role_list_with_an_unknown_org_code_says_so(login_as, sec_admin, company):
    response = login_as(sec_admin).get(ROLES, {"org": "NOPE"})
    assert response.status_code == 200
    assert response.context["form"].errors["org"]
    assert len(response.context["page"].object_list) == 0


def test_role_list_by_htmx_returns_only_the_table(login_as, sec_admin):
    html = login_as(sec_admin).get(ROLES, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'data-testid="role-row"' in html


def test_assign_a_business_role_over_an_org(login_as, sec_admin, company):
    target = UserFactory(username="liming")
    response = login_as(sec_admin).post(ASSIGN, {"username": "liming", "role": "secretary", "org_code": "BA"})
    assert response.status_code == 302
    assert response["Location"] == ROLES + "?user=liming"
    assignment = RoleAssignment.objects.get(user=target)
    assert (assignment.role, assignment.org, assignment.granted_by) == ("secretary", company["branch_a"], sec_admin)
    row = AuditLog.objects.get(action=AuditLog.Action.CREATE, object_type="accounts.roleassignment")
    assert row.actor_id == sec_admin.pk


def test_assign_a_system_role_globally(login_as, sec_admin):
    target = UserFactory(username="auditor2")
    response = login_as(sec_admin).post(ASSIGN, {"username": "auditor2", "role": "audit_admin", "org_code": ""})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=target).org is None


def test_assign_form_is_prefilled_from_the_account_list(login_as, sec_admin):
    response = login_as(sec_admin).get(ASSIGN, {"user": "liming"})
    assert response.context["form"]["username"].value() == "liming"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"username": "nobody"}, "username"),
        ({"org_code": "NOPE"}, "org_code"),
        ({"role": "system_admin", "org_code": "BA"}, None),  # system roles reach the whole system
        ({"org_code": ""}, "org_code"),  # business roles need an org
        ({"role": "pope"}, "role"),
    ],
)
def test_assign_refuses_bad_input(login_as, sec_admin, company, payload, field):
    UserFactory(username="liming")
    data = {"username": "liming", "role": "secretary", "org_code": "BA", **payload}
    response = login_as(sec_admin).post(ASSIGN, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field or "__all__"]
    assert not RoleAssignment.objects.exclude(user=sec_admin).exists()


def test_assign_refuses_a_duplicate(login_as, sec_admin, company):
    target = UserFactory(username="liming")
    RoleAssignmentFactory(user=target, role="secretary", org=company["branch_a"])
    response = login_as(sec_admin).post(ASSIGN, {"username": "liming", "role": "secretary", "org_code": "BA"})
    assert response.status_code == 200
    assert "already has this role" in response.content.decode()
    assert RoleAssignment.objects.filter(user=target).count() == 1


def test_nobody_gives_themself_a_role(login_as, sec_admin, company):
    response = login_as(sec_admin).post(ASSIGN, {"username": "secadmin", "role": "party_office", "org_code": "ROOT"})
    assert response.status_code == 200
    assert "cannot change your own roles" in response.content.decode()
    assert list(RoleAssignment.objects.filter(user=sec_admin).values_list("role", flat=True)) == ["security_admin"]


def test_nobody_revokes_their_own_role(login_as, sec_admin):
    own = RoleAssignment.objects.get(user=sec_admin)
    client = login_as(sec_admin)
    assert f'action="{reverse("accounts:role_revoke", args=[own.pk])}"' not in client.get(ROLES).content.decode()
    response = client.post(reverse("accounts:role_revoke", args=[own.pk]), follow=True)
    assert "cannot change your own roles" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_revoke_returns_to_the_filtered_list_and_is_audited(login_as, sec_admin, company):
    assignment = RoleAssignmentFactory(user=UserFactory(username="liming"), org=company["branch_a"])
    back = ROLES + "?user=liming"
    response = login_as(sec_admin).post(reverse("accounts:role_revoke", args=[assignment.pk]), {"next": back})
    assert response["Location"] == back
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    row = AuditLog.objects.get(action=AuditLog.Action.DELETE)
    assert row.before["role"] == "secretary" and row.actor_id == sec_admin.pk


def test_revoke_ignores_an_outside_next(login_as, sec_admin, company):
    assignment = RoleAssignmentFactory(org=company["branch_a"])
    response = login_as(sec_admin).post(
        reverse("accounts:role_revoke", args=[assignment.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == ROLES


def test_revoke_is_post_only_and_unknown_is_404(login_as, sec_admin, company):
    assignment = RoleAssignmentFactory(org=company["branch_a"])
    client = login_as(sec_admin)
    assert client.get(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 405
    assert client.post(reverse("accounts:role_revoke", args=[999999])).status_code == 404


def test_assign_page_query_count(login_as, sec_admin, django_assert_max_num_queries):
    client = login_as(sec_admin)
    with django_assert_max_num_queries(7):
        assert client.get(ASSIGN).status_code == 200
