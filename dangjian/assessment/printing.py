"""The printed assessment sheet (A4 PDF, WeasyPrint): what the sheet page's print button and the archive's filed
copy lay out, read without a user (the caller has reached the sheet through its own scoping)."""

from __future__ import annotations

from dangjian.assessment import selectors
from dangjian.assessment.models import Sheet


def print_context(sheet: Sheet) -> dict:
    lines = selectors.sheet_lines(sheet)
    categories: list[tuple] = []
    for line in lines:
        if not categories or categories[-1][0] != line.item.category:
            categories.append((line.item.category, []))
        categories[-1][1].append(line)
    return {
        "sheet": sheet,
        "period": sheet.period,
        "categories": categories,
        "standing": selectors.standings_of(sheet, lines),
        "max_total": sum(line.item.max_points for line in lines),
        "final_total": sum(line.final_points or 0 for line in lines),
    }


def sheet_pdf(sheet: Sheet) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("assessment/sheet_print.html", print_context(sheet))
