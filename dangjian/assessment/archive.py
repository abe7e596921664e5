"""What the assessment offers the archive (core/archiving.py): each branch's monthly sheet once its period is locked
(final scores and rank), filed under 考核评比 by the sheet's branch for the year of its month; the same A4 PDF as
the sheet page prints."""

from __future__ import annotations

from django.db.models import Q

from dangjian.assessment.models import Sheet
from dangjian.core.archiving import Document, Record, Source


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(org__path__startswith=path)
    rows = (
        Sheet.objects.filter(where, period__month__year=year, status=Sheet.Status.LOCKED)
        .select_related("org", "period__template")
        .order_by("period__month", "org__path", "id")
    )
    for sheet in rows:
        month = sheet.period.month
        yield Record(
            object_id=sheet.pk,
            org_id=sheet.org_id,
            year=year,
            title=f"{month:%Y-%m} {sheet.period.template.name} 考核表（{sheet.org.name}）",
            text=f"{sheet.org.name} {sheet.period.template.name} {month:%Y-%m} "
            f"总分{sheet.total or ''} 排名{sheet.rank or ''}",
            day=month,
        )


def render(object_id: int) -> Document | None:
    from dangjian.assessment.printing import sheet_pdf

    sheet = Sheet.objects.select_related("org", "period__template__org", "reviewed_by").filter(pk=object_id).first()
    if sheet is None:
        return None
    return Document(content=sheet_pdf(sheet), filename=f"assessment-{sheet.period.month:%Y-%m}-{sheet.pk}.pdf")


SOURCES = [
    Source(code="assessment.sheet", label="Assessment sheets", category="ASSESS", records=records, render=render)
]
