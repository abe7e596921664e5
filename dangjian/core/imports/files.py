"""Reading an uploaded spreadsheet: is it really .xlsx or .csv, how many rows, and its rows as (number, cells).

Checked by content, not by name: a renamed program or text file is refused at once. CSV is read as UTF-8 (with or
without BOM) and falls back to GB18030 (a superset of GBK), since Chinese Excel and WPS save CSV in GBK.

Rows are counted without cell objects (`count_filled_rows`): openpyxl's cost about 0.4 ms a row, so a 200,000-row
sheet held a worker for 82 s just to be refused for its size. The sheet's XML is streamed instead (a survey by literal
searches, or lxml for the rare sheet calamine is unfit for), stopping at the first row past the limit: the upload is
refused at once, before any job is queued. The rows themselves are read by python-calamine (see "through calamine").
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from dangjian.core.errors import InvalidInput

XLSX, CSV = "xlsx", "csv"
FORMATS = (XLSX, CSV)
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
# Columns read per row: far more than any kind has, few enough that a sheet 16,384 columns wide costs nothing.
MAX_COLUMNS = 60
SNIFF_BYTES = 64 * 1024


class ReadError(InvalidInput):
    """The file cannot be read as the spreadsheet it claims to be."""


def not_spreadsheet(name: str) -> ReadError:
    return ReadError(
        _("“%(name)s” is not an .xlsx or .csv file. Save it from Excel or WPS as .xlsx or CSV and upload it again.")
        % {"name": name}
    )


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def too_large(name: str) -> ReadError:
    return ReadError(
        _("“%(name)s” is larger than %(max)s MB. Split it into smaller files.")
        % {"name": name, "max": settings.MAX_UPLOAD_MB}
    )


def check_upload(upload) -> str:
    """The format of an uploaded file ("xlsx" or "csv"), or ReadError with a sentence the user can act on."""
    name = upload.name or ""
    if upload.size is not None and upload.size > max_upload_bytes():
        raise too_large(name)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head:
        raise ReadError(_("“%(name)s” is empty.") % {"name": name})
    if head.startswith(OLE_MAGIC):
        raise ReadError(
            _("“%(name)s” is an old .xls file or has a password. Save it as .xlsx without a password.") % {"name": name}
        )
    if suffix == XLSX:
        if not _looks_like_xlsx(upload):
            raise not_spreadsheet(name)
        return XLSX
    if suffix == CSV:
        if b"\x00" in head or _decode_head(head) is None:
            raise not_spreadsheet(name)
        return CSV
    raise not_spreadsheet(name)


def _looks_like_xlsx(fileobj) -> bool:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        fileobj.seek(0)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _decode_head(head: bytes) -> str | None:
    for encoding in CSV_ENCODINGS:
        try:
            # Incremental: the sniffed bytes may end in the middle of a character.
            return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
    return None


@dataclass
class Sheet:
    """The header cells and an iterator of (row number as the user sees it, cells) for the non-blank rows."""

    header: list
    header_row: int
    rows: Iterator[tuple[int, tuple]]


def _blank(cells) -> bool:
    if cells:
        # Most rows have a value in their first cell: answered without a generator (called for every row, twice).
        first = cells[0]
        if first is not None and (first.__class__ is not str or (first and not first.isspace())):
            return False
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _sheet(numbered: Iterator[tuple[int, tuple]]) -> Sheet:
    for number, cells in numbered:
        if not _blank(cells):
            rows = ((n, c) for n, c in numbered if not _blank(c))
            return Sheet(header=list(cells), header_row=number, rows=rows)
    return Sheet(header=[], header_row=0, rows=iter(()))


@contextmanager
def open_sheet(fileobj, fmt: str, name: str = "", *, plain: bool = False):
    """Open the first sheet of an .xlsx or a CSV file. Yields a Sheet; raises ReadError. `plain`: an earlier survey of
    this same file found it plain (count_and_survey), so it is not surveyed again."""
    if fmt == XLSX:
        survey = Survey(calamine=True, overrides={}, filled=0) if plain else _survey(fileobj, name)
        if survey.calamine:
            # Read whole already (calamine holds the sheet): numbered and filtered in one list, without a generator
            # per layer for each of 100,000 rows.
            cells = _calamine_rows(fileobj, name, survey)
            numbered = [(n, row) for n, row in enumerate(cells, start=1) if not _blank(row)]
            if not numbered:
                yield Sheet(header=[], header_row=0, rows=iter(()))
                return
            header_row, header = numbered[0]
            yield Sheet(header=list(header), header_row=header_row, rows=iter(numbered[1:]))
            return
        from openpyxl import load_workbook

        try:
            # data_only=False: a formula shows as its text ("=A1*2") so it is refused, never trusted as a value.
            workbook = load_workbook(fileobj, read_only=True, data_only=False)
            worksheet = workbook.worksheets[0]
            numbered = enumerate(worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
        except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
            raise unreadable_xlsx(name) from exc
        try:
            yield _sheet(_guarded(numbered, name))
        finally:
            workbook.close()
    elif fmt == CSV:
        text = _decode_csv(fileobj.read(), name)
        yield _sheet(_guarded(enumerate(csv.reader(io.StringIO(text)), start=1), name))
    else:
        raise not_spreadsheet(name)


def unreadable_xlsx(name: str) -> ReadError:
    return ReadError(
        _("“%(name)s” could not be read as an .xlsx file. Open it in Excel or WPS and save it again.") % {"name": name}
    )


# ---------------------------------------------------------------- .xlsx through calamine
#
# python-calamine (Rust) reads a sheet about twenty times faster than openpyxl's cell objects. It gives values only:
# a formula comes as its last computed value (or empty), an error cell (#DIV/0!) as empty. A file is therefore first
# surveyed — its sheet XML streamed through a few regular expressions, no cell objects — and:
# - cells holding a formula or an error are read with lxml and given as openpyxl gave them ("=A1*2", "#DIV/0!"), so
#   a formula is still refused, never trusted as a value;
# - a sheet calamine would hold badly in memory (it keeps rows × columns cells) — a cell past MAX_COLUMNS, cells
#   without a reference, or a last row far past IMPORT_MAX_ROWS — is read by openpyxl as before (streamed).

# Literal searches where possible (bytes.find is far faster than a regular expression trying every "<").
_FORMULA_OR_ERROR = (b"<f>", b"<f ", b"<f/>", b't="e"')
_UNPLACED = (b"<c>", b"<c/>", b"<row>")  # a cell or row without a reference
_UNPLACED_ATTRS = re.compile(rb"<(?:c|row) (?![^>]*\br=)")
_WIDE = re.compile(rb' r="(?:[A-Z]{3}|[C-Z][A-Z]|B[I-Z])\d')  # a cell past column BH (MAX_COLUMNS = 60)
_FAR = re.compile(rb' r="[A-Z]{0,3}(\d{6,})"')  # a row or cell at row 100,000 or further
_VALUE = re.compile(rb"<v>\s*[^<\s]|<is>")
_SURVEY_CHUNK = 1 << 20


@dataclass
class Survey:
    calamine: bool
    overrides: dict  # (row, column), both from 0 → the cell's value as openpyxl gives it
    filled: int  # rows with a value in a cell (counted up to `stop_after` + 1)
    marked: bool = False  # a formula or an error cell may be in the sheet

    @property
    def plain(self) -> bool:
        """calamine reads the sheet and no cell is to be given otherwise: what a later pass over the same stored file
        may take without surveying it again (open_sheet's `plain`)."""
        return self.calamine and not self.marked


def _all_placed(data: bytes) -> bool:
    """Every cell and row opens with its reference first, as Excel, WPS and openpyxl write them: four counts in C
    (a third of the time of the search for a cell or row without one). Anything else (another element starting
    with "<c" or "<row", a reference not first) is left to the exact search."""
    return data.count(b"<c") == data.count(b'<c r="') and data.count(b"<row") == data.count(b'<row r="')


@dataclass
class _Scan:
    marked: bool = False
    unfit: bool = False
    far: int = 0
    filled: int = 0
    counting: bool = True

    def read(self, data: bytes) -> None:
        self.marked = self.marked or any(m in data for m in _FORMULA_OR_ERROR)
        self.unfit = (
            self.unfit
            or (not _all_placed(data) and (any(m in data for m in _UNPLACED) or _UNPLACED_ATTRS.search(data)))
            or _WIDE.search(data) is not None
        )
        for match in _FAR.finditer(data):
            self.far = max(self.far, int(match.group(1)))
        if self.counting:
            # `data` ends with a whole row: each piece is (at most) one row's cells.
            for piece in data.split(b"</row>"):
                if (b"<v>" in piece or b"<is>" in piece) and _VALUE.search(piece):
                    self.filled += 1


def _survey(fileobj, name: str, stop_after: int | None = None) -> Survey:
    """One streamed pass over the first sheet's XML: can calamine read it, which cells need overriding, and how many
    rows hold a value. Elements with a namespace prefix (<x:c>, rare) send the sheet to openpyxl."""
    fileobj.seek(0)
    scan = _Scan(counting=stop_after is not None)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            part = _first_sheet_part(archive)
            with archive.open(part) as stream:
                rest, first = b"", True
                while chunk := stream.read(_SURVEY_CHUNK):
                    data = rest + chunk
                    if first:
                        first = False
                        scan.unfit = re.search(rb"<\w+:worksheet\b", data[:4096]) is not None
                    # Whole rows only: the part after the last </row> waits for the next chunk.
                    end = data.rfind(b"</row>")
                    end = end + 6 if end >= 0 else (len(data) if len(data) > 64 * _SURVEY_CHUNK else 0)
                    if end:
                        scan.read(data[:end])
                    rest = data[end:]
                    if scan.unfit or (stop_after is not None and scan.filled > stop_after):
                        break
                else:
                    scan.read(rest)
            if scan.far > 2 * settings.IMPORT_MAX_ROWS + 1000:
                scan.unfit = True
            overrides = _formula_cells(archive, part) if scan.marked and not scan.unfit else {}
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, etree.LxmlError) as exc:
        raise unreadable_xlsx(name) from exc
    finally:
        fileobj.seek(0)
    return Survey(calamine=not scan.unfit, overrides=overrides, filled=scan.filled, marked=scan.marked)


def _formula_cells(archive: zipfile.ZipFile, part: str) -> dict:
    """(row, column) → "=formula" or "#ERROR" for the cells calamine gives as their value or empty."""
    found = {}
    with archive.open(part) as stream:
        cells = etree.iterparse(stream, events=("end",), tag=f"{_MAIN}c", **_xml_parser_options())
        row_number = 0
        for _event, cell in cells:
            reference = cell.get("r") or ""
            digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            row_number = int(digits) if digits.isdigit() else row_number
            formula = cell.find(f"{_MAIN}f")
            if formula is not None:
                found[(row_number - 1, _column_number(reference) - 1)] = "=" + (formula.text or "")
            elif cell.get("t") == "e":
                value = cell.find(f"{_MAIN}v")
                found[(row_number - 1, _column_number(reference) - 1)] = value.text if value is not None else ""
            cell.clear(keep_tail=False)
    return found


def _calamine_rows(fileobj, name: str, survey: Survey) -> list[tuple]:
    """The first sheet's rows from A1, each at most MAX_COLUMNS cells; empty cells as None (as openpyxl gives)."""
    from python_calamine import CalamineWorkbook

    fileobj.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
        try:
            data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except Exception as exc:  # calamine raises its own errors on a damaged file
        raise unreadable_xlsx(name) from exc
    overrides = survey.overrides
    for (row, column), value in overrides.items():
        if row < len(data) and column < MAX_COLUMNS:
            cells = data[row]
            if column >= len(cells):
                cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = value
    return [tuple(map(_as_openpyxl, cells[:MAX_COLUMNS])) for cells in data]


def _as_openpyxl(value):
    """A calamine value as openpyxl gave it: empty → None, a whole number → int (calamine gives every number as a
    float)."""
    if value.__class__ is float:
        return int(value) if value.is_integer() else value
    return None if value == "" else value


def _guarded(numbered, name):
    """Rows of the file; one damaged part-way through gives a sentence, not a stack trace."""
    try:
        yield from numbered
    except Exception as exc:
        raise ReadError(
            _("“%(name)s” is damaged part-way through. Open it in Excel or WPS and save it again.") % {"name": name}
        ) from exc


def _decode_csv(data: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(
        _("“%(name)s” is not saved as UTF-8 or GBK text. Save it from Excel or WPS as CSV again.") % {"name": name}
    )


# SpreadsheetML: the workbook lists its sheets in order; its relationships say which part holds each.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CELL_COLUMN = re.compile(r"[A-Z]+")


def _xml_parser_options() -> dict:
    # No entities, no network, no huge trees: an upload is untrusted XML.
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The zip member holding the workbook's first sheet (the one open_sheet reads)."""
    parser = etree.XMLParser(**_xml_parser_options())
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), parser)
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise KeyError("no sheet")
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    for rel in rels.iter(_PACKAGE_RELS):
        if rel.get("Id") == sheet.get(_REL_ID):
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    raise KeyError("no sheet part")


def _column_number(reference: str | None) -> int:
    match = _CELL_COLUMN.match(reference or "")
    if match is None:
        return 1
    number = 0
    for letter in match.group():
        number = number * 26 + ord(letter) - 64
    return number


def _xlsx_filled_rows(fileobj, stop_after: int) -> int:
    count = 0
    with zipfile.ZipFile(fileobj) as archive:
        with archive.open(_first_sheet_part(archive)) as stream:
            rows = etree.iterparse(stream, events=("end",), tag=f"{_MAIN}row", **_xml_parser_options())
            for _event, row in rows:
                # A row counts when one of its first MAX_COLUMNS cells holds a value (as open_sheet reads them).
                for cell in row.iterchildren(f"{_MAIN}c"):
                    if _column_number(cell.get("r")) > MAX_COLUMNS:
                        continue
                    value = cell.find(f"{_MAIN}v")
                    inline = cell.find(f"{_MAIN}is")
                    if (value is not None and (value.text or "").strip()) or inline is not None:
                        count += 1
                        break
                row.clear(keep_tail=False)
                while row.getprevious() is not None:
                    del row.getparent()[0]
                if count > stop_after:
                    break
    return count


def _csv_filled_rows(fileobj, name: str, stop_after: int) -> int:
    count = 0
    for cells in csv.reader(io.StringIO(_decode_csv(fileobj.read(), name))):
        if not _blank(cells):
            count += 1
            if count > stop_after:
                break
    return count


def count_filled_rows(fileobj, fmt: str, name: str, *, stop_after: int) -> int:
    """Rows with a value (the header included), counted up to `stop_after` + 1 and no further; ReadError if the file
    cannot be read. Fast: no cell objects, one streaming pass over the first sheet."""
    return count_and_survey(fileobj, fmt, name, stop_after=stop_after)[0]


def count_and_survey(fileobj, fmt: str, name: str, *, stop_after: int) -> tuple[int, bool]:
    """count_filled_rows, and whether the file is a plain .xlsx (Survey.plain). A file counted past `stop_after` was
    not surveyed to its end and is never plain (it is refused anyway)."""
    fileobj.seek(0)
    try:
        if fmt == XLSX:
            survey = _survey(fileobj, name, stop_after)
            if survey.calamine:
                return min(survey.filled, stop_after + 1), survey.plain and survey.filled <= stop_after
            try:
                return _xlsx_filled_rows(fileobj, stop_after), False
            except (KeyError, OSError, ValueError, zipfile.BadZipFile, etree.LxmlError) as exc:
                raise ReadError(
                    _("“%(name)s” could not be read as an .xlsx file. Open it in Excel or WPS and save it again.")
                    % {"name": name}
                ) from exc
        if fmt == CSV:
            return _csv_filled_rows(fileobj, name, stop_after), False
        raise not_spreadsheet(name)
    finally:
        fileobj.seek(0)
