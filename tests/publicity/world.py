"""The world of the publicity tests, built once per module (tests/matrix/runner.module_world): company A (build_company)
with a publicity officer (宣传委员, a committee member of BA holding the seat), BA's secretary, a member of BA
(person_a), a member of BB and BB's secretary (BB has no publicity officer: its secretary reviews), 党群工作部, a
non-member employee; and company B (中州) with its own member, project and published article."""

from __future__ import annotations

import datetime as dt

from dangjian.core.services import SYSTEM
from dangjian.org.models import CommitteeSeat
from dangjian.publicity import services
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role, build_company
from tests.projects.factories import GoalFactory, ProjectFactory

DAY = dt.date(2025, 3, 1)


def build(tmp_path=None) -> dict:
    w = build_company()
    officer_person = PersonFactory(branch=w["branch_a"], member=True, name="宣传委员甲", employee_no="PUB-1")
    CommitteeSeat.objects.create(org=w["branch_a"], person=officer_person, role="publicity_officer")
    sec_b_person = PersonFactory(branch=w["branch_b"], member=True, name="书记乙", employee_no="SEC-B")
    CommitteeSeat.objects.create(org=w["branch_b"], person=sec_b_person, role="secretary")
    employee_person = PersonFactory(branch=w["branch_a"], name="赵工", employee_no="EMP-1")
    w["users"] = {
        "office": account_with_role("party_office", w["root"], username="p_office"),
        "officer": account_with_role("committee_member", w["branch_a"], person=officer_person, username="p_officer"),
        "secretary": account_with_role("secretary", w["branch_a"], username="p_sec"),
        "member": account_with_role("member", w["branch_a"], person=w["person_a"], username="p_member"),
        "member_b": account_with_role("member", w["branch_b"], person=w["person_b"], username="p_member_b"),
        "secretary_b": account_with_role("secretary", w["branch_b"], person=sec_b_person, username="p_sec_b"),
        "employee": account_with_role("employee", w["branch_a"], person=employee_person, username="p_emp"),
        "committee": account_with_role("committee_member", w["branch_a"], username="p_committee"),
    }
    w["employee_person"], w["officer_person"] = employee_person, officer_person
    w["column"] = services.column_save(actor=SYSTEM, org=w["root"], name="基层动态", order=1)
    w["project"] = ProjectFactory(owner=w["branch_b"], code="QN-2025-001", year=2025, state="in_progress")
    GoalFactory(project=w["project"], indicator_name="电流效率")
    # company B
    z_root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    z_branch = PartyOrgFactory(code="ZB", name="中州电解党支部", parent=z_root)
    z_person = PersonFactory(branch=z_branch, member=True, name="中州王五", employee_no="Z-1")
    w["z"] = {
        "root": z_root,
        "branch": z_branch,
        "person": z_person,
        "member": account_with_role("member", z_branch, person=z_person, username="z_member"),
        "project": ProjectFactory(owner=z_branch, code="ZZ-2025-001", year=2025, state="in_progress"),
    }
    w["z"]["article"] = services.article_create(actor=SYSTEM, org=z_branch, title="中州新闻", body="中州")
    services.article_move(actor=SYSTEM, article=w["z"]["article"], action="submit")
    services.article_move(actor=SYSTEM, article=w["z"]["article"], action="publish")
    return w
