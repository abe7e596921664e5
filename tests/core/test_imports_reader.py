""".xlsx uploads are read with python-calamine; what the checks see must be what openpyxl gave: the same row numbers
and columns, formulas as their text (so they are refused), error cells as their code, empty cells as None. A sheet
calamine would hold badly in memory (a cell past the columns read) is read by openpyxl as before. No database."""

import datetime as dt
import io

from openpyxl import Workbook, load_workbook

from dangjian.core.imports.files import (
    MAX_COLUMNS,
    XLSX,
    _survey,
    _xlsx_filled_rows,
    count_filled_rows,
    open_sheet,
)


def _book(fill) -> io.BytesIO:
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _openpyxl_rows(buffer) -> list[tuple[int, tuple]]:
    sheet = load_workbook(buffer, read_only=True).worksheets[0]
    rows = [
        (n, cells)
        for n, cells in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        if any(c is not None and not (isinstance(c, str) and not c.strip()) for c in cells)
    ]
    buffer.seek(0)
    return rows


def _read(buffer) -> tuple[list, list[tuple[int, tuple]]]:
    with open_sheet(buffer, XLSX, "t.xlsx") as sheet:
        return sheet.header, [(sheet.header_row, tuple(sheet.header)), *sheet.rows]


def _same_cells(ours: tuple, theirs: tuple) -> bool:
    # openpyxl gives a date cell as a datetime at midnight; calamine as a date. Both parse to the same day.
    def norm(value):
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            return value.date()
        return value

    width = max(len(ours), len(theirs))
    pad = (None,) * width
    return [norm(v) for v in (ours + pad)[:width]] == [norm(v) for v in (theirs + pad)[:width]]


def test_calamine_gives_what_openpyxl_gave():
    def fill(sheet):
        sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"] = "日期", "编码", "数量", "备注"
        sheet["C4"], sheet["D4"], sheet["E4"], sheet["F4"] = dt.date(2026, 1, 2), "T01", 12, "  x "
        sheet["C5"], sheet["D5"], sheet["E5"], sheet["F5"] = dt.datetime(2026, 1, 2, 3, 4), 1001, 1.5, True
        sheet["D7"], sheet["E7"] = "=A1*2", "#DIV/0!"  # a formula and an error cell
        sheet["F8"] = "   "  # whitespace only: a blank row

    buffer = _book(fill)
    survey = _survey(buffer, "t.xlsx")
    assert survey.calamine
    assert survey.overrides == {(6, 3): "=A1*2", (6, 4): "#DIV/0!"}
    header, ours = _read(buffer)
    theirs = _openpyxl_rows(buffer)
    assert header[:6] == [None, None, "日期", "编码", "数量", "备注"]
    assert [n for n, _c in ours] == [n for n, _c in theirs] == [3, 4, 5, 7]
    assert all(_same_cells(a, b) for (_n, a), (_m, b) in zip(ours, theirs, strict=True)), (ours, theirs)
    # The survey's count is the streaming count's (a whitespace string counts: its cell holds a value).
    assert count_filled_rows(buffer, XLSX, "t.xlsx", stop_after=100) == _xlsx_filled_rows(buffer, 100) == 5
    buffer.seek(0)
    assert count_filled_rows(buffer, XLSX, "t.xlsx", stop_after=2) == 3  # stops past the limit


def test_a_cell_past_the_columns_read_sends_the_sheet_to_openpyxl():
    def fill(sheet):
        sheet.append(["工号", "姓名"])
        sheet.append(["E1", "某"])
        sheet.cell(row=3, column=MAX_COLUMNS + 1, value="far right")

    buffer = _book(fill)
    assert not _survey(buffer, "t.xlsx").calamine
    header, ours = _read(buffer)
    assert header[:2] == ["工号", "姓名"]
    assert [(n, c[:2]) for n, c in ours] == [(1, ("工号", "姓名")), (2, ("E1", "某"))]


def _rewritten(buffer, change) -> io.BytesIO:
    """The workbook with its first sheet's XML passed through `change`."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    out.seek(0)
    return out


def _two_rows(sheet):
    sheet.append(["code", "name"])
    sheet.append(["A1", "甲"])


def test_cells_without_a_reference_send_the_sheet_to_openpyxl():
    import re

    unplaced = _rewritten(_book(_two_rows), lambda xml: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", xml))
    assert _survey(unplaced, "t.xlsx").calamine is False
    assert [(n, cells[:3]) for n, cells in _read(unplaced)[1]] == [(1, ("code", "name", None)), (2, ("A1", "甲", None))]


def test_a_reference_written_after_other_attributes_is_still_a_placed_cell():
    import re

    moved = _rewritten(
        _book(_two_rows), lambda xml: re.sub(rb'<c r="([A-Z]+\d+)" t="inlineStr"', rb'<c t="inlineStr" r="\1"', xml)
    )
    assert b'<c t="inlineStr" r="B2"' in zipfile_part(moved)
    assert _survey(moved, "t.xlsx").calamine is True
    assert [(n, cells[:3]) for n, cells in _read(moved)[1]] == [(1, ("code", "name")), (2, ("A1", "甲"))]


def zipfile_part(buffer) -> bytes:
    import zipfile

    with zipfile.ZipFile(buffer) as archive:
        data = archive.read("xl/worksheets/sheet1.xml")
    buffer.seek(0)
    return data
