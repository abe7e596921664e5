"""Drafts from data, never invented (issue 21): the secretary's annual report (书记述职) and the branch's annual summary
(支部年度总结), written from the year's records through each capability's own selectors. Every sentence carries the
records it states (links); where the data says nothing the draft says 【待补充】 (a gap for the secretary to fill),
never a number, an attendance or a discussion of its own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.affairs.recruitment import selectors as recruitment
from dangjian.assessment import selectors as assessment
from dangjian.meetings import selectors as meetings
from dangjian.meetings.models import MeetingType
from dangjian.org.models import PartyOrg
from dangjian.points import selectors as points
from dangjian.points.models import PointsEntry
from dangjian.projects.boards import selectors as boards
from dangjian.service import selectors as service
from dangjian.service.models import ANSWERED_STATES

GAP = "【待补充】"
SHOWN_LINKS = 5  # a sentence links at most this many records (and the list they come from)


class Kind:
    SECRETARY = "secretary"
    SUMMARY = "summary"
    CHOICES = (SECRETARY, SUMMARY)


@dataclass
class Source:
    label: str
    url: str


@dataclass
class Sentence:
    """One sentence of a draft: its text, the records it states (none for a gap) and whether it is a gap."""

    text: str
    sources: list[Source] = field(default_factory=list)
    gap: bool = False
    numbers: dict[str, object] = field(default_factory=dict)  # each figure the text states, for the checks


@dataclass
class Section:
    key: str
    title: str
    sentences: list[Sentence]


@dataclass
class Draft:
    kind: str
    org: PartyOrg
    year: int
    title: str
    sections: list[Section]

    @property
    def gaps(self) -> int:
        return sum(s.gap for section in self.sections for s in section.sentences)


def gap(what: str) -> Sentence:
    return Sentence(text=f"{GAP}{what}", gap=True)


def _num(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def meetings_section(*, user, org: PartyOrg, year: int) -> Section:
    rows = list(meetings.meeting_list(user=user, filters=meetings.MeetingFilters(org=org.code, year=year)))
    title = _("Organisational life")
    if not rows:
        return Section("meetings", title, [gap(_("No meeting of the year is recorded: the meetings held."))])
    by_type = Counter(m.meeting_type for m in rows)
    labels = dict(MeetingType.choices)
    parts = "、".join(f"{labels.get(t, t)} {n} 次" for t, n in sorted(by_type.items(), key=lambda kv: -kv[1]))
    listing = Source(_("meetings of the year"), f"{reverse('meetings:list')}?org={org.code}&year={year}")
    links = [
        Source(f"{m.held_on:%m-%d} {m.topic}", reverse("meetings:detail", args=[m.pk])) for m in rows[:SHOWN_LINKS]
    ]
    sentences = [
        Sentence(
            _("In %(year)s the branch held %(n)s meetings of organisational life: %(parts)s.")
            % {"year": year, "n": len(rows), "parts": parts},
            [listing, *links],
            numbers={"meetings": len(rows), **{f"type:{t}": n for t, n in by_type.items()}},
        )
    ]
    present = sum(m.present for m in rows)
    expected = sum(m.expected for m in rows)
    if expected:
        sentences.append(
            Sentence(
                _("Attendance recorded: %(present)s of %(expected)s expected attendances.")
                % {"present": present, "expected": expected},
                [listing],
                numbers={"present": present, "expected": expected},
            )
        )
    else:
        sentences.append(gap(_("No attendance is recorded for these meetings: who attended.")))
    results = meetings.org_compliance(org=org, year=year)
    due = sum(r.expected for r in results)
    if due:
        held = sum(r.held for r in results)
        sentences.append(
            Sentence(
                _("Of the %(due)s meetings the rules required in periods already over, %(held)s were held.")
                % {"due": due, "held": held},
                [Source(_("compliance"), f"{reverse('meetings:matrix')}?org={org.code}&year={year}")],
                numbers={"due": due, "held": held},
            )
        )
    lectures = [m for m in rows if m.meeting_type == MeetingType.LECTURE]
    if not lectures:
        sentences.append(gap(_("No party lecture (党课) is recorded: the lectures given.")))
    return Section("meetings", title, sentences)


def projects_section(*, user, org: PartyOrg, year: int) -> Section:
    wall = boards.org_wall(user=user, org=org, year=year)
    title = _("Party-building + X projects")
    if not wall.cards:
        return Section(
            "projects",
            title,
            [gap(_("No project of the year is recorded: the projects and their results."))],
        )
    sentences = [
        Sentence(
            _("%(n)s party-building + X projects of %(year)s.") % {"n": len(wall.cards), "year": year},
            [
                Source(c.project.title, reverse("projects:detail", args=[c.project.pk]))
                for c in wall.cards[:SHOWN_LINKS]
            ],
            numbers={"projects": len(wall.cards)},
        )
    ]
    for card in wall.cards:
        link = [Source(card.project.code or card.project.title, reverse("projects:detail", args=[card.project.pk]))]
        if not card.goals:
            sentences.append(
                gap(_("《%(title)s》 has no measurable goal recorded: its results.") % {"title": card.project.title})
            )
            continue
        for view in card.goals:
            goal, reached = view.goal, view.attainment
            unit = goal.unit_of_measure or ""
            if reached.actual is None:
                sentences.append(
                    Sentence(
                        _(
                            "《%(title)s》: %(indicator)s from %(baseline)s%(unit)s towards %(target)s%(unit)s; "
                            "the result is %(gap)s."
                        )
                        % {
                            "title": card.project.title,
                            "indicator": goal.indicator_name,
                            "baseline": _num(goal.baseline),
                            "target": _num(goal.target),
                            "unit": unit,
                            "gap": GAP,
                        },
                        link,
                        gap=True,
                        numbers={"baseline": goal.baseline, "target": goal.target},
                    )
                )
                continue
            percent = (
                ""
                if reached.percent is None
                else _(", %(p)s%% of the way") % {"p": _num(reached.percent.quantize(Decimal("0.1")))}
            )
            sentences.append(
                Sentence(
                    _(
                        "《%(title)s》: %(indicator)s from %(baseline)s%(unit)s to %(actual)s%(unit)s "
                        "against a target of %(target)s%(unit)s%(percent)s."
                    )
                    % {
                        "title": card.project.title,
                        "indicator": goal.indicator_name,
                        "baseline": _num(goal.baseline),
                        "actual": _num(reached.actual),
                        "target": _num(goal.target),
                        "unit": unit,
                        "percent": percent,
                    },
                    link,
                    numbers={"baseline": goal.baseline, "target": goal.target, "actual": reached.actual},
                )
            )
    return Section("projects", title, sentences)


def points_section(*, user, org: PartyOrg, year: int) -> Section:
    title = _("Points and stars")
    entries = points.entries_list(user=user, status=PointsEntry.Status.APPROVED).filter(
        person__branch__path__startswith=org.path, occurred_on__year=year
    )
    decided = entries.count()
    sentences = []
    if decided:
        sentences.append(
            Sentence(
                _("%(n)s points entries of the branch's members were approved in %(year)s.")
                % {"n": decided, "year": year},
                [Source(_("points ledger"), reverse("points:queue"))],
                numbers={"entries": decided},
            )
        )
    else:
        sentences.append(gap(_("No approved points entry is recorded: the points decisions of the year.")))
    rating = next(
        (r["rating"] for r in points.branch_board(user=user, org=org, year=year) if r["rating"].org_id == org.pk), None
    )
    if rating is not None:
        sentences.append(
            Sentence(
                _("The branch was rated %(stars)s stars for %(year)s.") % {"stars": rating.stars, "year": year},
                [Source(_("branch stars"), f"{reverse('points:branches')}?year={year}")],
                numbers={"stars": rating.stars},
            )
        )
    else:
        sentences.append(gap(_("The branch's star rating for the year is not recorded.")))
    return Section("points", title, sentences)


def concerns_section(*, user, org: PartyOrg, year: int) -> Section:
    title = _("Concerns of the employees")
    scoped = service.request_list(user=user).filter(handling_org__path__startswith=org.path, submitted_on__year=year)
    total = scoped.count()
    if not total:
        return Section("concerns", title, [gap(_("No concern handled by the branch this year is recorded."))])
    answered = scoped.filter(state__in=ANSWERED_STATES).count()
    rows = list(scoped.order_by("-submitted_on")[:SHOWN_LINKS])
    return Section(
        "concerns",
        title,
        [
            Sentence(
                _("%(n)s concerns were brought to the branch in %(year)s; %(answered)s of them were answered.")
                % {"n": total, "year": year, "answered": answered},
                [Source(r.title, reverse("service:detail", args=[r.pk])) for r in rows],
                numbers={"concerns": total, "answered": answered},
            )
        ],
    )


def assessment_section(*, user, org: PartyOrg, year: int) -> Section:
    title = _("Assessment")
    row = next((r for r in assessment.year_ranking(user=user, year=year) if r.org.pk == org.pk), None)
    if row is None or row.mean is None:
        return Section("assessment", title, [gap(_("No locked monthly assessment of the year is recorded."))])
    months = sum(1 for v in row.months.values() if v is not None)
    return Section(
        "assessment",
        title,
        [
            Sentence(
                _("The branch's combined assessment score averaged %(mean)s over %(months)s locked months%(rank)s.")
                % {
                    "mean": _num(row.mean),
                    "months": months,
                    "rank": "" if row.rank is None else _(", rank %(rank)s") % {"rank": row.rank},
                },
                [Source(_("assessment ranking"), f"{reverse('assessment:rankings')}?year={year}")],
                numbers={"mean": row.mean, "months": months},
            )
        ],
    )


def recruitment_section(*, user, org: PartyOrg, year: int) -> Section:
    title = _("Recruitment")
    dossiers = list(recruitment.files(user=user, org=org, state=""))
    started = sum(1 for d in dossiers if d.created_at.year == year)
    if not dossiers:
        return Section("recruitment", title, [gap(_("No recruitment file is recorded for the branch."))])
    open_files = sum(1 for d in dossiers if d.state == "open")
    return Section(
        "recruitment",
        title,
        [
            Sentence(
                _(
                    "%(n)s recruitment files are kept for the branch (%(started)s opened in %(year)s), "
                    "%(open)s in progress."
                )
                % {"n": len(dossiers), "open": open_files, "started": started, "year": year},
                [Source(_("recruitment board"), f"{reverse('recruitment:board')}?org={org.code}")],
                numbers={"files": len(dossiers), "open": open_files, "started": started},
            )
        ],
    )


SECTIONS = (
    meetings_section,
    projects_section,
    points_section,
    concerns_section,
    assessment_section,
    recruitment_section,
)


def build(*, user, org: PartyOrg, year: int, kind: str) -> Draft:
    """The draft of `kind` for `org` and `year`, from what the user may see."""
    title = (
        _("%(org)s: the secretary's report on %(year)s (draft)")
        if kind == Kind.SECRETARY
        else _("%(org)s: annual summary of %(year)s (draft)")
    ) % {"org": org.name, "year": year}
    return Draft(kind, org, year, title, [section(user=user, org=org, year=year) for section in SECTIONS])
