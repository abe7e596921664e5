"""What dues offer the archive (core/archiving.py): each branch's month once it is closed (对账), filed under
党费收缴 by the branch: the month's sheet (each member's dues, payment, extra and arrears, then the totals handed
up) as an Excel workbook written by core/exports, the same writer as the collection export."""

from __future__ import annotations

import io

from django.db.models import Q

from dangjian.affairs.dues import months, selectors
from dangjian.affairs.dues.models import Reconciliation
from dangjian.core.archiving import Document, Record, Source
from dangjian.core.exports import build_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "工号",
    "姓名",
    "应缴(元)",
    "缴纳日期",
    "缴纳方式",
    "实缴(元)",
    "自愿多交(元)",
    "欠缴月数",
    "欠缴(元)",
    "说明",
]


def records(*, org_paths: list[str], year: int):
    where = Q(pk__in=[])
    for path in org_paths:
        where |= Q(org__path__startswith=path)
    rows = (
        Reconciliation.objects.filter(where, month__year=year)
        .select_related("org")
        .order_by("month", "org__path", "id")
    )
    for closed in rows:
        yield Record(
            object_id=closed.pk,
            org_id=closed.org_id,
            year=year,
            title=f"{closed.month:%Y-%m} 党费收缴表（{closed.org.name}）",
            text=f"{closed.org.name} {closed.month:%Y-%m} 党员{closed.members}人 应缴{closed.expected} "
            f"实缴{closed.paid} 多交{closed.extra} 欠缴{closed.arrears}",
            day=months.add(closed.month, 1),
        )


def render(object_id: int) -> Document | None:
    closed = Reconciliation.objects.select_related("org", "reconciled_by").filter(pk=object_id).first()
    if closed is None:
        return None
    people = list(selectors.members_of(branch_paths=[closed.org.path]))
    # The sheet as it stood once the month had ended (arrears counted up to the month itself).
    rows = []
    for row in selectors.sheet_rows(people=people, month=closed.month, today=months.add(closed.month, 1)):
        payment = row.payment
        rows.append(
            [
                row.person.employee_no,
                row.person.name,
                row.expected,
                payment.paid_on if payment else None,
                payment.get_channel_display() if payment else "",
                payment.amount if payment else None,
                payment.extra if payment and payment.extra else None,
                len(row.unpaid) or None,
                row.arrears or None,
                row.reason.reason if row.reason else "",
            ]
        )
    rows.append([])
    rows.append(
        ["合计", f"党员{closed.members}人", closed.expected, None, "", closed.paid, closed.extra, None, closed.arrears]
    )
    who = closed.reconciled_by.get_username() if closed.reconciled_by_id else "系统"
    rows.append(["对账", f"{who} {closed.reconciled_at:%Y-%m-%d}"])
    buffer = io.BytesIO()
    build_workbook(HEADERS, rows, sheet_title=f"{closed.month:%Y-%m}").save(buffer)
    return Document(
        content=buffer.getvalue(), filename=f"dues-{closed.org.code}-{closed.month:%Y-%m}.xlsx", content_type=XLSX
    )


SOURCES = [Source(code="dues.month", label="Dues sheets", category="DUES", records=records, render=render)]
