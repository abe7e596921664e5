"""The demo company's transfers (组织关系转接) and floating members (流动党员), through the services as SYSTEM.

A few in each direction, at every step: members who moved between branches (confirmed), one whose letter is out and
past its deadline, one asked for and waiting for 党群工作部, one coming to 电解三车间 (the demo secretary's branch,
so their home page has something to confirm); members who left for organisations outside (one still waiting for the
return slip); members registered as coming in from outside (approved, waiting to report in — confirmed ones would
add people to the 963 of the articles). Three floating members. Idempotent: once the company has a transfer,
nothing is done."""

from __future__ import annotations

import datetime as dt
import random
import time

from dangjian.affairs.transfers import services
from dangjian.affairs.transfers.models import Transfer
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import PartyOrg, Person

HOME_BRANCH = "QNDL-DJ3"
OUTSIDE = ("中共重庆市綦江区委组织部", "中共贵州省遵义市委组织部", "中共重庆大学委员会", "中共四川省宜宾市委组织部")


def _members(branch: PartyOrg, rng: random.Random, taken: set[int]) -> Person:
    """A full member of `branch` without a login or a committee seat (the demo's logins stay where they are)."""
    rows = list(
        Person.objects.filter(
            branch=branch, active=True, party_status="member", account__isnull=True, seats__isnull=True
        )
        .exclude(pk__in=taken)
        .order_by("pk")
    )
    person = rng.choice(rows)
    taken.add(person.pk)
    return person


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or Transfer.objects.filter(company=root).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260618)
    branches = list(
        PartyOrg.objects.filter(path__startswith=root.path, kind="branch", people__party_status="member")
        .distinct()
        .order_by("path")
    )
    home = next(b for b in branches if b.code == HOME_BRANCH)
    others = [b for b in branches if b != home]
    taken: set[int] = set()
    with phase_atomic(), DemoClock(today - dt.timedelta(days=400)) as clock:

        def go(transfer, steps, day):
            """Take `steps` on `transfer` on successive days from `day`."""
            for n, step in enumerate(steps):
                on = day + dt.timedelta(days=7 * n)
                clock.at(on, 10)
                if step == "approve":
                    services.transfer_approve(actor=SYSTEM, transfer=transfer)
                elif step == "send":
                    services.transfer_send(actor=SYSTEM, transfer=transfer, on=on)
                elif step == "confirm":
                    services.transfer_confirm(actor=SYSTEM, transfer=transfer, on=on)
                elif step == "reject":
                    services.transfer_reject(actor=SYSTEM, transfer=transfer, reason="本人撤回调动申请，暂缓转接")
            return transfer

        def internal(source, target, day, steps, reason):
            clock.at(day, 9)
            person = _members(source, rng, taken)
            transfer = services.transfer_request(
                actor=SYSTEM, kind="internal", person=person, to_org=target, reason=reason
            )
            return go(transfer, steps, day + dt.timedelta(days=2))

        full = ("approve", "send", "confirm")
        made = [
            internal(others[0], home, today - dt.timedelta(days=330), full, "岗位调整至电解三车间"),
            internal(home, others[1], today - dt.timedelta(days=260), full, "调任检修车间技术员"),
            internal(others[2], others[3], today - dt.timedelta(days=180), full, "工作调动"),
            internal(others[4], others[0], today - dt.timedelta(days=120), ("reject",), "轮岗"),
            # a letter out past its deadline: the member has not reported in
            internal(others[5], others[6], today - dt.timedelta(days=60), ("approve", "send"), "借调至发电分公司"),
            # on its way to 电解三车间: the demo secretary confirms it
            internal(others[1], home, today - dt.timedelta(days=20), ("approve", "send"), "岗位调整至电解三车间"),
            # asked for, waiting for 党群工作部
            internal(home, others[2], today - dt.timedelta(days=5), (), "家庭原因申请调至采购和物流分公司"),
        ]
        for n, (source, day, steps) in enumerate(
            [
                (others[3], today - dt.timedelta(days=300), full),
                (others[6], today - dt.timedelta(days=150), full),
                (home, today - dt.timedelta(days=25), ("approve", "send")),
            ]
        ):
            clock.at(day, 9)
            person = _members(source, rng, taken)
            transfer = services.transfer_request(
                actor=SYSTEM, kind="out", person=person, outside_org=OUTSIDE[n], reason="调离本公司"
            )
            made.append(go(transfer, steps, day + dt.timedelta(days=3)))
        arrivals = [
            ("王晓雯", "female", "member", dt.date(2015, 7, 1), home, ("approve",), 12),
            ("刘承志", "male", "probationary", today - dt.timedelta(days=200), others[0], (), 4),
        ]
        for n, (name, gender, status, since, branch, steps, ago) in enumerate(arrivals):
            day = today - dt.timedelta(days=ago)
            clock.at(day, 9)
            transfer = services.transfer_request(
                actor=SYSTEM,
                kind="in",
                to_org=branch,
                outside_org=OUTSIDE[2 + n],
                reason="新入职" if n else "调入本公司",
                letter_no=f"渝组转〔{day.year}〕{31 + n}号",
                report_by=day + dt.timedelta(days=30),
                name=name,
                employee_no=f"QN-IN-{n + 1:03d}",
                gender=gender,
                party_status=status,
                status_since=since,
            )
            made.append(go(transfer, steps, day + dt.timedelta(days=1)))
        places = (
            ("广东省深圳市宝安区", "外派技术支持", "wechat", "QN_support", "中共深圳市宝安区某园区委员会"),
            ("新疆维吾尔自治区昌吉州", "援疆项目", "phone", "13900000000", ""),
            ("重庆市沙坪坝区", "脱产学习（在职研究生）", "email", "study@example.com", "中共重庆大学委员会"),
        )
        for n, (location, reason, method, contact, local) in enumerate(places):
            day = today - dt.timedelta(days=90 - 20 * n)
            clock.at(day, 9)
            services.floating_create(
                actor=SYSTEM,
                person=_members(home if n == 0 else others[n], rng, taken),
                location=location,
                reason=reason,
                contact_method=method,
                contact=contact,
                local_org=local,
                since=day,
                last_contact_on=day + dt.timedelta(days=30) if n < 2 else None,
            )
    stdout.write(
        f"  transfers: {len(made)} transfers, {len(places)} floating members ({time.monotonic() - started:.1f}s)\n"
    )
