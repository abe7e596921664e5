"""The downloadable template of an import kind: the header row and one example row, as .xlsx or CSV. The .xlsx has a
second sheet explaining each column and its allowed values, and the kind may add sheets of codes (e.g. its orgs)."""

from __future__ import annotations

import csv
import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from dangjian.core.exports import XLSX_MIME, _quote, safe_cell
from dangjian.core.imports.files import CSV, XLSX
from dangjian.core.imports.kinds import ImportKind


def _filename(kind: ImportKind, fmt: str) -> str:
    return _("%(kind)s import template") % {"kind": kind.label} + f".{fmt}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _notes() -> list[str]:
    return [
        _("The first row holds the column names; columns marked * are required. Column order does not matter."),
        _("Each further row is one record. Rows are numbered as in Excel, so an error names the row to fix."),
        _("An employee number or code that exists already updates that record; a new one creates it."),
        _("A column left out of the file is not changed; an empty cell in a column that is present clears the value."),
        _("Nothing is written until every row is correct and you confirm the preview."),
        _("At most %(rows)s rows and %(mb)s MB per file. Type values, not formulas: cells starting with = are refused.")
        % {"rows": settings.IMPORT_MAX_ROWS, "mb": settings.MAX_UPLOAD_MB},
    ]


def template_xlsx(kind: ImportKind, user) -> HttpResponse:
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(_("Data")[:31])
    bold = Font(bold=True)
    data.append([_styled(data, column.template_header(), font=bold) for column in kind.columns])
    data.append([_styled(data, column.example, number_format="yyyy-mm-dd") for column in kind.columns])

    guide = workbook.create_sheet(_("Columns")[:31])
    guide.append(
        [
            _styled(guide, h, font=bold)
            for h in (_("Column"), _("Required"), _("Also accepted as header"), _("What to enter"), _("Allowed values"))
        ]
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in kind.columns:
        guide.append(
            [
                _styled(guide, column.title, font=bold),
                _styled(guide, _("yes") if column.required else _("no")),
                _styled(guide, "、".join(dict.fromkeys([column.zh, column.key, *column.aliases]))),
                _styled(guide, str(column.help), alignment=wrap),
                _styled(guide, column.parser.describe(), alignment=wrap),
            ]
        )
    guide.append([])
    for note in _notes():
        guide.append([_styled(guide, note)])

    for title, headers, rows in kind.reference_sheets(user):
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([_styled(sheet, h, font=bold) for h in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])

    response = HttpResponse(content_type=XLSX_MIME)
    workbook.save(response)
    return _attachment(response, _filename(kind, XLSX))


def _styled(sheet, value, *, font=None, alignment=None, number_format=None):
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    if number_format and isinstance(value, dt.date):
        cell.number_format = number_format
    return cell


def template_csv(kind: ImportKind) -> HttpResponse:
    # UTF-8 with BOM: Excel and WPS open it as UTF-8 instead of guessing GBK.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([column.template_header() for column in kind.columns])
    writer.writerow([_csv_value(column.example) for column in kind.columns])
    return _attachment(response, _filename(kind, CSV))


def _csv_value(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(safe_cell(value))


def template_response(kind: ImportKind, fmt: str, user) -> HttpResponse:
    return template_xlsx(kind, user) if fmt == XLSX else template_csv(kind)
