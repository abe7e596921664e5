"""Reads of recruitment. Lists start from `restrict(user, action)`; a file out of scope is NotFound. `progress` is
the one place that says where a file stands: the next step, what is due when (time rules), and the warnings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.affairs.recruitment import rules, steps
from dangjian.affairs.recruitment.models import Dossier, LocalStep, Plan, StepRecord
from dangjian.core.errors import NotFound
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.meetings.models import MeetingType
from dangjian.meetings.selectors import MeetingFilters, meeting_list
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg, Person

# A list of files is bounded: more than this many open files in one view is not one officer's pipeline.
MAX_FILES = 1000


def visible_org(*, user, code: str | None = None) -> PartyOrg:
    """The org a page is about: the one named (if the user sees its files) or the top of the user's scope."""
    orgs = PartyOrg.objects.restrict(user, VIEW)
    if code:
        org = orgs.filter(code=code).first()
        if org is None or not can_at(user, "recruitment", VIEW, org):
            raise NotFound(_("No such organisation."))
        return org
    scope = scope_for(user, "recruitment", VIEW)
    paths = sorted(scope.paths, key=len)
    org = orgs.filter(path=paths[0]).first() if paths else None
    if org is None:
        raise NotFound(_("No such organisation."))
    return org


def files(*, user, org: PartyOrg | None = None, state: str = Dossier.State.OPEN, action: str = VIEW) -> QuerySet:
    qs = Dossier.objects.restrict(user, action).select_related("person", "org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if state:
        qs = qs.filter(state=state)
    return qs.prefetch_related(Prefetch("records", queryset=StepRecord.objects.order_by("done_on", "id")))


def file_get(*, user, pk: int, action: str = VIEW) -> Dossier:
    found = (
        Dossier.objects.restrict(user, action)
        .select_related("person", "org", "person__branch", "introducer_1", "introducer_2")
        .prefetch_related(
            Prefetch(
                "records",
                queryset=StepRecord.objects.select_related("local_step", "meeting", "recorded_by").order_by(
                    "done_on", "id"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such recruitment file."))
    return found


def local_steps(*, company_id: int, active_only: bool = True) -> list[LocalStep]:
    qs = LocalStep.objects.filter(company_id=company_id)
    if active_only:
        qs = qs.filter(active=True)
    return list(qs.order_by("after", "order"))


def local_step_of(*, dossier: Dossier, pk: int) -> LocalStep:
    """A local sub-step of the file's company by id, or NotFound (another company's is the same as none)."""
    local = LocalStep.objects.filter(pk=pk, company_id=tenancy.company_pk(dossier.org)).first()
    if local is None:
        raise NotFound(_("No such step."))
    return local


def slots_of(local: list[LocalStep]) -> list[tuple[steps.Step, LocalStep | None]]:
    by_step = defaultdict(list)
    for item in local:
        if item.active:
            by_step[item.after].append(item)
    slots = []
    for definition in steps.NATIONAL:
        slots.append((definition, None))
        slots += [(definition, item) for item in by_step[definition.code]]
    return slots


@dataclass
class Due:
    label: str
    on: dt.date
    overdue: bool
    soon: bool
    earliest: bool = False  # a day from which the step may be taken, not a deadline
    step: str = ""  # the code of the step that meets it (recording it ends the due)


@dataclass
class Progress:
    next: tuple | None
    stage: int
    dues: list[Due] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.dues)

    @property
    def first_due(self) -> Due | None:
        dated = [d for d in self.dues if not d.earliest]
        return min(dated, key=lambda d: d.on) if dated else None

    @property
    def next_label(self) -> str:
        if self.next is None:
            return ""
        definition, local = self.next
        return local.name if local else f"{definition.number}. {definition.name}"


def _dates_by_step(records) -> dict[str, list[dt.date]]:
    """The national steps' dates, each step's sorted: one pass over the records (a file's rules read them often)."""
    found = defaultdict(list)
    for r in records:
        if r.local_step_id is None:
            found[r.step].append(r.done_on)
    for dates in found.values():
        dates.sort()
    return found


def _firsts(dates: dict[str, list[dt.date]]) -> dict[str, dt.date | None]:
    return {code: (dates.get(code) or [None])[0] for code in steps.CODES}


def progress(
    dossier: Dossier, records: list[StepRecord], slots, today: dt.date, *, with_warnings: bool = True
) -> Progress:
    """Where a file stands on `today`: the next step, what is due (deadlines of the time rules, the half-yearly
    reviews), and (with_warnings) the warnings of rules kept late."""
    done = {(r.step, r.local_step_id) for r in records}
    following = (
        next(((d, lo) for d, lo in slots if (d.code, lo.pk if lo else None) not in done), None)
        if dossier.state == Dossier.State.OPEN
        else None
    )
    stage = following[0].stage if following else 5
    dates = _dates_by_step(records)
    first = _firsts(dates)
    result = Progress(next=following, stage=stage)

    def due(label, on, step, earliest=False):
        result.dues.append(
            Due(
                label=label,
                on=on,
                overdue=not earliest and on < today,
                soon=not earliest and today <= on <= today + dt.timedelta(days=rules.UPCOMING_DAYS),
                earliest=earliest,
                step=step,
            )
        )

    vote = first["admission_vote"]
    if following is not None and following[1] is None:
        code = following[0].code
        if code == "talk":
            due(_("talk with the applicant"), rules.talk_due(first["apply"]), code)
        elif code == "candidate":
            due(_("may become a candidate"), rules.candidate_earliest(first["activist"]), code, earliest=True)
        elif code == "approval":
            due(_("approval by the higher committee"), rules.approval_due(vote), code)
        elif code == "conversion_vote":
            due(_("conversion vote"), rules.probation_end(vote, dossier.extension_months), code)
    if dossier.state == Dossier.State.OPEN:
        if first["activist"] and not first["candidate"]:
            last = max([first["activist"], *dates.get("activist_review", [])])
            due(_("half-yearly review of the activist"), rules.review_due(last), "activist_review")
        if first["approval"] and not first["conversion_vote"]:
            last = max([vote, *dates.get("probation_review", [])])
            due(_("half-yearly review in probation"), rules.review_due(last), "probation_review")
    if with_warnings:
        result.warnings = warnings(dossier, records, dates)
    return result


def warnings(dossier: Dossier, records: list[StepRecord], dates: dict | None = None) -> list[str]:
    """The rules a file kept late (warned, not refused): talk after a month, a gap of more than six months between
    reviews of an activist, approval after 3 months, conversion discussed more than a month after probation ended."""
    found = []
    dates = _dates_by_step(records) if dates is None else dates
    first = _firsts(dates)
    if first["talk"] and first["talk"] > rules.talk_due(first["apply"]):
        found.append(_("The talk came more than a month after the application."))
    if first["activist"]:
        end = first["candidate"] or None
        points = [first["activist"], *dates.get("activist_review", [])] + ([end] if end else [])
        if any(b > rules.review_due(a) for a, b in zip(points, points[1:], strict=False)):
            found.append(_("The activist went more than six months without a review."))
    vote = first["admission_vote"]
    if vote and first["approval"] and first["approval"] > rules.approval_due(vote):
        found.append(_("Approval came more than 3 months after the admission vote."))
    if vote and first["conversion_vote"]:
        end = rules.probation_end(vote, dossier.extension_months)
        if first["conversion_vote"] > rules.add_months(end, 1):
            found.append(_("Conversion was discussed more than a month after probation ended."))
    return found


def with_progress(
    dossiers, today: dt.date | None = None, records_of: dict | None = None, *, with_warnings: bool = True
) -> list[tuple[Dossier, Progress]]:
    """Each file with its progress: the sub-steps of each company read once. `records_of` (file id → its records in
    order) when they were read already; else each file's prefetched records."""
    today = today or timezone.localdate()
    dossiers = list(dossiers)
    companies = {tenancy.company_pk(d.org) for d in dossiers}
    local = defaultdict(list)
    for item in LocalStep.objects.filter(company_id__in=companies, active=True).order_by("after", "order"):
        local[item.company_id].append(item)
    slots = {c: slots_of(local[c]) for c in companies}
    return [
        (
            d,
            progress(
                d,
                records_of[d.pk] if records_of is not None else list(d.records.all()),
                slots[tenancy.company_pk(d.org)],
                today,
                with_warnings=with_warnings,
            ),
        )
        for d in dossiers
    ]


def board(*, user, org: PartyOrg) -> dict[int, list[tuple[Dossier, Progress]]]:
    """The open files under `org` per stage (1–5), overdue first then by application."""
    rows = with_progress(files(user=user, org=org).order_by("opened_on", "id")[:MAX_FILES])
    stages = {n: [] for n in steps.STAGES}
    for dossier, prog in rows:
        stages[prog.stage].append((dossier, prog))
    for items in stages.values():
        items.sort(key=lambda row: (not row[1].overdue, row[0].opened_on))
    return stages


def due_items(*, user, today: dt.date | None = None, limit: int = 8) -> tuple[list, int, int]:
    """For whoever runs files (the change grant): (the overdue and coming steps, soonest first, at most `limit`;
    how many overdue; how many coming within 30 days) over the open files in scope."""
    today = today or timezone.localdate()
    # The open files' records with their files in one query (every open file holds its application at least).
    open_files = files(user=user, action=CHANGE).prefetch_related(None).order_by().values("pk")[:MAX_FILES]
    records = StepRecord.objects.filter(dossier__in=open_files).select_related("dossier__person", "dossier__org")
    records_of: dict[int, list[StepRecord]] = {}
    dossiers = []
    for record in records.order_by("dossier_id", "done_on", "id"):
        if record.dossier_id not in records_of:
            records_of[record.dossier_id] = []
            dossiers.append(record.dossier)
        records_of[record.dossier_id].append(record)
    rows = with_progress(dossiers, today, records_of=records_of, with_warnings=False)
    items = [(due, dossier) for dossier, prog in rows for due in prog.dues if due.overdue or due.soon]
    items.sort(key=lambda pair: pair[0].on)
    overdue = sum(1 for due, _d in items if due.overdue)
    return items[:limit], overdue, len(items) - overdue


def plans(*, user, org: PartyOrg, year: int) -> list[dict]:
    """计划 vs 实际: each org under `org` with a plan for the year, and the actual admissions (approvals recorded
    that year on files of its subtree). Two queries."""
    rows = list(
        Plan.objects.restrict(user, VIEW).filter(org__path__startswith=org.path, year=year).select_related("org")
    )
    approvals = list(
        StepRecord.objects.restrict(user, VIEW)
        .filter(step="approval", local_step__isnull=True, done_on__year=year, dossier__org__path__startswith=org.path)
        .values_list("dossier__org__path", flat=True)
    )
    result = []
    for plan in sorted(rows, key=lambda p: p.org.path):
        actual = sum(1 for path in approvals if path.startswith(plan.org.path))
        result.append({"plan": plan, "org": plan.org, "planned": plan.planned, "actual": actual})
    return result


def plan_orgs(*, user, org: PartyOrg) -> QuerySet:
    return PartyOrg.objects.restrict(user, VIEW).filter(path__startswith=org.path, status="active").order_by("path")


def assemblies(*, user, dossier: Dossier) -> list:
    """The general assemblies of the file's branch with a vote held, newest first: what a vote step can point at."""
    found = meeting_list(user=user, filters=MeetingFilters(meeting_type=MeetingType.GENERAL_ASSEMBLY))
    return list(found.filter(org=dossier.org, vote_held=True)[:50])


def meeting_for(*, user, dossier: Dossier, pk: int):
    for meeting in assemblies(user=user, dossier=dossier):
        if meeting.pk == pk:
            return meeting
    return None


def introducer_choices(*, user, dossier: Dossier) -> QuerySet:
    """The full members of the file's company the user sees (introducers are usually of the same branch)."""
    return (
        Person.objects.restrict(user, VIEW)
        .filter(party_status=Person.PartyStatus.MEMBER, active=True, branch__path__startswith=dossier.org.path)
        .exclude(pk=dossier.person_id)
        .order_by("employee_no")
    )


def applicant_choices(*, user) -> QuerySet:
    return (
        Person.objects.restrict(user, VIEW)
        .filter(active=True)
        .exclude(party_status=Person.PartyStatus.MEMBER)
        .exclude(recruitment_files__state=Dossier.State.OPEN)
        .select_related("branch")
        .order_by("employee_no")
    )


def counts(*, user) -> dict:
    return Dossier.objects.restrict(user, VIEW).aggregate(
        open=Count("id", filter=Q(state=Dossier.State.OPEN)), total=Count("id")
    )


def company_root(*, org: PartyOrg) -> PartyOrg | None:
    """The company (root org) above an org the caller already sees: whose sub-steps apply."""
    return PartyOrg.objects.filter(path=tenancy.root_path(org.path)).first()


def person_by_number(*, user, number: str) -> Person | None:
    return Person.objects.restrict(user, VIEW).select_related("branch").filter(employee_no=number).first()
