"""The shape of the 中州铝业-like demo (seed 003): divisions and their party committees, workshops with their teams,
the peer groups by process with their items (internal and standard prices) and targets, and the demo logins."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal
ROOT_CODE = "ZZLY"
ROOT_NAME = "中州铝业公司党委"
COMPANY_NAME = "中州铝业"
STAFF, MEMBERS, PROBATIONARY = 2228, 589, 20  # 609 party members in all, as in seed 003
WINNERS = 22

# (division code, division name, its party org name, org kind, [(workshop name, peer group, teams, kind of team)])
DIVISIONS = [
    (
        "SC",
        "生产管控中心",
        "生产管控中心党委",
        "committee",
        [
            ("蒸发车间", "EVAP", 12, "shift_crew"),
            ("焙烧车间", "CALC", 12, "shift_crew"),
            ("溶出车间", "DIGE", 12, "shift_crew"),
            ("分解车间", "DECO", 12, "shift_crew"),
            ("原料车间", "RAW", 10, "shift_crew"),
        ],
    ),
    (
        "XC",
        "中州新材料",
        "中州新材料党委",
        "committee",
        [
            ("高端微粉事业部", "POWD", 10, "shift_crew"),
            ("高白车间", "POWD", 8, "shift_crew"),
            ("细白车间", "POWD", 8, "shift_crew"),
            ("配料区域", "RAW", 8, "team"),
        ],
    ),
    (
        "BZ",
        "生产保障中心",
        "生产保障中心党委",
        "committee",
        [
            ("动力车间", "SERV", 12, "team"),
            ("检修车间", "SERV", 14, "team"),
            ("管控班组", "SERV", 8, "team"),
            ("运输车间", "SERV", 12, "team"),
        ],
    ),
    (
        "KY",
        "中州矿业",
        "中州矿业党委",
        "committee",
        [
            ("维检中心", "SERV", 10, "team"),
            ("采矿车间", "MINE", 14, "team"),
            ("通讯保障组", "SERV", 6, "team"),
        ],
    ),
    (
        "RD",
        "热电厂",
        "热电厂党总支",
        "general_branch",
        [
            ("锅炉车间", "HEAT", 12, "shift_crew"),
            ("汽机车间", "HEAT", 10, "shift_crew"),
        ],
    ),
]


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    kind: str  # output | input
    uom: str
    price: Decimal


ITEMS = [
    ItemSpec("ZZ-AO", "氧化铝", "output", "t", D("2650")),
    ItemSpec("ZZ-AH", "氢氧化铝", "output", "t", D("1900")),
    ItemSpec("ZZ-SLURRY", "合格料浆", "output", "m³", D("95")),
    ItemSpec("ZZ-POWDER", "高端微粉", "output", "t", D("5200")),
    ItemSpec("ZZ-SELF", "自修产值", "output", "元", D("1")),
    ItemSpec("ZZ-ORE-OUT", "铝土矿产量", "output", "t", D("310")),
    ItemSpec("ZZ-ELEC-OUT", "供电量", "output", "kWh", D("0.36")),
    ItemSpec("ZZ-STEAM-OUT", "供汽量", "output", "t", D("128")),
    ItemSpec("ZZ-KWH", "电", "input", "kWh", D("0.38")),
    ItemSpec("ZZ-STEAM", "蒸汽", "input", "t", D("150")),
    ItemSpec("ZZ-GAS", "燃气", "input", "m³", D("2.6")),
    ItemSpec("ZZ-NAOH", "烧碱", "input", "t", D("2900")),
    ItemSpec("ZZ-ORE", "铝土矿", "input", "t", D("330")),
    ItemSpec("ZZ-WATER", "回水", "input", "m³", D("3.2")),
    ItemSpec("ZZ-SPARE", "备件", "input", "元", D("1")),
    ItemSpec("ZZ-OUTSRC", "外委费", "input", "元", D("1")),
    ItemSpec("ZZ-DIESEL", "柴油", "input", "t", D("7600")),
    ItemSpec("ZZ-COAL", "燃煤", "input", "t", D("820")),
]
# A price change in mid-month: steam gets cheaper from the 16th of the seventh month of the demo year.
PRICE_CHANGE = ("ZZ-STEAM", 7, 16, D("138"))


@dataclass(frozen=True)
class GroupSpec:
    """A peer group: its output and inputs with a shift's typical quantity (per 8 h of one worker for hours)."""

    code: str
    name: str
    outputs: dict[str, Decimal]
    inputs: dict[str, Decimal]
    crew: tuple[int, int] = (9, 14)
    points: str = "10,8,6"
    extra: dict = field(default_factory=dict)


GROUPS = [
    GroupSpec(
        "ZZ-EVAP",
        "蒸发横班",
        {"ZZ-AO": D(95)},
        {"ZZ-STEAM": D(520), "ZZ-KWH": D(21000), "ZZ-NAOH": D("4.2"), "ZZ-SPARE": D(3800)},
    ),
    GroupSpec("ZZ-CALC", "焙烧横班", {"ZZ-AO": D(120)}, {"ZZ-GAS": D(10400), "ZZ-KWH": D(16000), "ZZ-SPARE": D(4200)}),
    GroupSpec(
        "ZZ-DIGE",
        "溶出横班",
        {"ZZ-AO": D(110)},
        {"ZZ-ORE": D(290), "ZZ-NAOH": D("6.5"), "ZZ-STEAM": D(240), "ZZ-KWH": D(19000)},
    ),
    GroupSpec("ZZ-DECO", "分解横班", {"ZZ-AH": D(180)}, {"ZZ-KWH": D(42000), "ZZ-WATER": D(5200), "ZZ-SPARE": D(5200)}),
    GroupSpec("ZZ-RAW", "原料班组", {"ZZ-SLURRY": D(1450)}, {"ZZ-ORE": D(72), "ZZ-KWH": D(26000), "ZZ-SPARE": D(6100)}),
    GroupSpec(
        "ZZ-POWD",
        "微粉运行班组",
        {"ZZ-POWDER": D(16)},
        {"ZZ-STEAM": D(150), "ZZ-WATER": D(3800), "ZZ-GAS": D(5200), "ZZ-KWH": D(9000)},
    ),
    GroupSpec(
        "ZZ-SERV",
        "检修保障班组",
        {"ZZ-SELF": D(42000)},
        {"ZZ-OUTSRC": D(14000), "ZZ-SPARE": D(9500), "ZZ-KWH": D(3200)},
        crew=(6, 12),
    ),
    GroupSpec(
        "ZZ-MINE", "采矿班组", {"ZZ-ORE-OUT": D(640)}, {"ZZ-DIESEL": D("3.1"), "ZZ-KWH": D(21000), "ZZ-SPARE": D(18000)}
    ),
    GroupSpec(
        "ZZ-HEAT",
        "热电运行横班",
        {"ZZ-ELEC-OUT": D(380000), "ZZ-STEAM-OUT": D(900)},
        {"ZZ-COAL": D(205), "ZZ-WATER": D(2600), "ZZ-SPARE": D(5200)},
    ),
]


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    org: str | None  # an org code of this demo
    person: str  # "leader" (a 班长 of the org's first team), "secretary", "office" or ""
    note: str


LOGINS = (
    LoginSpec("zz_office", "party_office", ROOT_CODE, "office", "中州铝业党群工作部 · 卓越行动"),
    LoginSpec("zz_secretary", "secretary", "ZZLY-SC-B1", "secretary", "蒸发车间党支部书记"),
    LoginSpec("zz_team_leader", "team_leader", "ZZLY-SC-B1", "leader", "蒸发车间甲班班长 (daily entry)"),
    LoginSpec("zz_leader", "leader", ROOT_CODE, "", "中州铝业 company leader, read-only"),
)
