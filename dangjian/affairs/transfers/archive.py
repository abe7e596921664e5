"""What transfers offer the archive (core/archiving.py): the introduction letter (介绍信, with its stub and return
slip) of each transfer confirmed in the year, filed under 组织关系 by the sending org (the one keeping the stub)."""

from __future__ import annotations

from django.db.models import Q

from dangjian.affairs.transfers.models import Transfer
from dangjian.core.archiving import Document, Record, Source


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(from_org__path__startswith=path)
    rows = (
        Transfer.objects.filter(where, status=Transfer.Status.CONFIRMED, confirmed_at__year=year)
        .exclude(kind=Transfer.Kind.IN)
        .exclude(letter_no="")
        .select_related("to_org")
        .order_by("confirmed_at", "id")
    )
    for transfer in rows:
        yield Record(
            object_id=transfer.pk,
            org_id=transfer.from_org_id,
            year=year,
            title=f"{transfer.name} 组织关系介绍信 {transfer.letter_no}",
            text=f"{transfer.name} {transfer.employee_no} {transfer.receiving_side} {transfer.reason}",
            day=transfer.sent_on,
        )


def render(object_id: int) -> Document | None:
    from dangjian.affairs.transfers.pdf import letter_pdf
    from dangjian.affairs.transfers.selectors import RELATED

    transfer = Transfer.objects.select_related(*RELATED).filter(pk=object_id).first()
    if transfer is None:
        return None
    return Document(content=letter_pdf(transfer), filename=f"letter-{transfer.letter_no or transfer.pk}.pdf")


SOURCES = [
    Source(
        code="transfers.letter",
        label="Introduction letters",
        category="TRANSFER",
        records=records,
        render=render,
    )
]
