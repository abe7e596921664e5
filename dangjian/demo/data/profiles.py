"""Job profiles: what the people of a kind of production unit are called, who leads it, its gender and education mix.

`rank` decides how likely a person is to be a party member (leaders always are, cadres and skilled staff more often
than line workers), which is how the real rolls look: branches in offices run at 60–70 %, line crews at 20–30 %.
"""

from __future__ import annotations

from dataclasses import dataclass

LEADER, CADRE, WORKER = 3, 2, 1

# Education mixes: (education, weight).
WORKER_EDUCATION = [("secondary", 30), ("vocational", 58), ("bachelor", 12)]
CADRE_EDUCATION = [("vocational", 12), ("bachelor", 66), ("master", 20), ("doctor", 2)]
LEADER_EDUCATION = [("bachelor", 55), ("master", 40), ("doctor", 5)]

# Titles that mark a cadre or skilled post wherever they appear (班长 and 值长 lead a crew).
CADRE_TITLES = {"班长", "值长", "工程师", "主任工程师", "工艺员", "专工", "主管", "主值班员", "部长", "副部长", "经理"}


@dataclass(frozen=True)
class Profile:
    """The people of one kind of unit: the first person leads it, the rest draw titles by weight."""

    lead: str
    titles: tuple[tuple[str, int], ...]
    male_share: float
    office: bool = False  # office staff count as cadres for membership and education

    def rank(self, title: str) -> int:
        if self.office or title in CADRE_TITLES:
            return CADRE
        return WORKER


PROFILES = {
    "electrolysis_crew": Profile(
        "班长", (("电解工", 10), ("多功能天车工", 3), ("出铝工", 2), ("副班长", 1), ("槽控工", 1)), 0.93
    ),
    "crane_team": Profile("班长", (("天车工", 6), ("天车检修工", 3), ("电工", 1)), 0.9),
    "workshop_support": Profile("班长", (("检修工", 4), ("工艺员", 2), ("电工", 2), ("统计员", 1), ("安全员", 1)), 0.8),
    "anode_crew": Profile("班长", (("阳极工", 6), ("组装工", 5), ("浇铸工", 3), ("天车工", 2)), 0.9),
    "purification_crew": Profile("班长", (("净化工", 6), ("巡检工", 3), ("空压机工", 2)), 0.85),
    "casting_crew": Profile("班长", (("铸造工", 8), ("天车工", 2), ("质检员", 1)), 0.9),
    "rectifier_crew": Profile("班长", (("整流工", 5), ("电工", 4)), 0.85),
    "power_crew": Profile("值长", (("主值班员", 3), ("副值班员", 4), ("巡检员", 4), ("集控运行员", 3)), 0.88),
    "maintenance_team": Profile("班长", (("检修工", 6), ("钳工", 3), ("电焊工", 2), ("电工", 2)), 0.95),
    "fuel_crew": Profile("班长", (("燃料运行工", 5), ("输煤工", 4), ("卸车工", 2)), 0.9),
    "chemistry_crew": Profile("班长", (("化学运行工", 5), ("化验员", 3)), 0.45),
    "control_team": Profile("班长", (("热控工", 5), ("仪表工", 3)), 0.85),
    "lab_crew": Profile("班长", (("化验员", 6), ("取样工", 2)), 0.4),
    "qc_team": Profile("班长", (("质检员", 4), ("计量工", 3)), 0.6),
    "engineering": Profile("主任工程师", (("工程师", 4), ("专工", 3), ("助理工程师", 2)), 0.8, office=True),
    "office": Profile("部长", (("主管", 4), ("专员", 5), ("工程师", 2), ("副部长", 1)), 0.55, office=True),
    "sales": Profile("经理", (("销售主管", 2), ("客户经理", 4), ("销售员", 3)), 0.6, office=True),
    "purchasing": Profile("经理", (("采购员", 5), ("主管", 2), ("合同管理员", 1)), 0.6, office=True),
    "logistics_crew": Profile("班长", (("调度员", 3), ("铁路运输工", 4), ("装卸工", 3), ("司机", 2)), 0.9),
}
