"""The catalogue of what an index may be computed from: a fixed registry of components, each reading outcome data
already in the system through the capability that owns it, with how it is computed and normalised to 0–100.

Only outcomes count — project goals reached, production results, meetings held, concerns resolved on time,
assessment scores, points for real contributions. Logins, time online, reading time, likes, shares and check-ins are
refused here (`register`) with the same list and wording the points rules use (dangjian.points.models), because the
2023 and 2024 anti-formalism rules and the 2026 rules on apps forbid using them as evaluation grounds.

A component computes one month for many subjects at once (the background task calls it): `compute(company, month,
subjects) -> {subject id: Reading}`. A Reading keeps numbers and the records behind them, never a sentence: the page
writes the explanation in the reader's language from `facts` (`explain`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from dangjian.core import months
from dangjian.indices.models import Kind
from dangjian.points.models import BANNED_SOURCES, banned_reason

HUNDRED = Decimal(100)
ONE = Decimal("0.1")
MAX_RECORDS = 12  # records listed per component; the link to the owning list shows the rest
# A member's month of approved merit points that counts as full marks (100) on the points component.
MEMBER_POINTS_FULL = Decimal(10)


class Refused(ValueError):
    """A component that would read activity the anti-formalism rules forbid as evaluation ground."""


def refusal_sentence(word: str) -> str:
    """The points rules' sentence, for indices: the same list, the same rules cited."""
    return _(
        "Indices cannot be computed from logging in, time online, reading time, likes, shares or check-ins "
        "(“%(word)s”): the 2023 and 2024 rules against formalism and the 2026 rules on apps forbid using such "
        "activity as evaluation ground. Use outcome data instead."
    ) % {"word": word}


def banned_word(*texts: str) -> str | None:
    """The banned source or word in `texts` (a code, a label), or None."""
    for text in texts:
        if (text or "").lower() in BANNED_SOURCES:
            return text
    return banned_reason(*texts) or _reading_time(*texts)


def _reading_time(*texts: str) -> str | None:
    for text in texts:
        lowered = (text or "").lower()
        for word in ("reading_time", "reading time", "read_time", "online", "login", "likes", "checkin", "check_in"):
            if word in lowered:
                return word
    return None


def pct(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(ONE, rounding=ROUND_HALF_UP)


def clamp(value: Decimal | None) -> Decimal | None:
    return None if value is None else pct(min(max(Decimal(value), Decimal(0)), HUNDRED))


@dataclass
class Reading:
    """One subject's component for one month: `raw` as the source gives it, `normalised` on 0–100 (None: no data),
    `facts` for the sentence and `records` [{label, url}] that the value was computed from (a fixed link's label is
    kept untranslated and translated when shown, so a value does not depend on the language it was computed in)."""

    raw: Decimal | None = None
    normalised: Decimal | None = None
    facts: dict = field(default_factory=dict)
    records: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "raw": None if self.raw is None else str(self.raw),
            "normalised": None if self.normalised is None else str(self.normalised),
            "facts": self.facts,
            "records": self.records[:MAX_RECORDS],
        }


@dataclass(frozen=True)
class Component:
    code: str
    kind: str
    label: object
    source: str  # the capability whose outcome data it reads
    how: object  # how it is computed and normalised, shown on the weights page
    unit: str  # the raw value's unit ("%" or "分")
    default_weight: int
    compute: Callable[..., dict]
    explain: Callable[[dict], str]


_REGISTRY: dict[str, Component] = {}


def register(component: Component) -> Component:
    """Add a component to the catalogue; one that would read a banned activity is refused (Refused)."""
    # The code, the source and the label name what is read; `how` may say "share of members", which is no share.
    word = banned_word(component.code, component.source, str(component.label))
    if component.source in BANNED_SOURCES or word:
        raise Refused(refusal_sentence(word or component.source))
    _REGISTRY[component.code] = component
    return component


def get(code: str) -> Component | None:
    return _REGISTRY.get(code)


def of_kind(kind: str) -> list[Component]:
    return [c for c in _REGISTRY.values() if c.kind == kind]


def default_weights(kind: str) -> dict[str, int]:
    return {c.code: c.default_weight for c in of_kind(kind)}


def link(name: str, *args, query: str = "") -> str:
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def _under(path: str, subjects) -> list:
    return [s for s in subjects if path.startswith(s.path)]


# --- the projects' goals -------------------------------------------------------------------------------------------
RUNNING = ("approved", "in_progress", "inspected", "accepted", "rated")


def _goal_percents(projects: list, month: dt.date) -> dict[int, list[Decimal]]:
    """{project id: [attainment % of each goal with an actual by the month's end]} (boards' attainment rule). A goal
    read from a production indicator takes the latest month with data up to the month's end (boards.actuals); one
    entered in the monthly reviews takes the latest submitted review of a month up to this one, so computing a past
    month again reads what was known then."""
    from dangjian.core.services import SYSTEM
    from dangjian.projects.boards.actuals import latest_actuals
    from dangjian.projects.boards.attainment import attainment_percent
    from dangjian.projects.projects.models import Goal
    from dangjian.projects.reviews.models import GoalActual

    goals = list(Goal.objects.filter(project__in=projects).select_related("project", "indicator", "unit"))
    series = [g for g in goals if g.source == Goal.Source.SERIES]
    actuals = {pk: a.value for pk, a in latest_actuals(series, user=SYSTEM, today=months.last_day(month)).items()}
    reviewed = (
        GoalActual.objects.filter(
            goal__in=[g.pk for g in goals if g.source != Goal.Source.SERIES],
            review__status="submitted",
            review__month__lte=month,
            value__isnull=False,
        )
        .order_by("goal_id", "review__month")
        .values_list("goal_id", "value")
    )
    actuals.update(dict(reviewed))  # ordered by month: the latest month's value is kept
    found: dict[int, list[Decimal]] = defaultdict(list)
    for goal in goals:
        percent = attainment_percent(
            baseline=goal.baseline,
            target=goal.target,
            actual=actuals.get(goal.pk),
            higher=goal.direction == Goal.Direction.HIGHER,
        )
        if percent is not None:
            found[goal.project_id].append(percent)
    return found


def _running_projects(month: dt.date, **filters):
    from dangjian.projects.projects.models import Project

    return Project.objects.filter(
        state__in=RUNNING, starts_on__lte=months.last_day(month), ends_on__gte=month, **filters
    ).order_by("code")


def _projects_reading(projects: list, percents: dict[int, list[Decimal]]) -> Reading:
    values = [p for project in projects for p in percents.get(project.pk, [])]
    records = [
        {
            "label": f"{p.code} {p.title}",
            "url": link("projects:detail", p.pk),
            "value": str(pct(sum(percents[p.pk]) / len(percents[p.pk]))) if percents.get(p.pk) else None,
        }
        for p in projects
    ]
    if not values:
        return Reading(facts={"projects": len(projects), "goals": 0}, records=records)
    raw = pct(sum(values) / len(values))
    normalised = pct(sum(clamp(v) for v in values) / len(values))
    return Reading(raw, normalised, {"projects": len(projects), "goals": len(values)}, records)


def project_goals(company, month: dt.date, subjects) -> dict[int, Reading]:
    projects = list(_running_projects(month, owner__path__startswith=company.path).select_related("owner"))
    percents = _goal_percents(projects, month)
    return {
        org.pk: _projects_reading([p for p in projects if p.owner.path.startswith(org.path)], percents)
        for org in subjects
    }


def _explain_goals(facts: dict) -> str:
    if not facts.get("goals"):
        return _("No goal of a running 党建+X project had an actual value by the month's end.")
    return (
        _(
            "Mean goal attainment of %(goals)s goals in %(projects)s running 党建+X projects (actual − baseline) ÷ "
            "(target − baseline); each goal counts 0–100 %% (below the baseline 0, beyond the target 100)."
        )
        % facts
    )


def member_projects(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.projects.projects.models import ProjectMember

    people = {p.pk for p in subjects}
    memberships = list(
        ProjectMember.objects.filter(
            person_id__in=people,
            project__in=_running_projects(month, owner__path__startswith=company.path),
        ).select_related("project")
    )
    projects = list({m.project_id: m.project for m in memberships}.values())
    percents = _goal_percents(projects, month)
    of_person: dict[int, list] = defaultdict(list)
    for m in memberships:
        of_person[m.person_id].append(m.project)
    return {pk: _projects_reading(sorted(of_person.get(pk, []), key=lambda p: p.code), percents) for pk in people}


def _explain_member_projects(facts: dict) -> str:
    if not facts.get("projects"):
        return _("Not a member of a running 党建+X project this month.")
    if not facts.get("goals"):
        return _("The member's %(projects)s running projects had no goal with an actual value yet.") % facts
    return (
        _(
            "Mean goal attainment of the %(goals)s goals of the %(projects)s running projects the member works on; "
            "each goal counts 0–100 %%."
        )
        % facts
    )


# --- production results of the branch's units (value) --------------------------------------------------------------
def production(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.value.selectors import production_scores

    scores = production_scores(orgs=list(subjects), month=month)
    records = [
        {"label": gettext_noop("Team value, monthly"), "url": link("value:monthly", query=f"month={month:%Y-%m}")}
    ]
    result = {}
    for org in subjects:
        score = scores.get(org.pk)
        result[org.pk] = Reading(
            pct(score), clamp(score), {"score": str(pct(score)) if score is not None else None}, records
        )
    return result


def _explain_production(facts: dict) -> str:
    if facts.get("score") is None:
        return _("No accounting team the branch covers had a monthly production score.")
    return _(
        "The mean monthly assessment score (0–100) of the accounting teams the branch covers (班班见效益, 月月有考核)."
    )


# --- meetings held (compliance) ------------------------------------------------------------------------------------
def meetings(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.meetings.models import Meeting
    from dangjian.meetings.selectors import compliance_rate

    held = list(
        Meeting.objects.filter(org__path__startswith=company.path, held_on__range=(month, months.last_day(month)))
        .select_related("org")
        .order_by("held_on", "pk")
    )
    result = {}
    for org in subjects:
        rate = compliance_rate(org=org, start=month, end=months.last_day(month))
        mine = [m for m in held if m.org.path.startswith(org.path)]
        records = [
            {
                "label": f"{m.held_on:%m-%d} {m.get_meeting_type_display()} {m.topic}",
                "url": link("meetings:detail", m.pk),
            }
            for m in mine
        ]
        records.append({"label": gettext_noop("Compliance calendar"), "url": link("meetings:calendar", org.pk)})
        value = None if rate is None else rate * HUNDRED
        result[org.pk] = Reading(pct(value), clamp(value), {"held": len(mine), "rate": str(pct(value))}, records)
    return result


def _explain_meetings(facts: dict) -> str:
    if facts.get("rate") in (None, "None"):
        return _("No meeting was due in the periods ending this month.")
    return (
        _(
            "Held ÷ expected meetings (三会一课, 主题党日 and the yearly meetings) for the periods ending this month: "
            "%(rate)s %%; %(held)s meetings were recorded in the month."
        )
        % facts
    )


# --- concerns resolved on time (service) ---------------------------------------------------------------------------
def service_sla(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.service.models import ServiceRequest
    from dangjian.service.selectors import sla_rate

    end = months.last_day(month)
    due = list(
        ServiceRequest.objects.filter(handling_org__path__startswith=company.path, resolve_due__range=(month, end))
        .select_related("handling_org")
        .order_by("resolve_due", "pk")
    )
    result = {}
    for org in subjects:
        rate = sla_rate(org=org, start=month, end=end)
        mine = [r for r in due if r.handling_org.path.startswith(org.path)]
        records = [
            {
                "label": f"{r.resolve_due:%m-%d} {r.title}"
                + (" ✓" if r.resolved_on and r.resolved_on <= r.resolve_due else " ✗"),
                "url": link("service:detail", r.pk),
            }
            for r in mine
        ]
        value = None if rate is None else rate * HUNDRED
        result[org.pk] = Reading(pct(value), clamp(value), {"due": len(mine), "rate": str(pct(value))}, records)
    return result


def _explain_sla(facts: dict) -> str:
    if facts.get("rate") in (None, "None"):
        return _("No employee concern handled by the branch fell due this month.")
    return _("Concerns with a resolve deadline this month resolved by it: %(rate)s %% of %(due)s.") % facts


# --- assessment scores ---------------------------------------------------------------------------------------------
def assessment(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.assessment.models import Sheet

    sheets = {
        s.org_id: s for s in Sheet.objects.filter(org__in=list(subjects), period__month=month).exclude(status="draft")
    }
    result = {}
    for org in subjects:
        sheet = sheets.get(org.pk)
        score = None if sheet is None else (sheet.total if sheet.total is not None else sheet.party_score)
        records = (
            []
            if sheet is None
            else [{"label": gettext_noop("Assessment sheet"), "url": link("assessment:sheet", sheet.pk)}]
        )
        result[org.pk] = Reading(
            pct(score), clamp(score), {"score": str(pct(score)) if score is not None else None}, records
        )
    return result


def _explain_assessment(facts: dict) -> str:
    if facts.get("score") is None:
        return _("No submitted assessment sheet for this month.")
    return _("The month's assessment score (双百分: combined score where there is one, else the party-work score).")


# --- points for real contributions ---------------------------------------------------------------------------------
def points_share(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.points.selectors import activity_share

    end = months.last_day(month)
    result = {}
    for org in subjects:
        share = activity_share(org=org, start=month, end=end)
        value = None if share is None else share * HUNDRED
        records = [
            {
                "label": gettext_noop("Points leaderboard"),
                "url": link("points:leaderboard", query=f"org={org.code}&period={month:%Y-%m}"),
            }
        ]
        result[org.pk] = Reading(pct(value), clamp(value), {"rate": str(pct(value))}, records)
    return result


def _explain_points_share(facts: dict) -> str:
    if facts.get("rate") in (None, "None"):
        return _("The branch has no party members to count.")
    return (
        _(
            "%(rate)s %% of the branch's party members earned approved merit points for contributions this month "
            "(points rules score work done, never logins or check-ins)."
        )
        % facts
    )


def member_points(company, month: dt.date, subjects) -> dict[int, Reading]:
    from dangjian.points.models import PointsEntry

    entries = list(
        PointsEntry.objects.filter(
            person_id__in=[p.pk for p in subjects],
            status=PointsEntry.Status.APPROVED,
            rule__category="merit",
            occurred_on__range=(month, months.last_day(month)),
        )
        .select_related("rule")
        .order_by("occurred_on", "pk")
    )
    by_person: dict[int, list] = defaultdict(list)
    for entry in entries:
        by_person[entry.person_id].append(entry)
    result = {}
    for person in subjects:
        mine = by_person.get(person.pk, [])
        net = sum((e.awarded or Decimal(0) for e in mine), Decimal(0))
        records = [
            {
                "label": f"{e.occurred_on:%m-%d} {e.rule.name} {e.awarded:+}",
                "url": link("points:leaderboard", query=f"period={month:%Y-%m}"),
            }
            for e in mine
        ]
        result[person.pk] = Reading(
            pct(net),
            clamp(net * HUNDRED / MEMBER_POINTS_FULL),
            {"entries": len(mine), "net": str(pct(net)), "full": str(MEMBER_POINTS_FULL)},
            records,
        )
    return result


def _explain_member_points(facts: dict) -> str:
    return (
        _("%(net)s approved merit points from %(entries)s entries this month; %(full)s points or more count 100.")
        % facts
    )


def _register_all() -> None:
    branch, member = Kind.BRANCH, Kind.MEMBER
    for code, kind, label, source, how, unit, weight, compute, explain in (
        ("project_goals", branch, gettext_lazy("Project goal attainment"), "projects",
         gettext_lazy("Mean attainment of the goals of the branch's running 党建+X projects; each goal 0–100 %."),
         "%", 25, project_goals, _explain_goals),
        ("production", branch, gettext_lazy("Production results of the branch's units"), "value",
         gettext_lazy("Mean monthly score (0–100) of the accounting teams the branch covers."),
         "分", 25, production, _explain_production),
        ("meetings", branch, gettext_lazy("Meetings held (compliance)"), "meetings",
         gettext_lazy("Held ÷ expected meetings of the periods ending in the month, × 100."),
         "%", 15, meetings, _explain_meetings),
        ("service_sla", branch, gettext_lazy("Concerns resolved on time"), "service",
         gettext_lazy("Concerns due in the month resolved by their deadline ÷ concerns due, × 100."),
         "%", 10, service_sla, _explain_sla),
        ("assessment", branch, gettext_lazy("Assessment score"), "assessment",
         gettext_lazy("The month's submitted assessment sheet score (0–100)."),
         "分", 15, assessment, _explain_assessment),
        ("points", branch, gettext_lazy("Members earning points for contributions"), "points",
         gettext_lazy("Share of the branch's members with approved merit points in the month, × 100."),
         "%", 10, points_share, _explain_points_share),
        ("member_points", member, gettext_lazy("Points for real contributions"), "points",
         gettext_lazy("Approved merit points in the month; 10 points or more = 100."),
         "分", 60, member_points, _explain_member_points),
        ("member_projects", member, gettext_lazy("Goal attainment of the member's projects"), "projects",
         gettext_lazy("Mean goal attainment of the running 党建+X projects the member works on; each goal 0–100 %."),
         "%", 40, member_projects, _explain_member_projects),
    ):  # fmt: skip
        register(Component(code, kind, label, source, how, unit, weight, compute, explain))


_register_all()
