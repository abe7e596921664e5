"""三员分立: the system, security and audit administrators each see only their own pages and no business data."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangjian.accounts import services
from dangjian.accounts.models import RoleAssignment
from dangjian.core.errors import Conflict
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import PartyOrg, Person, Unit
from tests.factories import UserFactory, account_with_role

ADMIN_PAGES = {"accounts:list", "accounts:roles", "accounts:tokens", "core:audit"}
BUSINESS_PAGES = ["org:tree", "org:people", "org:units"]


@pytest.mark.parametrize(
    "who, pages",
    [
        ("sys_admin", {"accounts:list"}),
        # reads accounts to pick whom to give a role; lists and revokes API tokens
        ("sec_admin", {"accounts:list", "accounts:roles", "accounts:tokens"}),
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


# --- 三员分立 enforced by rule: the administrator roles are held alone ---------------------------------------------

ADMIN_ROLES = ["system_admin", "security_admin", "audit_admin"]


@pytest.mark.parametrize("held", ADMIN_ROLES)
@pytest.mark.parametrize("new", [*ADMIN_ROLES, "secretary", "member", "integration"])
def test_an_administrator_role_excludes_every_other_role(company, sec_admin, held, new):
    if held == new:
        return
    user = account_with_role(held, None)
    # the MES/ERP account is held over a company's root org (dangjian/org/tenancy.py)
    org = None if new in ADMIN_ROLES else company["root"] if new == "integration" else company["branch_a"]
    with pytest.raises(Conflict, match="三员分立"):
        services.role_assign(actor=sec_admin, user=user, role=new, org=org)
    assert list(user.role_assignments.values_list("role", flat=True)) == [held]


@pytest.mark.parametrize("new", ADMIN_ROLES)
@pytest.mark.parametrize("held", ["secretary", "integration"])
def test_a_business_or_integration_account_cannot_become_an_administrator(company, sec_admin, held, new):
    user = account_with_role(held, company["root"] if held == "integration" else company["branch_a"])
    with pytest.raises(Conflict):
        services.role_assign(actor=SYSTEM, user=user, role=new)
    assert not user.role_assignments.filter(role=new).exists()


def test_business_roles_still_combine(company, sec_admin):
    user = account_with_role("member", company["branch_a"])
    services.role_assign(actor=sec_admin, user=user, role="secretary", org=company["branch_a"])
    services.role_assign(actor=sec_admin, user=user, role="member", org=company["branch_b"])
    assert user.role_assignments.count() == 3


def test_an_ended_role_does_not_block(company, sec_admin):
    import datetime as dt

    user = UserFactory()
    RoleAssignment.objects.create(
        user=user, role="secretary", org=company["branch_a"], since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 1)
    )
    services.role_assign(actor=sec_admin, user=user, role="audit_admin")
    assert user.role_assignments.filter(role="audit_admin").exists()


def test_the_auditor_cannot_be_given_a_business_role_on_the_roles_page(login_as, sec_admin, audit_admin, company):
    """The probe: the security administrator gave the auditor a business role, and the auditor read 1,028 people."""
    response = login_as(sec_admin).post(
        reverse("accounts:role_assign"), {"username": "auditadmin", "role": "party_office", "org_code": "ROOT"}
    )
    assert response.status_code == 200
    assert "三员分立" in str(response.context["form"].errors)
    assert not audit_admin.role_assignments.exclude(role="audit_admin").exists()
    assert not Person.objects.restrict(audit_admin, "view").exists()


def test_create_account_cannot_add_a_second_administrator_role(monkeypatch, db):
    from django.core.management import CommandError

    account_with_role("system_admin", None, username="root")
    with pytest.raises(CommandError, match="三员分立"):
        call_command("create_account", "root", "--role", "audit_admin")
    assert RoleAssignment.objects.filter(user__username="root").count() == 1


def test_the_roles_page_and_check_report_an_older_install_holding_a_combination(login_as, sec_admin, company):
    from django.core import checks

    both = account_with_role("audit_admin", None, username="both")
    RoleAssignment.objects.create(user=both, role="party_office", org=company["root"])  # as an older install could
    response = login_as(sec_admin).get(reverse("accounts:roles"))
    assert response.status_code == 200
    assert response.context["breaches"] == [("both", ["Audit administrator", "Party office (党群工作部)"])]
    assert b"separation-breaches" in response.content
    found = checks.run_checks(tags=["database"], databases=["default"])
    assert [w.id for w in found if "both" in w.msg] == ["accounts.W001"]


def test_no_breach_no_warning(login_as, sec_admin, company):
    response = login_as(sec_admin).get(reverse("accounts:roles"))
    assert response.context["breaches"] == []
    assert b"separation-breaches" not in response.content


def test_there_is_no_impersonation_feature():
    """None of the administrators can act as another user: no admin site, no hijack/impersonate/login-as route."""
    from django.conf import settings
    from django.urls import get_resolver

    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert not [a for a in settings.INSTALLED_APPS if "hijack" in a or "impersonat" in a or "loginas" in a]

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    routes = list(walk(get_resolver().url_patterns))
    assert routes and not [r for r in routes if any(w in r for w in ("impersonat", "hijack", "login-as", "su/"))]


def test_a_refused_assignment_writes_no_audit_row(company, sec_admin):
    user = account_with_role("system_admin", None)
    before = AuditLog.objects.count()
    with pytest.raises(Conflict):
        services.role_assign(actor=sec_admin, user=user, role="audit_admin")
    assert AuditLog.objects.count() == before
