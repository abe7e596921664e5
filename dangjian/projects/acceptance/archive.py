"""What acceptance offers the archive (core/archiving.py): the certificate of each project awarded on a locked
panel of the year, filed under 党建+X项目 by the project's owning org."""

from __future__ import annotations

from django.db.models import Q

from dangjian.core.archiving import Document, Record, Source
from dangjian.projects.acceptance.models import ProjectResult


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(project__owner__path__startswith=path)
    rows = (
        ProjectResult.objects.filter(where, panel__year=year, locked_at__isnull=False)
        .exclude(award="")
        .select_related("project", "panel")
        .order_by("rank", "id")
    )
    for result in rows:
        yield Record(
            object_id=result.pk,
            org_id=result.project.owner_id,
            year=year,
            title=f"{result.project.title} 荣誉证书（{result.get_award_display()}）",
            text=f"{result.project.code} {result.project.title} {result.panel.name}",
            day=result.locked_at.date(),
        )


def render(object_id: int) -> Document | None:
    from dangjian.projects.acceptance.pdf import certificate_pdf

    result = ProjectResult.objects.select_related("project__owner", "panel__org").filter(pk=object_id).first()
    if result is None:
        return None
    return Document(content=certificate_pdf(result), filename=f"certificate-{result.panel.year}-{result.pk}.pdf")


SOURCES = [
    Source(
        code="acceptance.certificate",
        label="Award certificates",
        category="PROJECT",
        records=records,
        render=render,
    )
]
