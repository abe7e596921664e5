"""Realistic person attributes from a seeded random generator: names, phones, birth dates, education and the dates of
the recruitment steps, consistent with DOMAIN.md's rules (applicant ≥ 18, ≥ 1 year as activist before becoming a
candidate, probation of one year). Shared by the demo company and the group-scale generator."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.demo.data.names import FEMALE_GIVEN, MALE_GIVEN, SURNAMES
from dangjian.demo.data.profiles import CADRE, CADRE_EDUCATION, LEADER, LEADER_EDUCATION, WORKER_EDUCATION

PHONE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 158 159 177 180 182 185 186 187 188 189 199".split()
)
# Ages (years) by party status: who is plausibly where on the path.
AGES = {
    "member": (26, 58),
    "probationary": (23, 36),
    "candidate": (22, 36),
    "activist": (21, 36),
    "applicant": (20, 33),
    "non_member": (20, 58),
}
STATUSES = ("non_member", "applicant", "activist", "candidate", "probationary", "member")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k items without replacement, each drawn with probability proportional to its weight (Efraimidis–Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keyed[:k]]


class PeopleMaker:
    """Draws person attributes; every draw comes from `rng`, so the same seed gives the same people."""

    def __init__(self, rng: random.Random, today: dt.date, unique_names: bool = True):
        self.rng = rng
        self.today = today
        self.unique_names = unique_names
        self._names: set[str] = set()
        self._phones: set[str] = set()
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_weights = [w for _, w in SURNAMES]

    def gender(self, male_share: float) -> str:
        return "male" if self.rng.random() < male_share else "female"

    def name(self, gender: str) -> str:
        pool = MALE_GIVEN if gender == "male" else FEMALE_GIVEN
        for _ in range(50):
            surname = self.rng.choices(self._surnames, self._surname_weights)[0]
            given = "".join(self.rng.choice(pool) for _ in range(1 if self.rng.random() < 0.22 else 2))
            name = surname + given
            if not self.unique_names or name not in self._names:
                self._names.add(name)
                return name
        return name

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def education(self, rank: int) -> str:
        mix = LEADER_EDUCATION if rank >= LEADER else CADRE_EDUCATION if rank == CADRE else WORKER_EDUCATION
        return self.rng.choices([e for e, _ in mix], [w for _, w in mix])[0]

    def birth_date(self, status: str, rank: int) -> dt.date:
        low, high = (40, 58) if rank >= LEADER else AGES[status]
        age_days = self.rng.randint(low * 365, high * 365 + 364)
        return self.today - dt.timedelta(days=age_days)

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def step_dates(self, status: str, birth: dt.date) -> dict[str, dt.date]:
        """The recruitment-step dates up to `status`, in order, all in the past, application at 18 or later.

        Worked backwards from the last step so recent steps land where a live roll has them: probationary members
        within the last year, candidates within months, applicants within weeks."""
        if status == "non_member":
            return {}
        rng, today = self.rng, self.today
        dates: dict[str, dt.date] = {}
        if status == "member":
            # Most members join between 22 and 38; never later than two months ago.
            joined = add_years(birth, 22) + dt.timedelta(days=rng.randint(0, 16 * 365))
            dates["full_member_on"] = min(joined, today - self._days(60, 400))
            dates["probationary_on"] = dates["full_member_on"] - self._days(365, 372)
        elif status == "probationary":
            dates["probationary_on"] = today - self._days(20, 340)
        if "probationary_on" in dates:
            dates["candidate_on"] = dates["probationary_on"] - self._days(90, 240)
        elif status == "candidate":
            dates["candidate_on"] = today - self._days(10, 200)
        if "candidate_on" in dates:
            dates["activist_on"] = dates["candidate_on"] - self._days(365, 560)
        elif status == "activist":
            dates["activist_on"] = today - self._days(10, 330)
        if "activist_on" in dates:
            dates["applied_on"] = dates["activist_on"] - self._days(30, 150)
        else:
            dates["applied_on"] = today - self._days(5, 150)
        if dates["applied_on"] < add_years(birth, 18):
            # Too young for this path: move every step later by the gap (they stay in order and in the past,
            # because the ages in AGES leave room).
            gap = add_years(birth, 18) - dates["applied_on"]
            dates = {k: v + gap for k, v in dates.items()}
        return dates
