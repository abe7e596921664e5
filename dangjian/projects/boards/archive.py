"""What the boards offer the archive (core/archiving.py): the annual compilation (党建+X项目汇编, the year's project
book of an org's subtree) once it is made, filed under 党建+X项目 by the org it was made for. Only the latest book
of each org and year is offered (an earlier one of the same org and year, made before a correction, is not); the
PDF is the one the compilation task wrote, served as stored."""

from __future__ import annotations

from django.db.models import Q

from dangjian.core.archiving import Document, Record, Source
from dangjian.projects.boards.models import CompilationJob


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(org__path__startswith=path)
    rows = (
        CompilationJob.objects.filter(where, year=year, status=CompilationJob.Status.DONE)
        .exclude(pdf="")
        .select_related("org")
        .order_by("org_id", "-finished_at", "-id")
    )
    seen: set[int] = set()
    for job in rows:
        if job.org_id in seen:
            continue
        seen.add(job.org_id)
        yield Record(
            object_id=job.pk,
            org_id=job.org_id,
            year=year,
            title=f"{year}年度党建+X项目汇编（{job.org.name}）",
            text=f"{job.org.name} {year} 党建+X 项目汇编 {job.projects}个项目",
            day=job.finished_at.date() if job.finished_at else None,
        )


def render(object_id: int) -> Document | None:
    job = CompilationJob.objects.select_related("org").filter(pk=object_id).first()
    if job is None or not job.pdf:
        return None
    try:
        with job.pdf.open("rb") as handle:
            content = handle.read()
    except OSError:
        return None
    return Document(content=content, filename=f"compilation-{job.year}-{job.org.code}.pdf")


SOURCES = [
    Source(code="boards.compilation", label="Annual compilations", category="PROJECT", records=records, render=render)
]
