"""The talent tests' world: the small company (tests/factories.build_company) with a shift crew under its workshop,
people in it, the points catalogue (with the drill rule), logins per role, and company B (中州) with its own objects.
Built once per module (runner.module_world)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.services import SYSTEM
from dangjian.talent import services
from tests.factories import (
    OrgUnitLinkFactory,
    PartyOrgFactory,
    PersonFactory,
    UnitFactory,
    account_with_role,
    build_company,
)

DAY = dt.date(2025, 3, 1)


def build(tmp_path=None) -> dict:
    from dangjian.points import services as points

    w = build_company()
    crew = UnitFactory(code="W1-A", name="甲班", kind="shift_crew", parent=w["workshop"])
    w["crew"] = crew
    w["mentor"] = PersonFactory(branch=w["branch_a"], member=True, name="张师傅", employee_no="T-M1", unit=crew)
    w["trainee"] = PersonFactory(branch=w["branch_a"], name="小刘", employee_no="T-T1", unit=crew)
    w["worker"] = PersonFactory(branch=w["branch_a"], member=True, name="王工", employee_no="T-W1", unit=crew)
    points.defaults_install(actor=SYSTEM, company=w["root"], valid_from=dt.date(2020, 1, 1))
    w["users"] = {
        "party_office": account_with_role("party_office", w["root"], username="t_office"),
        "secretary": account_with_role("secretary", w["branch_a"], username="t_sec"),
        "secretary_b": account_with_role("secretary", w["branch_b"], username="t_sec_b"),
        "team_leader": account_with_role("team_leader", w["branch_a"], username="t_lead"),
        "member": account_with_role("member", w["branch_a"], person=w["worker"], username="t_member"),
        "employee": account_with_role("employee", w["branch_a"], person=w["trainee"], username="t_emp"),
        "leader": account_with_role("leader", w["root"], username="t_leader"),
    }
    model = services.model_save(actor=SYSTEM, org=w["root"], post="电解工", talent_class="operating")
    w["model"] = model
    w["items"] = [
        services.item_save(actor=SYSTEM, model=model, name=name, required_level=level, order=n)
        for n, (name, level) in enumerate((("槽况判断", 4), ("阳极更换", 3)), start=1)
    ]
    w["criteria"] = [
        services.criterion_save(actor=SYSTEM, org=w["root"], name=name, weight=weight)
        for name, weight in (("技能提升", 60), ("目标完成", 40))
    ]
    w["plan"] = services.plan_save(
        actor=SYSTEM,
        trainee=w["trainee"],
        mentor=w["mentor"],
        target=model,
        goals="独立顶岗",
        starts_on=DAY,
        ends_on=DAY + dt.timedelta(days=300),
    )
    w["pool_member"] = services.pool_add(
        actor=SYSTEM, person=w["trainee"], pool="trainee", talent_class="operating", joined_on=DAY
    )
    w["drill"] = services.drill_save(
        actor=SYSTEM, org=w["branch_a"], kind="drill", topic="效应处理", held_on=DAY, unit=crew, scored_by="practical"
    )
    w["contest"] = services.contest_result_save(
        actor=SYSTEM, person=w["worker"], contest="公司技能竞赛", held_on=DAY, rank=1, award="一等奖"
    )
    w["b"] = build_b()
    return w


def build_b() -> dict:
    """Company B (中州): an org, a person and one object of each kind."""
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    branch = PartyOrgFactory(code="ZB", name="中州电解党支部", parent=root)
    unit = UnitFactory(code="ZCO", name="中州铝业", kind="company")
    crew = UnitFactory(code="ZT", name="中州甲班", kind="shift_crew", parent=unit)
    OrgUnitLinkFactory(org=root, unit=unit)
    person = PersonFactory(branch=branch, member=True, name="中州王五", employee_no="Z-T-1")
    other = PersonFactory(branch=branch, name="中州赵六", employee_no="Z-T-2")
    return {
        "root": root,
        "branch": branch,
        "crew": crew,
        "person": person,
        **company_b_objects(root=root, branch=branch, person=person, colleague=other, team=crew),
    }


def company_b_objects(*, root, branch, person, colleague, team) -> dict:
    """One talent object of each kind in company B (also for tests/matrix/company_b.py)."""
    model = services.model_save(actor=SYSTEM, org=root, post="中州电解工", talent_class="operating")
    return {
        "model": model,
        "item": services.item_save(actor=SYSTEM, model=model, name="中州槽况", required_level=3),
        "criterion": services.criterion_save(actor=SYSTEM, org=root, name="中州标准", weight=100),
        "plan": services.plan_save(
            actor=SYSTEM, trainee=colleague, mentor=person, goals="中州目标", starts_on=DAY, ends_on=DAY
        ),
        "pool_member": services.pool_add(actor=SYSTEM, person=person, pool="mentor", talent_class="technical"),
        "drill": services.drill_save(actor=SYSTEM, org=branch, topic="中州练兵", held_on=DAY, unit=team),
        "contest": services.contest_result_save(
            actor=SYSTEM, person=person, contest="中州竞赛", held_on=DAY, award="优秀奖"
        ),
    }
