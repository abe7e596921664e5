"""What recruitment offers the archive (core/archiving.py): the summary of each file completed in the year (the
member admitted to full membership) or stopped, filed under 发展党员 by the file's branch; the same A4 PDF as the
file page's summary."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from dangjian.affairs.recruitment.models import Dossier, StepRecord
from dangjian.core.archiving import Document, Record, Source


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(org__path__startswith=path)
    rows = (
        Dossier.objects.filter(where, closed_on__year=year)
        .exclude(state=Dossier.State.OPEN)
        .select_related("person")
        .order_by("closed_on", "id")
    )
    for dossier in rows:
        state = dossier.get_state_display()
        yield Record(
            object_id=dossier.pk,
            org_id=dossier.org_id,
            year=year,
            title=f"{dossier.person.name} 发展党员材料（{state}）",
            text=f"{dossier.person.name} {dossier.person.employee_no} {dossier.close_reason}",
            day=dossier.closed_on,
        )


def render(object_id: int) -> Document | None:
    from dangjian.affairs.recruitment.pdf import document

    dossier = (
        Dossier.objects.select_related("person", "org", "person__branch", "introducer_1", "introducer_2")
        .prefetch_related(
            Prefetch(
                "records",
                queryset=StepRecord.objects.select_related("local_step", "meeting", "recorded_by").order_by(
                    "done_on", "id"
                ),
            )
        )
        .filter(pk=object_id)
        .first()
    )
    if dossier is None:
        return None
    return Document(content=document(dossier, "summary"), filename=f"recruitment-{dossier.pk}.pdf")


SOURCES = [
    Source(code="recruitment.summary", label="Recruitment files", category="RECRUIT", records=records, render=render)
]
