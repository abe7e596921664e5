"""Fixtures for the project tests: a general branch (GB) under the company committee with a branch (BC) that owns the
projects, and one login per standing the lifecycle cares about."""

import pytest
from django.utils import timezone

from dangjian.projects.acceptance.models import Panel, ProjectResult
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


def panel_scored(project, grade="excellent"):
    """A locked acceptance-panel result for `project`: what the acceptance panel's subscribers of "project_accepted"
    and "project_rated" look for."""
    year = int(str(project.starts_on)[:4])  # a factory may still hold the ISO string it was given
    panel, _ = Panel.objects.get_or_create(org=project.owner, year=year, defaults={"name": "验收专项工作组"})
    return ProjectResult.objects.create(
        panel=panel,
        project=project,
        attainment=100,
        final_score=95,
        grade=grade,
        rank=1,
        domain_rank=1,
        locked_at=timezone.now(),
    )


@pytest.fixture
def make_project(orgs):
    """make_project(state="proposed", scored=True, **fields) → a project of branch BC with one goal; `scored`: the
    acceptance panel has locked a graded result for it, as "accept" and "rate" require (acceptance/subscribers.py)."""

    def make(state="proposed", scored=True, **fields):
        fields.setdefault("owner", orgs["branch_c"])
        project = ProjectFactory(state=state, **fields)
        GoalFactory(project=project)
        if scored:
            panel_scored(project)
        return project

    return make
