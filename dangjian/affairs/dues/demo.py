"""The demo company's party dues: a year of it (the twelve months before the demo's today), on the 2008 rules.

Every party member gets a base for the dues year before (imported from payroll, as SYSTEM); in July about half get
a renewed base (a pay rise) and the July recalculation carries the others forward. Each branch collects each month
(cash, WeChat, payroll deduction), some members add a voluntary extra, and a handful fall behind: a few by a month
or two, some by four or five (flagged), two by seven months — one with a reason noted (long sick leave), one without
(the six-month warning). Branches close each month except the last, which a few have not closed yet (the office's
home page names them). The secretary's own branch has arrears for the home page. Idempotent: nothing is done once
the company has bases."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from dangjian.affairs.dues import months, services
from dangjian.affairs.dues.models import DuesBase
from dangjian.affairs.dues.rates import Category, dues_year
from dangjian.affairs.dues.selectors import branches, members_of
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import PartyOrg

CHANNELS = ("wechat", "wechat", "payroll", "payroll", "cash", "bank", "alipay")
# After-tax monthly pay, in 元: a few exactly on a bracket boundary so the brackets show.
BOUNDARIES = (Decimal("3000.00"), Decimal("5000.00"), Decimal("10000.00"))


def _pay(rng: random.Random) -> Decimal:
    if rng.random() < 0.06:
        return rng.choice(BOUNDARIES)
    return Decimal(rng.randrange(280000, 1350000, 50)) / 100


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or DuesBase.objects.filter(person__branch__path__startswith=root.path).exists():
        return
    from django.contrib.auth import get_user_model

    started = time.monotonic()
    rng = random.Random(20260618)
    last = months.add(months.first(today), -1)
    span = months.between(months.add(last, -11), last)
    first_year = dues_year(span[0])
    members = list(members_of(branch_paths=[root.path]))
    secretary = get_user_model().objects.filter(username="secretary").first()
    home_branch = secretary.person.branch_id if secretary and secretary.person_id else None
    # Who falls behind, and by how many months (counted back from the last month).
    behind: dict[int, int] = {}
    pool = [m for m in members if m.branch_id != home_branch and (not secretary or m.pk != secretary.person_id)]
    own = [m for m in members if m.branch_id == home_branch and (not secretary or m.pk != secretary.person_id)]
    for n, person in zip((1, 2, 2, 4, 5, 7, 7), rng.sample(pool, min(7, len(pool))), strict=False):
        behind[person.pk] = n
    for n, person in zip((4, 7), own[-2:], strict=False):
        behind[person.pk] = n
    excused = next((pk for pk, n in behind.items() if n == 7), None)
    with phase_atomic(), DemoClock(span[0]) as clock:
        clock.at(dt.date(first_year, 7, 3))
        for person in members:
            category = Category.RETIRED if rng.random() < 0.03 else Category.EMPLOYED
            services.base_set(
                actor=SYSTEM,
                person=person,
                year=first_year,
                base=_pay(rng),
                category=category,
                source=DuesBase.Source.IMPORT,
            )
        if span[-1] >= dt.date(first_year + 1, 7, 1):
            clock.at(dt.date(first_year + 1, 7, 2))
            previous = {b.person_id: b for b in DuesBase.objects.filter(year=first_year, person__in=members)}
            for person in members[::2]:
                old = previous[person.pk]
                services.base_set(
                    actor=SYSTEM,
                    person=person,
                    year=first_year + 1,
                    base=(old.base * Decimal("1.04")).quantize(Decimal("0.01")),
                    category=old.category,
                    source=DuesBase.Source.IMPORT,
                )
            services.annual_recalculate(actor=SYSTEM, org=root, year=first_year + 1)
        orgs = branches(org=root)
        by_branch: dict[int, list] = {}
        for person in members:
            by_branch.setdefault(person.branch_id, []).append(person)
        payments = 0
        late = {b.pk for b in rng.sample(orgs, min(3, len(orgs)))}
        for month in span:
            unpaid_from = {pk: months.add(last, -(n - 1)) for pk, n in behind.items()}
            clock.at(month + dt.timedelta(days=12))
            for branch in orgs:
                people = [p for p in by_branch.get(branch.pk, []) if month < unpaid_from.get(p.pk, dt.date.max)]
                if not people:
                    continue
                extras = {p.pk: Decimal(rng.choice((50, 100, 200))) for p in people if rng.random() < 0.02}
                payments += len(
                    services.payments_record(
                        actor=SYSTEM,
                        branch=branch,
                        month=month,
                        people=people,
                        paid_on=month + dt.timedelta(days=rng.randint(3, 11)),
                        channel=rng.choice(CHANNELS),
                        extras=extras,
                    )
                )
            clock.at(months.add(month, 1) + dt.timedelta(days=4))
            for branch in orgs:
                if by_branch.get(branch.pk) and not (month == last and branch.pk in late):
                    services.month_reconcile(actor=SYSTEM, branch=branch, month=month)
        if excused is not None:
            clock.at(last + dt.timedelta(days=20))
            person = next(p for p in members if p.pk == excused)
            services.reason_note(actor=SYSTEM, person=person, reason="长期病休，家属代为说明，康复后一次补交")
    stdout.write(
        f"Loaded dues: {len(members)} members' bases, {payments} monthly payments over {len(span)} months, "
        f"{len(behind)} members behind, in {time.monotonic() - started:.1f} s."
    )
