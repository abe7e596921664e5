"""The signed-in user's role assignments come with the account in one query (accounts/backends.py) and are the same
rows accounts/access.assignments reads: active ones only, with the org's path and kind, none for a global role."""

import datetime as dt

from django.utils import timezone

from dangjian.accounts import access
from dangjian.accounts.backends import AccountBackend
from tests.factories import RoleAssignmentFactory, UserFactory, build_company


def test_the_account_brings_its_active_assignments(db, django_assert_num_queries):
    company = build_company()
    today = timezone.localdate()
    user = UserFactory(username="many")
    RoleAssignmentFactory(user=user, role="secretary", org=company["branch_a"])
    RoleAssignmentFactory(user=user, role="party_office", org=company["root"])
    RoleAssignmentFactory(user=user, role="member", org=company["branch_b"], until=today - dt.timedelta(days=1))
    RoleAssignmentFactory(user=user, role="team_leader", org=company["branch_b"], since=today + dt.timedelta(days=1))
    with django_assert_num_queries(1):
        loaded = AccountBackend().get_user(user.pk)
        held = loaded._scope_assignments
    assert (
        held
        == sorted(access.assignments(user))
        == [
            ("party_office", company["root"].path, company["root"].kind),
            ("secretary", company["branch_a"].path, company["branch_a"].kind),
        ]
    )


def test_a_global_role_has_no_org_and_an_account_without_roles_none(db):
    admin = UserFactory(username="sysadmin")
    RoleAssignmentFactory(user=admin, role="system_admin", org=None)
    assert AccountBackend().get_user(admin.pk)._scope_assignments == [("system_admin", None, None)]
    assert access.assignments(admin) == [("system_admin", None, None)]
    assert AccountBackend().get_user(UserFactory(username="nobody").pk)._scope_assignments == []


def test_the_query_compiled_once_reads_each_days_assignments(db, monkeypatch):
    """The account query is compiled once per connection (accounts/backends.py) with stand-ins for the id and the
    date: run on the next day, an assignment that ended today is gone; an unknown or malformed id is nobody."""
    company = build_company()
    today = timezone.localdate()
    user = UserFactory(username="ending")
    RoleAssignmentFactory(user=user, role="secretary", org=company["branch_a"], until=today)
    backend = AccountBackend()
    assert [row[0] for row in backend.get_user(user.pk)._scope_assignments] == ["secretary"]
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=1))
    assert backend.get_user(user.pk)._scope_assignments == []
    assert backend.get_user(user.pk + 10_000) is None
    assert backend.get_user("not a number") is None
