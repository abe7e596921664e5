"""One pass over a file: match the header to the kind's columns, parse every cell, let the kind check every row.

The same pass runs twice: when the file is uploaded (to report errors or show a preview) and again at commit, since
the data may have changed in between. Nothing here writes domain data.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from dangjian.core.imports.columns import (
    FORMULA_START,
    CellError,
    Column,
    Parser,
    Text,
    as_text,
    is_blank,
    normalise,
)
from dangjian.core.imports.files import MAX_COLUMNS, count_and_survey, open_sheet
from dangjian.core.imports.kinds import Context, ImportKind, Row

# Rows checked together: the parsers' lookups and the kind's check_rows run once per chunk (a few queries each), so
# a 100,000-row file makes 5 rounds of queries. 20,000 parsed rows take some 20 MB.
CHUNK = 20000
PREVIEW_ROWS = 20


def max_errors() -> int:
    return settings.IMPORT_MAX_ERRORS


@dataclass
class Outcome:
    """What a pass found. `rows` is kept only when asked (at commit); `errors` holds at most max_errors()."""

    total: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    counts: Counter = field(default_factory=Counter)
    columns: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    message: str = ""
    ctx: Context | None = None

    @property
    def ok(self) -> bool:
        return not self.error_count and not self.message

    def add_errors(self, errors: list[dict]) -> None:
        self.error_count += len(errors)
        room = max_errors() - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])


def match_header(kind: ImportKind, header: list) -> tuple[dict[int, Column], list[str]]:
    """Which column each header cell names, and sentences for missing, unknown or repeated columns."""
    names = {name: column for column in kind.columns for name in column.header_names()}
    mapping: dict[int, Column] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        column = names.get(normalise(as_text(cell)))
        if column is None:
            unknown.append(as_text(cell))
        elif column in mapping.values():
            repeated.append(as_text(cell))
        else:
            mapping[index] = column
    problems = []
    missing = [c.title for c in kind.columns if c.required and c not in mapping.values()]
    if missing:
        problems.append(
            _("The file has no column for: %(columns)s. Download the template to see the columns.")
            % {"columns": "、".join(missing)}
        )
    if unknown:
        problems.append(
            _("The file has columns this import does not know: %(columns)s. Rename or delete them.")
            % {"columns": "、".join(f"“{u[:40]}”" for u in unknown)}
        )
    if repeated:
        problems.append(
            _("These columns appear more than once: %(columns)s.") % {"columns": "、".join(f"“{r}”" for r in repeated)}
        )
    return mapping, problems


def count_rows(fileobj, fmt: str, name: str) -> int:
    """Non-blank data rows under the header, counted fast and only up to IMPORT_MAX_ROWS + 1."""
    return count_rows_surveyed(fileobj, fmt, name)[0]


def count_rows_surveyed(fileobj, fmt: str, name: str) -> tuple[int, bool]:
    """count_rows, and whether the file is a plain .xlsx (files.Survey.plain: later passes need no survey)."""
    limit = settings.IMPORT_MAX_ROWS
    filled, plain = count_and_survey(fileobj, fmt, name, stop_after=limit + 1)  # + 1: the header row
    return max(filled - 1, 0), plain


def too_many_rows(total: int) -> str:
    return _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": settings.IMPORT_MAX_ROWS}


def parse_row(number: int, cells: tuple, mapping: dict[int, Column], ctx: Context) -> Row:
    return _parse_row(number, cells, _plan(mapping), ctx)


@dataclass(frozen=True)
class _Plan:
    """How a file's cells map to columns, worked out once per file rather than once per row."""

    columns: tuple  # (index, column, key, parser, required) in file order
    unmapped: tuple  # indexes without a header below `limit`: a value there is an error (and in any cell past it)
    limit: int


def _plan(mapping: dict[int, Column]) -> _Plan:
    columns = tuple(
        (index, column, column.key, column.parser, column.required) for index, column in sorted(mapping.items())
    )
    limit = max(MAX_COLUMNS, max(mapping, default=0) + 1)
    return _Plan(columns, tuple(i for i in range(limit) if i not in mapping), limit)


def _parse_row(number: int, cells, plan: _Plan, ctx: Context) -> Row:
    row = Row(number=number, raw={})
    raw, values, width = row.raw, row.values, len(cells)
    for index in (*plan.unmapped, *range(plan.limit, width)) if width > plan.limit else plan.unmapped:
        if index >= width:
            break
        if not is_blank(cells[index]):
            letter = get_column_letter(index + 1)
            row.error(_("there is a value in column %(letter)s, which has no header.") % {"letter": letter})
    for index, column, key, parser, required in plan.columns:
        value = cells[index] if index < width else None
        if index < width:
            raw[key] = value
        text = value.strip() if isinstance(value, str) else None
        if value is None or text == "":
            if required:
                row.error(_("%(column)s is empty.") % {"column": column.title}, column)
            else:
                values[key] = parser.blank  # read each time: a list parser's blank is a new list
            continue
        if text is not None and text.startswith(FORMULA_START):
            row.error(
                _("%(column)s “%(value)s” starts with “=” like a formula. Type the value itself.")
                % {"column": column.title, "value": text[:40]},
                column,
            )
            continue
        if text is not None and parser.__class__ is Text and (not parser.max_length or len(text) <= parser.max_length):
            values[key] = text  # what Text.parse gives, without the calls (most cells of most files)
            continue
        try:
            values[key] = parser.parse(value, column=column, ctx=ctx)
        except CellError as exc:
            row.error(exc.message, column)
    return row


_MISSING = object()


def _plain_text(value, max_length: int | None) -> str | None:
    """What a Text column makes of a cell that needs no sentence, else None (blank, a formula, too long)."""
    if value is None:
        return None
    text = value.strip() if value.__class__ is str else as_text(value)
    if not text or text.startswith(FORMULA_START) or (max_length and len(text) > max_length):
        return None
    return text


def _parse_chunk(chunk, plan: _Plan, ctx: Context) -> list[Row]:
    """The chunk's rows, parsed. The same few values repeat down a column (one date, shift and item on thousands of
    rows), so when every column is plain text each column's distinct cells are judged once and a row whose cells
    were all judged good is built from them. A row with any other cell (blank, a formula, too long, a value past the
    header) goes through _parse_row, which gives the same values and every sentence."""
    columns = plan.columns
    width = len(columns)
    if any(parser.__class__ is not Text for _i, _c, _k, parser, _r in columns) or [
        index for index, *_rest in columns
    ] != list(range(width)):
        return [_parse_row(number, cells, plan, ctx) for number, cells in chunk]
    memos = ctx.cache.setdefault("texts", [{} for _c in columns])
    keys = tuple(key for _i, _c, key, _p, _r in columns)
    numbers, cells_list = [n for n, _c in chunk], [c for _n, c in chunk]
    if set(map(len, cells_list)) == {width}:
        judged = _judge_columns(cells_list, columns, memos)
        if judged is not None:
            rows = []
            append = rows.append
            for number, cells, texts in zip(numbers, cells_list, zip(*judged, strict=True), strict=True):
                if None in texts:
                    append(_parse_row(number, cells, plan, ctx))
                else:
                    values = dict(zip(keys, texts, strict=True))
                    append(Row(number=number, raw=dict(zip(keys, cells, strict=True)), values=values))
            return rows
    judged = []
    for position, (_index, _column, _key, parser, _required) in enumerate(columns):
        memo, limit, out = memos[position], parser.max_length, []
        get, append = memo.get, out.append
        for cells in cells_list:
            value = cells[position] if position < len(cells) else None
            key = value if value.__class__ is str else (value.__class__, value)
            text = get(key, _MISSING)
            if text is _MISSING:
                text = memo[key] = _plain_text(value, limit)
            append(text)
        judged.append(out)
    rows = []
    append = rows.append
    for (number, cells), *texts in zip(chunk, *judged, strict=True):
        if None in texts or (len(cells) > width and not all(is_blank(c) for c in cells[width:])):
            append(_parse_row(number, cells, plan, ctx))
        else:
            append(
                Row(number=number, raw=dict(zip(keys, cells, strict=False)), values=dict(zip(keys, texts, strict=True)))
            )
    return rows


# Cell types whose equal values give the same text (1 and 1.0 both read "1"); True == 1 but reads "True", and
# Decimal("1.10") == Decimal("1.1") reads differently, so a column holding those takes the keyed path.
_PLAIN_KEYS = frozenset({str, int, float, dt.date, dt.datetime, type(None)})


def _judge_columns(cells_list: list, columns: tuple, memos: list) -> list | None:
    """Rows all as wide as the columns: each column's cells (transposed in C) mapped through the memo of good texts
    by value; a distinct value seen for the first time is judged once. None when a column holds other types."""
    judged = []
    for position, column_cells in enumerate(zip(*cells_list, strict=True)):
        if not set(map(type, column_cells)) <= _PLAIN_KEYS:
            return None
        good = memos[position].setdefault("good", {})
        texts = list(map(good.get, column_cells))
        if None in texts:
            limit = columns[position][3].max_length
            for value in set(column_cells) - good.keys():
                text = _plain_text(value, limit)
                if text is not None:
                    good[value] = text
            texts = list(map(good.get, column_cells))
        judged.append(texts)
    return judged


@contextmanager
def gc_paused():
    """Python's cycle collector paused while a pass builds its rows. A pass allocates millions of small containers
    (rows, their values, records) that hold no cycles; each allocation burst set off collections that walked every
    object kept so far, which cost a 100,000-row file more than its parsing. A pass is bounded by IMPORT_MAX_ROWS."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_file(
    *,
    kind: ImportKind,
    actor,
    fileobj,
    fmt: str,
    name: str,
    keep_rows: bool = False,
    on_progress: Callable[[int], None] | None = None,
    plain: bool = False,
) -> Outcome:
    """Parse and check every row of the file as `actor` would import it (`plain`: see files.open_sheet)."""
    outcome = Outcome()
    with gc_paused(), open_sheet(fileobj, fmt, name, plain=plain) as sheet:
        mapping, problems = match_header(kind, sheet.header)
        if problems:
            outcome.add_errors([{"row": None, "column": "", "message": p} for p in problems])
            return outcome
        ordered = [mapping[i] for i in sorted(mapping)]
        outcome.columns = [c.title for c in ordered]
        ctx = outcome.ctx = Context(actor=actor, kind=kind, present={c.key for c in ordered})
        chunk: list[tuple[int, tuple]] = []
        for item in sheet.rows:
            chunk.append(item)
            if len(chunk) == CHUNK:
                _check_chunk(chunk, mapping, ordered, ctx, outcome, keep_rows)
                chunk = []
                if on_progress:
                    on_progress(outcome.total)
        if chunk:
            _check_chunk(chunk, mapping, ordered, ctx, outcome, keep_rows)
    if outcome.total == 0:
        outcome.message = _("The file has no rows to import under its header row.")
    if on_progress:
        on_progress(outcome.total)
    return outcome


def _check_chunk(chunk, mapping, ordered, ctx: Context, outcome: Outcome, keep_rows: bool) -> None:
    for index, column in mapping.items():
        if type(column.parser).preload is Parser.preload:
            continue  # no lookups to fetch (text, dates, choices)
        values = [cells[index] for _n, cells in chunk if index < len(cells)]
        column.parser.preload([v for v in values if not is_blank(v)], ctx=ctx)
    plan = ctx.cache.get("plan")
    if plan is None:
        plan = ctx.cache["plan"] = _plan(mapping)
    rows = _parse_chunk(chunk, plan, ctx)
    ctx.kind.check_rows(rows, ctx)
    for row in rows:
        outcome.total += 1
        if row.errors:
            outcome.add_errors(row.errors)
            continue
        outcome.counts[row.action] += 1
        if len(outcome.preview) < PREVIEW_ROWS:
            cells = [column.parser.display(row.values.get(column.key)) for column in ordered]
            outcome.preview.append({"row": row.number, "action": row.action, "cells": cells})
        if keep_rows:
            outcome.rows.append(row)
