"""Fixtures for the project tests: a general branch (GB) under the company committee with a branch (BC) that owns the
projects, and one login per standing the lifecycle cares about."""

import pytest

from tests.factories import PartyOrgFactory, PersonFactory, account_with_role
from tests.projects.factories import GoalFactory, ProjectFactory

# role name in these tests -> (role, org code the role is assigned over)
LOGINS = {
    "office": ("party_office", "ROOT"),
    "sec_owner": ("secretary", "BC"),
    "sec_parent": ("secretary", "GB"),
    "sec_root": ("secretary", "ROOT"),
    "sec_other": ("secretary", "BA"),
    "committee": ("committee_member", "BC"),
    "member": ("member", "BC"),
    "panel": ("panel_member", "ROOT"),
    "leader": ("leader", "ROOT"),
}


@pytest.fixture(autouse=True)
def projects_rules_only(monkeypatch):
    """These tests judge the lifecycle table and the projects app's own rules. Other apps' preconditions (the
    acceptance panel's for accept and rate) are tested in their own folders (tests/acceptance)."""
    from dangjian.projects import lifecycle

    own = {
        action: [check for check in checks if check.__module__.startswith("dangjian.projects")]
        for action, checks in lifecycle.PRECONDITIONS.items()
    }
    monkeypatch.setattr(lifecycle, "PRECONDITIONS", own)


@pytest.fixture
def orgs(company):
    """ROOT ⊃ GB (general branch) ⊃ BC (the owner branch); ROOT ⊃ BA, BB from the shared `company` fixture."""
    general = PartyOrgFactory(code="GB", name="铝业分公司党总支", kind="general_branch", parent=company["root"])
    branch_c = PartyOrgFactory(code="BC", name="电解三车间党支部", parent=general)
    person_c = PersonFactory(branch=branch_c, member=True, name="陈刚")
    return {**company, "general": general, "branch_c": branch_c, "person_c": person_c}


@pytest.fixture
def logins(orgs):
    by_code = {"ROOT": orgs["root"], "GB": orgs["general"], "BC": orgs["branch_c"], "BA": orgs["branch_a"]}
    users = {}
    for name, (role, code) in LOGINS.items():
        person = orgs["person_c"] if name == "member" else None
        users[name] = account_with_role(role, by_code[code], person=person, username=f"p_{name}")
    return users


@pytest.fixture
def make_project(orgs):
    """make_project(state="proposed", **fields) → a project of branch BC with one goal."""

    def make(state="proposed", **fields):
        fields.setdefault("owner", orgs["branch_c"])
        project = ProjectFactory(state=state, **fields)
        GoalFactory(project=project)
        return project

    return make
