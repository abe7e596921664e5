"""Reads for the handbook and the responsibility lists. Pages start from `restrict`; `meeting_checklist` reads for a
meeting its caller already holds (the meeting page, through handbook/meeting_sections.py), and `duty_report` /
`duty_summary` are the unscoped reads the assessment and a 述职 draft call for an org or person they already hold."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import scope_for
from dangjian.handbook import checks
from dangjian.handbook.models import (
    DutyItem,
    DutyKind,
    DutyList,
    Procedure,
    ProcedureItem,
    ProcedureKind,
    ProcedureUse,
    ProcedureVersion,
)
from dangjian.meetings.models import Attendance, FollowUp, Meeting, MeetingType
from dangjian.org.models import PartyOrg, Person

# The 换届 list opens this many days before the term ends (org/health.py warns from 90 days).
ELECTION_HORIZON_DAYS = 90
ELECTION_WINDOW_DAYS = 180
EVIDENCE_SHOWN = 5


def company_id(org: PartyOrg) -> int:
    return int(org.path.strip("/").split("/")[0])


# --- procedures


def procedure_list(*, user, retired: bool = False) -> QuerySet[Procedure]:
    """The company procedures the user may see (in use, or retired with `retired`), with their latest version
    number and date (one query)."""
    qs = Procedure.objects.restrict(user, VIEW).select_related("company")
    qs = qs.filter(retired_on__isnull=not retired)
    return qs.annotate(
        latest=Max("versions__number"), latest_from=Max("versions__effective_from"), version_count=Count("versions")
    ).order_by("company__path", "kind", "-id")


def procedure_get(*, user, pk: int, action: str = VIEW) -> Procedure:
    procedure = Procedure.objects.restrict(user, action).select_related("company").filter(pk=pk).first()
    if procedure is None:
        raise NotFound(_("No such procedure."))
    return procedure


def procedure_versions(procedure: Procedure) -> list[ProcedureVersion]:
    """Every version, newest first, with its publisher (one query)."""
    return list(procedure.versions.select_related("published_by").order_by("-number"))


def version_items(version: ProcedureVersion) -> list[ProcedureItem]:
    return list(version.items.order_by("position"))


def procedure_item(*, pk: int) -> ProcedureItem:
    """A step of a published procedure (procedures are read by everyone in the company; the service that ticks it
    checks the ticker's right over the meeting's or the org's branch)."""
    item = ProcedureItem.objects.select_related("version").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("There is no such step."))
    return item


def duty_items_of(lists: list[DutyList], limit: int = 20000) -> list[DutyItem]:
    """The duties of these lists (already scoped by `duty_lists`), in the export's order."""
    return list(
        DutyItem.objects.filter(duty_list__in=[d.pk for d in lists])
        .select_related("duty_list__org", "duty_list__holder", "owner")
        .order_by("duty_list__year", "duty_list__org__path", "duty_list_id", "position")[:limit]
    )


def kinds_missing(*, company: PartyOrg) -> list[str]:
    """The standard kinds the company has no procedure in use for."""
    from dangjian.handbook.standard import STANDARD

    have = set(Procedure.objects.filter(company=company, retired_on=None).values_list("kind", flat=True))
    return [kind for kind, _name, _steps in STANDARD if kind not in have]


def office_company(*, user, action: str = "add") -> PartyOrg | None:
    """The company whose handbook the user keeps: the root org where they hold the procedure `action` grant."""
    scope = scope_for(user, "procedure", action)
    roots = PartyOrg.objects.filter(parent__isnull=True).order_by("path")
    if scope.everywhere:
        return roots.first()
    for path in scope.paths:
        if path.count("/") == 2:  # "/<id>/": a root's own subtree
            return roots.filter(path=path).first()
    return None


def version_on(*, company_pk: int, kind: str, on: dt.date) -> ProcedureVersion | None:
    """The version of the company's `kind` procedure a use on `on` follows: the newest version in effect that day
    of a procedure not retired by then; before the first version took effect, the first one (so a meeting held
    before the office loaded the handbook still shows it, and keeps showing the same one after later versions)."""
    in_use = Q(procedure__retired_on__isnull=True) | Q(procedure__retired_on__gt=on)
    qs = ProcedureVersion.objects.filter(in_use, procedure__company_id=company_pk, procedure__kind=kind)
    ordered = sorted(qs.select_related("procedure"), key=lambda v: (v.effective_from, v.number))
    if not ordered:
        return None
    current = [v for v in ordered if v.effective_from <= on]
    if current:
        return current[-1]
    # none in effect yet: the first version of the newest procedure
    newest = max(v.procedure_id for v in ordered)
    return next(v for v in ordered if v.procedure_id == newest)


def version_for_use(*, item_version: ProcedureVersion, meeting=None, org=None, term_end=None):
    """The version a new use follows (what the page shows), for the tick service."""
    if meeting is not None:
        return version_on(company_pk=company_id(meeting.org), kind=meeting.meeting_type, on=meeting.held_on)
    on = term_end - dt.timedelta(days=ELECTION_HORIZON_DAYS)
    return version_on(company_pk=company_id(org), kind=ProcedureKind.ELECTION, on=min(on, timezone.localdate()))


@dataclass
class Step:
    item: ProcedureItem
    done: bool
    proved: bool  # the records decide (a check), not a hand tick
    ticked_on: str = ""
    due: dt.date | None = None
    overdue: bool = False

    @property
    def proof_label(self) -> str:
        return checks.check_label(self.item.proof) if self.item.proof else ""


@dataclass
class Checklist:
    procedure: Procedure
    version: ProcedureVersion
    steps: list[Step]
    use: ProcedureUse | None
    latest_number: int | None = None
    term_end: dt.date | None = None
    phases: list = field(default_factory=list)

    @property
    def missing(self) -> list[Step]:
        return [s for s in self.steps if not s.done]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def newer_exists(self) -> bool:
        return bool(self.latest_number and self.latest_number > self.version.number)


def _grouped(steps: list[Step]) -> list[tuple[str, list[Step]]]:
    from dangjian.handbook.models import Phase

    return [(label, [s for s in steps if s.item.phase == code]) for code, label in Phase.choices]


def meeting_checklist(meeting: Meeting) -> Checklist | None:
    """The procedure a meeting follows, with each step done or missing: a step with a check is decided by the
    meeting's own data (attendance, minutes, actions … already loaded with the meeting), others by the hand ticks
    kept on the use. The version is the one the use recorded, else the one in effect on the meeting's day. Three
    queries."""
    use = ProcedureUse.objects.filter(meeting=meeting).select_related("version__procedure").first()
    version = (
        use.version
        if use
        else version_on(company_pk=company_id(meeting.org), kind=meeting.meeting_type, on=meeting.held_on)
    )
    if version is None:
        return None
    ticks = use.ticks if use else {}
    steps = []
    for item in version_items(version):
        proved = checks.meeting_check(item.proof, meeting) if item.proof else None
        if proved is None:
            ticked = ticks.get(str(item.pk), "")
            steps.append(Step(item=item, done=bool(ticked), proved=False, ticked_on=ticked))
        else:
            steps.append(Step(item=item, done=proved, proved=True))
    checklist = Checklist(procedure=version.procedure, version=version, steps=steps, use=use)
    checklist.phases = _grouped(steps)
    return checklist


# --- 换届


def _meeting_scope_q(user, action: str = VIEW) -> Q:
    scope = scope_for(user, "meeting", action)
    if scope.everywhere:
        return Q()
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path)
    return q


TERM_KINDS = list(PartyOrg.TERM_YEARS)


def election_due_orgs(*, today: dt.date, user=None, horizon: int = ELECTION_HORIZON_DAYS) -> list[PartyOrg]:
    """Active orgs with a term whose end is within `horizon` days or has passed, soonest first (in the user's
    meeting scope when a user is given)."""
    qs = PartyOrg.objects.filter(
        kind__in=TERM_KINDS,
        status=PartyOrg.Status.ACTIVE,
        term_end__isnull=False,
        term_end__lte=today + dt.timedelta(days=horizon),
    )
    if user is not None:
        qs = qs.filter(_meeting_scope_q(user))
    return list(qs.order_by("term_end", "path")[:200])


def election_org(*, user, pk: int) -> PartyOrg:
    org = PartyOrg.objects.filter(_meeting_scope_q(user), pk=pk, kind__in=TERM_KINDS).first()
    if org is None:
        raise NotFound(_("No such organisation."))
    return org


def election_checklist(*, org: PartyOrg, term_end: dt.date | None = None, today: dt.date | None = None):
    """The 换届 procedure for the org's term ending `term_end` (default: the current one) as a task list with
    deadlines (term end + the step's days), done when the records prove it or it is ticked. None without a term
    end or without an election procedure."""
    today = today or timezone.localdate()
    term_end = term_end or org.term_end
    if term_end is None:
        return None
    use = (
        ProcedureUse.objects.filter(org=org, meeting=None, term_end=term_end)
        .select_related("version__procedure")
        .first()
    )
    version = use.version if use else version_for_use(item_version=None, org=org, term_end=term_end)
    if version is None:
        return None
    start, end = term_end - dt.timedelta(days=ELECTION_WINDOW_DAYS), term_end + dt.timedelta(days=ELECTION_HORIZON_DAYS)
    assemblies = list(
        Meeting.objects.filter(
            org=org, meeting_type=MeetingType.GENERAL_ASSEMBLY, vote_held=True, held_on__range=(start, end)
        ).only("id", "held_on", "topic")[:5]
    )
    facts = checks.ElectionFacts(org_term_end=org.term_end, term_end=term_end, assemblies=assemblies)
    ticks = use.ticks if use else {}
    steps = []
    for item in version_items(version):
        due = term_end + dt.timedelta(days=item.due_days) if item.due_days is not None else None
        proved = checks.election_check(item.proof, facts) if item.proof else None
        if proved is None:
            ticked = ticks.get(str(item.pk), "")
            step = Step(item=item, done=bool(ticked), proved=False, ticked_on=ticked, due=due)
        else:
            step = Step(item=item, done=proved, proved=True, due=due)
        step.overdue = bool(due and not step.done and due < today)
        steps.append(step)
    checklist = Checklist(procedure=version.procedure, version=version, steps=steps, use=use, term_end=term_end)
    checklist.phases = _grouped(steps)
    return checklist


def election_terms(*, org: PartyOrg) -> list[dt.date]:
    """The terms whose 换届 lists were used, newest first."""
    return list(
        ProcedureUse.objects.filter(org=org, meeting=None)
        .exclude(term_end=org.term_end)
        .order_by("-term_end")
        .values_list("term_end", flat=True)[:10]
    )


def secretaries_of(orgs: list[PartyOrg]) -> dict[int, list]:
    """{org id: the accounts holding the secretary role over exactly that org} (one query)."""
    from django.contrib.auth import get_user_model

    from dangjian.core.permissions import Role

    if not orgs:
        return {}
    User = get_user_model()
    found: dict[int, list] = defaultdict(list)
    rows = User.objects.filter(
        is_active=True, role_assignments__role=Role.SECRETARY, role_assignments__org__in=[o.pk for o in orgs]
    ).values_list("pk", "role_assignments__org_id")
    for user_pk, org_pk in rows:
        found[org_pk].append(user_pk)
    return found


# --- responsibility lists


@dataclass
class DutyFilters:
    year: int | None = None
    org: str = ""
    kind: str = ""


def duty_lists(*, user, filters: DutyFilters | None = None, action: str = VIEW) -> QuerySet[DutyList]:
    filters = filters or DutyFilters()
    qs = DutyList.objects.restrict(user, action).filter(retired_on=None).select_related("org", "holder")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.org:
        org = PartyOrg.objects.restrict(user, VIEW).filter(code=filters.org).first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    return qs.annotate(item_count=Count("items")).order_by("-year", "org__path", "kind", "holder__name", "id")


def duty_list_get(*, user, pk: int, action: str = VIEW) -> DutyList:
    found = DutyList.objects.restrict(user, action).select_related("org", "holder").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such responsibility list."))
    return found


def duty_item_get(*, user, pk: int) -> DutyItem:
    found = DutyItem.objects.restrict(user, VIEW).select_related("duty_list__org", "owner").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such duty."))
    return found


@dataclass
class DutyRow:
    item: DutyItem
    duty_list: DutyList
    owner: Person | None
    count: int = 0
    done: bool = False
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (label, link) of the records that prove it

    @property
    def proof_label(self) -> str:
        return checks.check_label(self.item.proof) if self.item.proof else ""


def _meeting_link(meeting) -> tuple[str, str]:
    return (f"{meeting.held_on:%Y-%m-%d} {meeting.topic}", reverse("meetings:detail", args=[meeting.pk]))


_ORG_TYPES = {
    "org_general_assembly": MeetingType.GENERAL_ASSEMBLY,
    "org_committee": MeetingType.COMMITTEE,
    "org_review": MeetingType.REVIEW,
    "org_talk": MeetingType.TALK,
}


def _evidence(rows: list[DutyRow]) -> None:
    """Fill each row's count and evidence from the records: one query per check in use (at most eight)."""
    wanted: dict[str, list[DutyRow]] = defaultdict(list)
    for row in rows:
        if row.item.proof:
            wanted[row.item.proof].append(row)
    years = {row.duty_list.year for row in rows}
    found: dict[tuple, list] = defaultdict(list)  # (check, person or org id, year) -> [(label, link)]
    fields = ("id", "held_on", "topic", "org_id", "host_id", "lecturer_id", "meeting_type")

    def people(check):
        return {r.owner.pk for r in wanted[check] if r.owner is not None}

    if "lectures_given" in wanted:
        qs = Meeting.objects.filter(
            meeting_type=MeetingType.LECTURE, lecturer_id__in=people("lectures_given"), held_on__year__in=years
        ).only(*fields)
        for m in qs.order_by("held_on"):
            found[("lectures_given", m.lecturer_id, m.held_on.year)].append(_meeting_link(m))
    if "meetings_hosted" in wanted:
        qs = Meeting.objects.filter(host_id__in=people("meetings_hosted"), held_on__year__in=years).only(*fields)
        for m in qs.order_by("held_on"):
            found[("meetings_hosted", m.host_id, m.held_on.year)].append(_meeting_link(m))
    if "meetings_attended" in wanted:
        qs = Attendance.objects.filter(
            person_id__in=people("meetings_attended"),
            status=Attendance.Status.PRESENT,
            meeting__held_on__year__in=years,
        ).select_related("meeting")
        for a in qs.order_by("meeting__held_on"):
            found[("meetings_attended", a.person_id, a.meeting.held_on.year)].append(_meeting_link(a.meeting))
    if "actions_done" in wanted:
        qs = FollowUp.objects.filter(
            owner_id__in=people("actions_done"), done_on__isnull=False, due_on__year__in=years
        ).select_related("meeting")
        for f in qs.order_by("due_on"):
            if f.done_on <= f.due_on:
                found[("actions_done", f.owner_id, f.due_on.year)].append(
                    (f"{f.done_on:%Y-%m-%d} {f.text}", reverse("meetings:detail", args=[f.meeting_id]))
                )
    for check, meeting_type in _ORG_TYPES.items():
        if check not in wanted:
            continue
        orgs = {r.duty_list.org_id for r in wanted[check]}
        qs = Meeting.objects.filter(meeting_type=meeting_type, org_id__in=orgs, held_on__year__in=years).only(*fields)
        for m in qs.order_by("held_on"):
            found[(check, m.org_id, m.held_on.year)].append(_meeting_link(m))
    for check, check_rows in wanted.items():
        for row in check_rows:
            subject = row.duty_list.org_id if check in _ORG_TYPES else (row.owner.pk if row.owner else None)
            links = found.get((check, subject, row.duty_list.year), [])
            row.count = len(links)
            row.done = row.count >= row.item.target
            row.evidence = links[-EVIDENCE_SHOWN:]


def duty_rows(items: list[DutyItem]) -> list[DutyRow]:
    """Each item with its owner (the item's, else the list's holder), done or not, and its evidence. The items come
    with `duty_list__org`, `duty_list__holder` and `owner` loaded."""
    rows = []
    for item in items:
        duty_list = item.duty_list
        owner = item.owner or duty_list.holder
        row = DutyRow(item=item, duty_list=duty_list, owner=owner)
        if not item.proof:
            row.done = bool(item.done_on)
            row.count = 1 if item.done_on else 0
            if item.evidence:
                row.evidence = [(item.evidence, item.evidence if item.evidence.startswith(("http", "/")) else "")]
        rows.append(row)
    _evidence(rows)
    return rows


def list_items(duty_list: DutyList) -> list[DutyItem]:
    return list(
        DutyItem.objects.filter(duty_list=duty_list)
        .select_related("duty_list__org", "duty_list__holder", "owner")
        .order_by("position", "id")
    )


def lists_progress(lists: list[DutyList]) -> dict[int, tuple[int, int]]:
    """{list id: (done, items)} for a page of lists (one query for the items, one per check in use)."""
    items = list(
        DutyItem.objects.filter(duty_list__in=[d.pk for d in lists]).select_related(
            "duty_list__org", "duty_list__holder", "owner"
        )
    )
    progress: dict[int, list[int]] = {d.pk: [0, 0] for d in lists}
    for row in duty_rows(items):
        progress[row.duty_list.pk][1] += 1
        progress[row.duty_list.pk][0] += int(row.done)
    return {pk: (done, total) for pk, (done, total) in progress.items()}


@dataclass
class DutyReportRow:
    """One duty as the assessment and a 述职 draft read it."""

    list_id: int
    list_kind: str
    org_code: str
    holder: str
    text: str
    owner: str
    done: bool
    count: int
    target: int
    evidence: list[tuple[str, str]]


def duty_report(*, year: int, org: PartyOrg | None = None, person: Person | None = None) -> list[DutyReportRow]:
    """The duties of `year` on the lists of `org`'s subtree and/or held by `person` (or owned by them), each with
    done and its evidence. Unscoped: the caller (assessment, a 述职 draft) already holds the org or person. Bounded
    queries: one for the items, one per check in use."""
    qs = DutyItem.objects.filter(duty_list__year=year, duty_list__retired_on=None)
    if org is not None:
        qs = qs.filter(duty_list__org__path__startswith=org.path)
    if person is not None:
        qs = qs.filter(Q(duty_list__holder=person) | Q(owner=person))
    items = list(qs.select_related("duty_list__org", "duty_list__holder", "owner").order_by("duty_list_id", "position"))
    return [
        DutyReportRow(
            list_id=row.duty_list.pk,
            list_kind=row.duty_list.kind,
            org_code=row.duty_list.org.code,
            holder=row.duty_list.holder.name if row.duty_list.holder else "",
            text=row.item.text,
            owner=row.owner.name if row.owner else "",
            done=row.done,
            count=row.count,
            target=row.item.target if row.item.proof else 1,
            evidence=row.evidence,
        )
        for row in duty_rows(items)
    ]


def duty_summary(*, year: int, org: PartyOrg | None = None, person: Person | None = None) -> dict:
    """{"items": n, "done": n, "rate": Decimal 0–1 or None} for the assessment."""
    from decimal import Decimal

    rows = duty_report(year=year, org=org, person=person)
    done = sum(1 for r in rows if r.done)
    rate = (Decimal(done) / Decimal(len(rows))).quantize(Decimal("0.0001")) if rows else None
    return {"items": len(rows), "done": done, "rate": rate}


def write_orgs(*, user, resource: str = "duty", action: str = "add") -> list[PartyOrg]:
    scope = scope_for(user, resource, action)
    q = Q()
    if not scope.everywhere:
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
    return list(PartyOrg.objects.filter(q, status=PartyOrg.Status.ACTIVE).order_by("path")[:500])


def person_by_number(*, user, number: str) -> Person | None:
    return Person.objects.restrict(user, VIEW).filter(employee_no=number).select_related("branch").first()


__all__ = ["DutyKind"]
