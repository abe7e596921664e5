"""The content of an annual compilation (汇编成册), gathered once and written out twice (Word and PDF).

For the projects of one plan year owned in an org's subtree, as the requester may export them: a section per owner
org, per project the plan, goals with baseline/target/actual, measures, sub-plans, tasks, rules revised, results and
highlights, and the pictures among its tasks' evidence files; then the seed-000 summary by domain. The queries are a
fixed handful (projects, one per plan relation, one roll-up per production indicator) however big the book."""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePath

from django.db.models import Prefetch
from django.utils import timezone

from dangjian.core.permissions import EXPORT, VIEW
from dangjian.org.models import PartyOrg, Unit
from dangjian.projects.boards.actuals import latest_actuals
from dangjian.projects.boards.selectors import HIDDEN_STATES, GoalView, goal_views, tree_order
from dangjian.projects.projects.models import Domain, Goal, Measure, Project, SubPlan, Task
from dangjian.projects.projects.selectors import FINISHED, StatRow

log = logging.getLogger(__name__)

# Pictures come from tasks' evidence files; only real images of a sensible size, a few per project.
IMAGE_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGES_PER_PROJECT = 4


@dataclass
class Picture:
    """An image from a task's evidence, with the task title as its caption."""

    caption: str
    data: bytes
    mime: str

    @property
    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass
class Entry:
    """One project of the book with everything printed about it."""

    project: Project
    goals: list[GoalView]
    measures: list[Measure]
    sub_plans: list[SubPlan]
    tasks: list[Task]
    rules: list
    pictures: list[Picture] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"p{self.project.pk}"


@dataclass
class Section:
    org: PartyOrg
    entries: list[Entry]

    @property
    def anchor(self) -> str:
        return f"o{self.org.pk}"


@dataclass
class Book:
    company: str
    org: PartyOrg
    year: int
    sections: list[Section]
    by_domain: list[StatRow]
    total: StatRow
    made_at: dt.datetime

    @property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]


def _projects(user, org: PartyOrg, year: int) -> list[Project]:
    return list(
        Project.objects.restrict(user, EXPORT)
        .filter(owner__path__startswith=org.path, year=year)
        .exclude(state__in=HIDDEN_STATES)
        .select_related("owner", "secretary")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("indicator", "unit")),
            Prefetch("measures", queryset=Measure.objects.select_related("owner")),
            Prefetch("sub_plans", queryset=SubPlan.objects.select_related("owner")),
            Prefetch("tasks", queryset=Task.objects.select_related("owner")),
            "rule_revisions",
        )
        .order_by("owner__path", "code")
    )


def _pictures(tasks: list[Task]) -> list[Picture]:
    """The evidence files that are readable images (checked by decoding them), the first few."""
    from PIL import Image, UnidentifiedImageError

    pictures = []
    for task in tasks:
        if len(pictures) >= IMAGES_PER_PROJECT:
            break
        name = task.evidence_file.name if task.evidence_file else ""
        mime = IMAGE_SUFFIXES.get(PurePath(name).suffix.lower())
        if not mime:
            continue
        try:
            if task.evidence_file.size > IMAGE_MAX_BYTES:
                continue
            with task.evidence_file.open("rb") as handle:
                data = handle.read()
            with Image.open(BytesIO(data)) as image:
                image.verify()
        except (OSError, UnidentifiedImageError, ValueError):
            # A missing or broken file leaves the picture out; the book is still made.
            log.warning("compilation: evidence file %s of task %s is not a readable image", name, task.pk)
            continue
        pictures.append(Picture(caption=task.title, data=data, mime=mime))
    return pictures


def _summary(projects: list[Project]) -> tuple[list[StatRow], StatRow]:
    """The seed-000 table by domain: projects, measures, sub-plans, tasks (and done), rules revised, finished."""
    labels = dict(Domain.choices)
    rows: dict[str, StatRow] = {}
    total = StatRow(key=None, label="")
    for project in projects:
        row = rows.setdefault(project.domain, StatRow(key=project.domain, label=str(labels.get(project.domain, ""))))
        tasks = project.tasks.all()
        counts = {
            "projects": 1,
            "finished": int(project.state in FINISHED),
            "measures": len(project.measures.all()),
            "sub_plans": len(project.sub_plans.all()),
            "tasks": len(tasks),
            "tasks_done": sum(1 for t in tasks if t.done),
            "rules": len(project.rule_revisions.all()),
        }
        for target in (row, total):
            for name, value in counts.items():
                setattr(target, name, getattr(target, name) + value)
    order = list(labels)
    return sorted(rows.values(), key=lambda r: order.index(r.key)), total


def _company_name(user, org: PartyOrg) -> str:
    company = Unit.objects.restrict(user, VIEW).filter(kind=Unit.Kind.COMPANY, parent__isnull=True).first()
    return company.name if company else org.name


def collect(*, user, org: PartyOrg, year: int, on_progress=None) -> Book:
    """Everything the book prints, read as `user` (the requester). `on_progress(done, total)` is told per project."""
    projects = _projects(user, org, year)
    actuals = latest_actuals([g for p in projects for g in p.goals.all()], user=user)
    by_org: dict[int, list[Entry]] = defaultdict(list)
    owners: dict[int, PartyOrg] = {}
    for n, project in enumerate(projects, start=1):
        tasks = list(project.tasks.all())
        entry = Entry(
            project=project,
            goals=goal_views(project.goals.all(), actuals),
            measures=list(project.measures.all()),
            sub_plans=list(project.sub_plans.all()),
            tasks=tasks,
            rules=list(project.rule_revisions.all()),
            pictures=_pictures(tasks),
        )
        owners[project.owner_id] = project.owner
        by_org[project.owner_id].append(entry)
        if on_progress:
            on_progress(n, len(projects))
    keys = tree_order(owners.values())
    by_domain, total = _summary(projects)
    return Book(
        company=_company_name(user, org),
        org=org,
        year=year,
        sections=[Section(org=owners[pk], entries=by_org[pk]) for pk in sorted(by_org, key=keys.__getitem__)],
        by_domain=by_domain,
        total=total,
        made_at=timezone.localtime(),
    )
