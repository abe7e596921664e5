"""The demo company's handbook: the standard procedures in effect from the start of last year (so every demo
meeting shows its checklist), a second version of the 支部党员大会 procedure published two months ago (the meetings
before keep version 1), and this year's 三项清单 — the company's list, each branch secretary's, the 组织委员's of
电解三车间 and the lists of its members — with duties the meeting records prove. Written through the services as
SYSTEM; idempotent (once the company has procedures, nothing is done)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.services import SYSTEM
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.handbook import services
from dangjian.handbook.models import DutyKind, Procedure, ProcedureKind
from dangjian.handbook.standard import STANDARD
from dangjian.org.models import CommitteeSeat, PartyOrg, Person

SHOWCASE_BRANCH = "QNDL-DJ3"

COMPANY_DUTIES = [
    ("党委每季度专题研究党建工作", "", 1, "2025年党委会纪要第3、6、9、12期"),
    ("基层党支部按期召开组织生活会", "org_review", 1, ""),
    ("开展谈心谈话，掌握党员思想动态", "org_talk", 1, ""),
    ("落实党风廉政建设责任制，签订责任书", "", 1, ""),
]
SECRETARY_DUTIES = [
    ("每年至少为党员讲一次党课", "lectures_given", 1),
    ("主持召开支委会、党员大会", "meetings_hosted", 6),
    ("按期召开组织生活会", "org_review", 1),
    ("与支委、党员开展谈心谈话", "org_talk", 1),
    ("推进本支部党建+X项目，按月评估", "", 1),
]
COMMITTEE_DUTIES = [
    ("落实三会一课制度，做好会议记录", "meetings_attended", 10),
    ("按期完成会议确定的工作任务", "actions_done", 1),
    ("做好发展党员和入党积极分子培养", "", 1),
]
MEMBER_DUTIES = [
    ("按时参加组织生活", "meetings_attended", 10),
    ("按期落实会议分工", "actions_done", 1),
    ("在党员责任区、先锋岗履职尽责", "", 1),
]


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or Procedure.objects.filter(company=root).exists():
        return
    with phase_atomic():
        start = dt.date(today.year - 1, 1, 1)
        services.standard_load(actor=SYSTEM, company=root, effective_from=start)
        assembly = Procedure.objects.get(company=root, kind=ProcedureKind.GENERAL_ASSEMBLY, retired_on=None)
        steps = [
            services.StepIn(*step) for step in dict((k, s) for k, _n, s in STANDARD)[ProcedureKind.GENERAL_ASSEMBLY]
        ]
        steps.insert(-1, services.StepIn("after", "会议决议报上级党组织备案", "书记", "", None))
        services.procedure_publish(
            actor=SYSTEM,
            procedure=assembly,
            steps=steps,
            note="新增：会议决议报上级党组织备案",
            effective_from=today - dt.timedelta(days=60),
        )
        lists = _duties(root, today)
    stdout.write(f"handbook: {len(STANDARD)} procedures, {lists} responsibility lists\n")


def _add(duty_list, rows, today: dt.date) -> None:
    for row in rows:
        text, proof, target = row[0], row[1], row[2]
        item = services.duty_item_save(actor=SYSTEM, duty_list=duty_list, text=text, proof=proof, target=target)
        note = row[3] if len(row) > 3 else ""
        if note:
            services.duty_item_done(actor=SYSTEM, item=item, done_on=today - dt.timedelta(days=20), evidence=note)


def _duties(root: PartyOrg, today: dt.date) -> int:
    year = today.year
    count = 1
    company = services.duty_list_save(
        actor=SYSTEM, org=root, kind=DutyKind.COMPANY, holder=None, year=year, title=f"{year}年落实全面从严治党责任清单"
    )
    _add(company, COMPANY_DUTIES, today)
    seats = (
        CommitteeSeat.objects.filter(org__path__startswith=root.path, org__kind="branch", until__isnull=True)
        .filter(role__in=["secretary", "organisation_officer"])
        .select_related("org", "person")
        .order_by("org__path", "role")
    )
    for seat in seats:
        if seat.role == "organisation_officer" and seat.org.code != SHOWCASE_BRANCH:
            continue
        kind = DutyKind.SECRETARY if seat.role == "secretary" else DutyKind.COMMITTEE
        word = "书记抓党建责任清单" if kind == DutyKind.SECRETARY else "班子成员抓党建责任清单"
        duty_list = services.duty_list_save(
            actor=SYSTEM,
            org=seat.org,
            kind=kind,
            holder=seat.person,
            year=year,
            title=f"{year}年{seat.person.name}{word}",
        )
        _add(duty_list, SECRETARY_DUTIES if kind == DutyKind.SECRETARY else COMMITTEE_DUTIES, today)
        count += 1
    branch = PartyOrg.objects.filter(code=SHOWCASE_BRANCH).first()
    if branch is not None:
        members = Person.objects.filter(branch=branch, party_status="member", active=True).order_by("employee_no")[:12]
        for person in members:
            duty_list = services.duty_list_save(
                actor=SYSTEM,
                org=branch,
                kind=DutyKind.MEMBER,
                holder=person,
                year=year,
                title=f"{year}年{person.name}党员履责清单",
            )
            _add(duty_list, MEMBER_DUTIES, today)
            count += 1
    return count
