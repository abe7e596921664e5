"""旗能's recruitment: a file for everyone on the path today (applicants, activists, candidates, probationary members)
and a completed file for each member admitted in 2020–2022, with the steps their roll dates imply (the dates of the
roll are the file's, so the 337 members and the pipeline agree), and the branches' plans for 2020–2022 and this year.
Some steps are left undone where they fall due (a talk, a half-yearly review, an approval), so the board and the home
pages show overdue items. History from before the system is written in bulk (it is the paper record, the statuses are
already on the roll) with one audit row per object; idempotent (once the company has a file, nothing is done)."""

from __future__ import annotations

import datetime as dt
import random
import time

from dangjian.affairs.recruitment import rules
from dangjian.affairs.recruitment.models import Dossier, Plan, StepRecord
from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.demo.data import qineng
from dangjian.org.models import PartyOrg, Person

PIPELINE = ("applicant", "activist", "candidate", "probationary")
DAY = dt.timedelta(days=1)
# How many files leave each kind of step undone where it falls due: "some overdue" on the office's board is a
# handful (at most 3 + 4 + 2 = 9 of the ~66 open files), not half of them. Whether a left step is already overdue
# or only due soon follows from the person's roll dates.
LEFT_UNDONE = {"talk": 3, "activist_review": 4, "approval": 2}


def _steps(
    person: Person, today: dt.date, rng: random.Random, members: list[Person], left: dict[str, int]
) -> list[dict]:
    """The steps the person's roll dates imply, in order, none after today; a few due ones left undone (while
    `left` allows, counting down)."""
    out: list[dict] = []

    def leave(code: str, chance: float) -> bool:
        if left[code] > 0 and rng.random() < chance:
            left[code] -= 1
            return True
        return False

    def add(code, on, **extra):
        if on > today or (out and on < out[-1]["done_on"]):
            return False
        out.append({"step": code, "done_on": on, **extra})
        return True

    applied = person.applied_on
    add("apply", applied)
    talk = applied + dt.timedelta(days=rng.randint(8, 25))
    if person.party_status == "applicant" and leave("talk", 0.3):
        return out  # the talk not held yet (overdue once a month has passed)
    add("talk", talk)
    if not person.activist_on:
        return out
    activist = person.activist_on
    add("activist", activist)
    add("activist_filed", activist + 5 * DAY)
    add("contacts", activist + 6 * DAY)
    end = person.candidate_on or today
    review = rules.add_months(activist, 5)
    while review < end:
        if person.party_status == "activist" and rules.add_months(review, 6) > today and leave("activist_review", 0.4):
            break  # the latest review not held (overdue)
        add("activist_review", review)
        review = rules.add_months(review, 5)
    if not person.candidate_on:
        return out
    if person.candidate_on < rules.candidate_earliest(activist):
        return []  # a roll date the rule refuses: leave the file out rather than invent dates
    candidate = person.candidate_on
    add("candidate", candidate)
    add("candidate_filed", candidate + 3 * DAY)
    pair = [m for m in members if m.pk != person.pk][:2]
    if len(pair) == 2:
        add("introducers", candidate + 10 * DAY, introducers=pair)
    add("political_review", candidate + 25 * DAY)
    add("training", candidate + 40 * DAY, training_days=3)
    add("committee_review", candidate + 50 * DAY)
    add("pre_review", candidate + 55 * DAY)
    add("application_form", candidate + 60 * DAY)
    if not person.probationary_on:
        return out
    vote = person.probationary_on
    voters = max(3, len(members))
    add("admission_vote", vote, votes_for=voters - rng.randint(0, 2))
    add("higher_talk", vote + 10 * DAY)
    approval = vote + dt.timedelta(days=rng.randint(30, 80))
    if person.party_status == "probationary" and approval > today - dt.timedelta(days=60) and leave("approval", 0.4):
        return out  # approval still awaited
    if add("approval", approval):
        add("approval_filed", approval + 7 * DAY)
        add("placed", approval + 10 * DAY)
        add("oath", approval + 20 * DAY)
        review = rules.add_months(vote, 5)
        while review < (person.full_member_on or today):
            add("probation_review", review)
            review = rules.add_months(review, 5)
    if not person.full_member_on:
        return out
    add("conversion_request", person.full_member_on - 10 * DAY)
    add("conversion_vote", person.full_member_on, votes_for=voters - rng.randint(0, 2))
    add("conversion_approval", person.full_member_on + dt.timedelta(days=rng.randint(15, 40)))
    add("archived", person.full_member_on + 50 * DAY)
    return out


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or Dossier.objects.filter(org__path__startswith=root.path).exists():
        return
    started = time.monotonic()
    rng = random.Random(20260618)
    people = list(
        Person.objects.filter(branch__path__startswith=root.path, active=True)
        .select_related("branch")
        .order_by("employee_no")
    )
    members = {}
    for p in people:
        if p.party_status == "member" and p.full_member_on and p.full_member_on.year < 2020:
            members.setdefault(p.branch_id, []).append(p)
    chosen = [
        p
        for p in people
        if p.party_status in PIPELINE
        or (p.party_status == "member" and p.probationary_on and 2020 <= p.probationary_on.year <= 2022)
    ]
    files, plans_of = [], {}
    left = dict(LEFT_UNDONE)
    for person in chosen:
        steps = _steps(person, today, rng, members.get(person.branch_id, []), left)
        if not steps or steps[0]["step"] != "apply" or rules.age_on(person.birth_date, person.applied_on) < 18:
            continue
        done = steps[-1]["step"] == "archived"
        intro = next((s["introducers"] for s in steps if "introducers" in s), [None, None])
        dossier = Dossier(
            person=person,
            org=person.branch,
            opened_on=person.applied_on,
            state=Dossier.State.COMPLETED if done else Dossier.State.OPEN,
            closed_on=steps[-1]["done_on"] if done else None,
            introducer_1=intro[0],
            introducer_2=intro[1],
            introducer_1_relation="none" if intro[0] else "",
            introducer_2_relation="none" if intro[1] else "",
        )
        files.append((dossier, steps))
        for s in steps:
            if s["step"] == "approval":
                key = (person.branch_id, s["done_on"].year)
                plans_of[key] = plans_of.get(key, 0) + 1
    Dossier.objects.bulk_create([d for d, _s in files])
    records = [
        StepRecord(
            dossier=d,
            step=s["step"],
            done_on=s["done_on"],
            note="",
            votes_for=s.get("votes_for"),
            votes_against=0 if "votes_for" in s else None,
            abstentions=0 if "votes_for" in s else None,
            training_days=s.get("training_days"),
        )
        for d, steps in files
        for s in steps
    ]
    StepRecord.objects.bulk_create(records, batch_size=1000)
    branches = sorted({p.branch_id for p in people})
    plans = []
    for branch in branches:
        for year in (2020, 2021, 2022, today.year):
            actual = plans_of.get((branch, year), 0)
            if actual or rng.random() < 0.5:
                plans.append(Plan(org_id=branch, year=year, planned=max(1, actual + rng.choice((-1, 0, 0, 1)))))
    Plan.objects.bulk_create(plans)
    audit.record_many(actor=SYSTEM, action=AuditLog.Action.CREATE, objs=[d for d, _s in files] + plans)
    opened = sum(1 for d, _s in files if d.state == Dossier.State.OPEN)
    stdout.write(
        f"Loaded recruitment: {opened} open files, {len(files) - opened} completed (2020–2022 admissions), "
        f"{len(records)} steps, {len(plans)} plans in {time.monotonic() - started:.1f} s."
    )
