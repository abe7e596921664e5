"""Export any list to .xlsx. Cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value that Excel/WPS will show as text, never evaluate: strings starting with = + - @ get a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal, dt.date)) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def build_workbook(headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1") -> Workbook:
    """A write-only workbook (constant memory however long the list)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    ws.append([safe_cell(h) for h in headers])
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    return wb


def xlsx_response(
    filename: str, headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1"
) -> HttpResponse:
    response = HttpResponse(content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    build_workbook(headers, rows, sheet_title).save(response)
    return response


def columns_export(
    queryset, columns: list[tuple[str, Callable]], filename: str, sheet_title: str = "Sheet1"
) -> HttpResponse:
    """Export a queryset as columns of (header, getter). Iterates in chunks so memory stays flat."""
    headers = [str(h) for h, _ in columns]
    rows = ([getter(obj) for _, getter in columns] for obj in queryset.iterator(chunk_size=2000))
    return xlsx_response(filename, headers, rows, sheet_title)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
