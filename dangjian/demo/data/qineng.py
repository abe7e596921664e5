"""重庆旗能电铝有限公司 as DOMAIN.md and seed 000 describe it: a company committee (founded 2010) with 5
direct orgs — 铝业分公司党委 (the 1 direct committee), 发电分公司党总支 (the 1 direct general branch), and
the 检测中心, 营销分公司 and 采购和物流分公司 branches (the 3 direct branches) — and 17 grassroots
branches under the committee and general branch.
963 staff, 337 of them party members (full + probationary), 35 %.

The workshops are the article's (电解一至四车间, 阳极组装车间, 净化车间, 发电分公司 with its 检修车间, 检测中心,
营销分公司, 采购和物流分公司, 机关第一/第二党支部 …) plus the few any smelter and power plant of this size also has
(铸造, 供电, 燃料, 化学, 热控). The company's and 铝业分公司's offices are one 机关 here, as in many such plants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ROOT_CODE = "QNDL"


@dataclass(frozen=True)
class U:
    """A production unit: `profile` (see profiles.py) and `weight` say who works there and how many, for leaf units."""

    code: str
    name: str
    kind: str
    profile: str = ""
    weight: int = 0
    children: tuple[U, ...] = ()


def crews(prefix: str, names: str, profile: str, weight: int, suffix: str = "班") -> tuple[U, ...]:
    """Shift crews (横大班) 甲班 乙班 … with codes PREFIX-A, PREFIX-B …"""
    return tuple(
        U(f"{prefix}-{'ABCDE'[i]}", f"{ch}{suffix}", "shift_crew", profile, weight) for i, ch in enumerate(names)
    )


def team(code: str, name: str, profile: str = "", weight: int = 0, children: tuple[U, ...] = ()) -> U:
    return U(code, name, "team", profile, weight, children)


def electrolysis(n: int, name: str) -> U:
    code = f"QN-DJ{n}"
    return U(
        code,
        name,
        "workshop",
        children=(
            team(f"{code}-ZY", "电解作业区", children=crews(f"{code}-ZY", "甲乙丙丁", "electrolysis_crew", 4)),
            team(f"{code}-TC", "天车班", "crane_team", 3),
            team(f"{code}-ZH", "综合班", "workshop_support", 2),
        ),
    )


UNITS = U(
    "QN",
    "旗能电铝",
    "company",
    children=(
        U(
            "QN-JG",
            "公司机关",
            "division",
            children=(
                team("QN-JG-BG", "综合办公室", "office", 3),
                team("QN-JG-DQ", "党群工作部", "office", 3),
                team("QN-JG-RL", "人力资源部", "office", 3),
                team("QN-JG-CW", "财务资产部", "office", 3),
                team("QN-JG-AH", "安全环保部", "office", 3),
                team("QN-JG-SB", "生产设备部", "office", 3),
                team("QN-JG-XX", "信息化部", "office", 3),
            ),
        ),
        U(
            "QN-LY",
            "铝业分公司",
            "division",
            children=(
                electrolysis(1, "电解一车间"),
                electrolysis(2, "电解二车间"),
                electrolysis(3, "电解三车间"),
                electrolysis(4, "电解四车间"),
                U(
                    "QN-YJ",
                    "阳极组装车间",
                    "workshop",
                    children=(
                        team("QN-YJ-ZZ", "组装作业区", children=crews("QN-YJ-ZZ", "甲乙丙丁", "anode_crew", 4)),
                        team("QN-YJ-DG", "导杆维修班", "maintenance_team", 2),
                    ),
                ),
                U(
                    "QN-JH",
                    "净化车间",
                    "workshop",
                    children=(
                        team("QN-JH-YX", "净化运行", children=crews("QN-JH-YX", "甲乙丙丁", "purification_crew", 3)),
                        team("QN-JH-JX", "净化检修班", "maintenance_team", 2),
                    ),
                ),
                U(
                    "QN-ZZ",
                    "铸造车间",
                    "workshop",
                    children=(
                        team("QN-ZZ-ZY", "铸造作业区", children=crews("QN-ZZ-ZY", "甲乙丙丁", "casting_crew", 4)),
                        team("QN-ZZ-ZH", "综合班", "workshop_support", 1),
                    ),
                ),
                U(
                    "QN-GD",
                    "供电车间",
                    "workshop",
                    children=(
                        team("QN-GD-ZL", "整流运行", children=crews("QN-GD-ZL", "甲乙丙丁", "rectifier_crew", 3)),
                        team("QN-GD-JX", "供电检修班", "maintenance_team", 2),
                    ),
                ),
            ),
        ),
        U(
            "QN-FD",
            "发电分公司",
            "division",
            children=(
                team("QN-FD-JS", "生产技术部", "engineering", 3),
                team("QN-FD-AJ", "安全监察部", "office", 2),
                team("QN-FD-ZH", "综合管理部", "office", 2),
                U(
                    "QN-FDYX",
                    "发电车间",
                    "workshop",
                    children=(
                        team(
                            "QN-FDYX-JK", "集控运行", children=crews("QN-FDYX-JK", "一二三四五", "power_crew", 3, "值")
                        ),
                        team("QN-FDYX-JS", "运行技术组", "engineering", 2),
                    ),
                ),
                U(
                    "QN-FDJX",
                    "检修车间",
                    "workshop",
                    children=(
                        team("QN-FDJX-QJ", "汽机班", "maintenance_team", 3),
                        team("QN-FDJX-GL", "锅炉班", "maintenance_team", 3),
                        team("QN-FDJX-DQ", "电气班", "maintenance_team", 3),
                        team("QN-FDJX-JS", "技术组", "engineering", 1),
                    ),
                ),
                U(
                    "QN-RL",
                    "燃料车间",
                    "workshop",
                    children=(
                        team("QN-RL-YX", "燃料运行", children=crews("QN-RL-YX", "甲乙丙丁", "fuel_crew", 3)),
                        team("QN-RL-JX", "燃料检修班", "maintenance_team", 1),
                    ),
                ),
                U(
                    "QN-HX",
                    "化学车间",
                    "workshop",
                    children=(
                        team("QN-HX-YX", "化学运行", children=crews("QN-HX-YX", "甲乙丙丁", "chemistry_crew", 2)),
                        team("QN-HX-HY", "化验班", "lab_crew", 1),
                    ),
                ),
                U(
                    "QN-RK",
                    "热控车间",
                    "workshop",
                    children=(
                        team("QN-RK-RK", "热控班", "control_team", 2),
                        team("QN-RK-YB", "仪表班", "control_team", 1),
                    ),
                ),
            ),
        ),
        U(
            "QN-JC",
            "检测中心",
            "division",
            children=(
                team("QN-JC-HY", "化验室", children=crews("QN-JC-HY", "甲乙丙丁", "lab_crew", 3)),
                team("QN-JC-ZJ", "质检班", "qc_team", 2),
                team("QN-JC-JL", "计量班", "qc_team", 2),
            ),
        ),
        U(
            "QN-YX",
            "营销分公司",
            "division",
            children=(
                team("QN-YX-XS", "销售部", "sales", 3),
                team("QN-YX-SC", "市场部", "sales", 2),
                team("QN-YX-KF", "客户服务部", "sales", 1),
            ),
        ),
        U(
            "QN-CW",
            "采购和物流分公司",
            "division",
            children=(
                team("QN-CW-CG", "采购部", "purchasing", 2),
                team("QN-CW-DD", "物流调度中心", "logistics_crew", 1),
                team("QN-CW-TL", "铁路运输站", children=crews("QN-CW-TL", "甲乙丙丁", "logistics_crew", 3)),
                team("QN-CW-CC", "仓储班", "logistics_crew", 1),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Org:
    """A party org. For a branch: the units it covers, its head count and roll, and its leadership posts as
    (unit code, job title); the post flagged by `secretary_post` (an index) is the branch secretary."""

    code: str
    name: str
    kind: str
    parent: str | None
    founded: dt.date
    units: tuple[str, ...] = ()
    staff: int = 0
    members: int = 0  # full + probationary
    probationary: int = 0
    posts: tuple[tuple[str, str], ...] = ()
    secretary_post: int = 1
    crew_groups: bool = False  # one party group per shift crew (党小组设在横大班上)
    term_ends_soon: bool = False  # a health warning for the demo: 换届 due within weeks


def workshop_posts(unit: str, head: str = "车间主任", deputy: str = "车间副主任") -> tuple[tuple[str, str], ...]:
    return ((unit, head), (unit, "党支部书记、副主任"), (unit, deputy), (unit, "主任工程师"))


D = dt.date
ORGS = (
    Org(ROOT_CODE, "重庆旗能电铝有限公司党委", "committee", None, D(2010, 7, 1), units=("QN",)),
    Org("QNDL-LY", "铝业分公司党委", "committee", ROOT_CODE, D(2013, 6, 28), units=("QN-LY",)),
    Org("QNDL-FD", "发电分公司党总支", "general_branch", ROOT_CODE, D(2013, 6, 28), units=("QN-FD",)),
    # The 3 direct branches.
    Org("QNDL-JC", "检测中心党支部", "branch", ROOT_CODE, D(2014, 3, 18), ("QN-JC",), 42, 14, 1,
        (("QN-JC", "主任"), ("QN-JC", "党支部书记、副主任"), ("QN-JC", "副主任")), crew_groups=True),
    Org("QNDL-YX", "营销分公司党支部", "branch", ROOT_CODE, D(2014, 3, 18), ("QN-YX",), 22, 12, 0,
        (("QN-YX", "总经理"), ("QN-YX", "党支部书记、副总经理"))),
    Org("QNDL-CW", "采购和物流分公司党支部", "branch", ROOT_CODE, D(2014, 3, 18), ("QN-CW",), 44, 15, 1,
        (("QN-CW", "总经理"), ("QN-CW", "党支部书记、副总经理"), ("QN-CW", "副总经理")), crew_groups=True),
    # 铝业分公司党委: 11 grassroots branches.
    Org("QNDL-DJ1", "电解一车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-DJ1",), 88, 24, 1,
        workshop_posts("QN-DJ1"), crew_groups=True),
    Org("QNDL-DJ2", "电解二车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-DJ2",), 86, 25, 1,
        workshop_posts("QN-DJ2"), crew_groups=True),
    Org("QNDL-DJ3", "电解三车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-DJ3",), 90, 27, 1,
        workshop_posts("QN-DJ3"), crew_groups=True),
    Org("QNDL-DJ4", "电解四车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-DJ4",), 87, 23, 1,
        workshop_posts("QN-DJ4"), crew_groups=True),
    Org("QNDL-YJ", "阳极组装车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-YJ",), 70, 20, 1,
        workshop_posts("QN-YJ"), crew_groups=True),
    Org("QNDL-JH", "净化车间党支部", "branch", "QNDL-LY", D(2013, 9, 12), ("QN-JH",), 38, 12, 0,
        workshop_posts("QN-JH")[:3], crew_groups=True, term_ends_soon=True),
    Org("QNDL-ZZ", "铸造车间党支部", "branch", "QNDL-LY", D(2014, 5, 20), ("QN-ZZ",), 46, 15, 1,
        workshop_posts("QN-ZZ"), crew_groups=True),
    Org("QNDL-GD", "供电车间党支部", "branch", "QNDL-LY", D(2014, 5, 20), ("QN-GD",), 34, 11, 0,
        workshop_posts("QN-GD")[:3]),
    Org("QNDL-JG1", "机关第一党支部", "branch", "QNDL-LY", D(2013, 6, 28), ("QN-JG-BG", "QN-JG-DQ", "QN-JG-RL"),
        36, 24, 0,
        (("QN-JG", "党委书记、董事长"), ("QN-JG-BG", "综合办公室主任、机关第一党支部书记"),
         ("QN-JG", "党委副书记、总经理"), ("QN-JG", "党委副书记、工会主席"), ("QN-JG", "纪委书记"),
         ("QN-JG", "副总经理"), ("QN-JG-DQ", "党群工作部部长"), ("QN-JG-RL", "人力资源部部长"))),
    Org("QNDL-JG2", "机关第二党支部", "branch", "QNDL-LY", D(2013, 6, 28), ("QN-JG-SB", "QN-JG-XX"), 34, 22, 1,
        (("QN-JG", "副总经理"), ("QN-JG-XX", "信息化部部长、机关第二党支部书记"), ("QN-JG-SB", "生产设备部部长"))),
    Org("QNDL-JG3", "机关第三党支部", "branch", "QNDL-LY", D(2013, 6, 28), ("QN-JG-CW", "QN-JG-AH"), 30, 19, 0,
        (("QN-LY", "铝业分公司党委书记"), ("QN-JG-CW", "财务资产部部长、机关第三党支部书记"),
         ("QN-LY", "铝业分公司经理"), ("QN-JG", "总会计师"), ("QN-JG-AH", "安全环保部部长"))),
    # 发电分公司党总支: 6 grassroots branches.
    Org("QNDL-FDJG", "发电分公司机关党支部", "branch", "QNDL-FD", D(2014, 5, 20), ("QN-FD-JS", "QN-FD-AJ", "QN-FD-ZH"),
        24, 14, 0,
        (("QN-FD", "发电分公司党总支书记"), ("QN-FD-ZH", "综合管理部部长、党支部书记"), ("QN-FD", "发电分公司总经理"),
         ("QN-FD", "发电分公司副总经理"))),
    Org("QNDL-FDYX", "发电车间党支部", "branch", "QNDL-FD", D(2014, 5, 20), ("QN-FDYX",), 64, 21, 1,
        workshop_posts("QN-FDYX"), crew_groups=True),
    Org("QNDL-FDJX", "检修车间党支部", "branch", "QNDL-FD", D(2014, 5, 20), ("QN-FDJX",), 50, 18, 0,
        workshop_posts("QN-FDJX")),
    Org("QNDL-RL", "燃料车间党支部", "branch", "QNDL-FD", D(2014, 5, 20), ("QN-RL",), 40, 11, 1,
        workshop_posts("QN-RL")[:3]),
    Org("QNDL-HX", "化学车间党支部", "branch", "QNDL-FD", D(2015, 4, 9), ("QN-HX",), 22, 7, 0,
        workshop_posts("QN-HX")[:2]),
    # A small branch, as plants have: fewer than 3 full members (a health warning: merge it into a joint branch).
    Org("QNDL-RK", "热控车间党支部", "branch", "QNDL-FD", D(2015, 4, 9), ("QN-RK",), 16, 3, 1,
        workshop_posts("QN-RK")[:2]),
)  # fmt: skip

BRANCHES = tuple(o for o in ORGS if o.staff)
DIRECT_ORG_CODES = tuple(o.code for o in ORGS if o.parent == ROOT_CODE)

# Leadership posts of committees and the general branch: (org code, person's job title, seat role).
COMMITTEE_SEATS = (
    (ROOT_CODE, "党委书记、董事长", "secretary"),
    (ROOT_CODE, "党委副书记、总经理", "deputy_secretary"),
    (ROOT_CODE, "党委副书记、工会主席", "deputy_secretary"),
    (ROOT_CODE, "纪委书记", "discipline_officer"),
    (ROOT_CODE, "党群工作部部长", "organisation_officer"),
    (ROOT_CODE, "总会计师", "member"),
    ("QNDL-LY", "铝业分公司党委书记", "secretary"),
    ("QNDL-LY", "铝业分公司经理", "deputy_secretary"),
    ("QNDL-LY", "安全环保部部长", "discipline_officer"),
    ("QNDL-FD", "发电分公司党总支书记", "secretary"),
    ("QNDL-FD", "发电分公司总经理", "deputy_secretary"),
    ("QNDL-FD", "发电分公司副总经理", "organisation_officer"),
)


@dataclass(frozen=True)
class Login:
    """A demo account: the role, where it applies, and which person it is (a job title or a pick rule)."""

    username: str
    role: str
    org: str | None
    person: str = ""  # a job title, or "pick:<rule>" resolved by the builder
    note: str = field(default="", compare=False)


LOGINS = (
    Login("secretary", "secretary", "QNDL-DJ3", "pick:secretary", "main demo login: 电解三车间党支部书记"),
    Login("office", "party_office", ROOT_CODE, "党群工作部部长", "党群工作部, the whole company"),
    Login("committee", "committee_member", "QNDL-DJ3", "pick:organisation_officer", "组织委员, 电解三车间"),
    Login("group_leader", "group_leader", "QNDL-DJ3-G1", "pick:group_leader", "甲班党小组组长"),
    Login("member", "member", "QNDL-DJ3", "pick:member", "a party member of 电解三车间"),
    Login("employee", "employee", "QNDL-DJ3", "pick:employee", "a non-member employee (群众)"),
    Login("team_leader", "team_leader", "QNDL-DJ3", "pick:team_leader", "乙班班长"),
    Login("panel", "panel_member", ROOT_CODE, "安全环保部部长", "验收专项工作组 · 安全环保部"),
    # The rest of the year-end acceptance group (seed 000: leaders, 党群/安环/生产设备/财务/人力).
    Login("panel_lead", "panel_member", ROOT_CODE, "党委副书记、工会主席", "验收专项工作组 · 公司领导"),
    Login("panel_prod", "panel_member", ROOT_CODE, "生产设备部部长", "验收专项工作组 · 生产设备部"),
    Login("panel_fin", "panel_member", ROOT_CODE, "总会计师", "验收专项工作组 · 财务资产部"),
    Login("panel_hr", "panel_member", ROOT_CODE, "人力资源部部长", "验收专项工作组 · 人力资源部"),
    Login("leader", "leader", ROOT_CODE, "党委副书记、总经理", "company leader, read-only"),
    Login("sysadmin", "system_admin", None, "", "system administrator (accounts)"),
    Login("secadmin", "security_admin", None, "", "security administrator (roles)"),
    Login("auditor", "audit_admin", None, "", "audit administrator (audit log)"),
    Login("mes", "integration", ROOT_CODE, "", "MES/ERP data feed of 旗能电铝 (API only)"),
)
DEFAULT_PASSWORD = "Dangjian@2026"
