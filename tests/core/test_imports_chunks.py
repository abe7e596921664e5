"""How a chunk of rows is parsed: the column-by-column path for plain-text columns must give exactly what the
row-by-row path gives — the same values for good rows, the same sentences for bad ones, in file order."""

import datetime as dt
import gc

import pytest
from django.utils import translation

from dangjian.core.imports import Column, Text
from dangjian.core.imports.checking import _parse_chunk, _parse_row, _plan, gc_paused
from dangjian.core.imports.kinds import Context

CODE = Column("code", "code", "编码", Text(5), required=True)
NAME = Column("name", "name", "名称", Text(), required=True)
NOTE = Column("note", "note", "备注", Text(10))
MAPPING = {0: CODE, 1: NAME, 2: NOTE}


def _ctx():
    return Context(actor=None, kind=None, present={"code", "name", "note"})


def _both(chunk):
    plan = _plan(MAPPING)
    with translation.override("en"):
        fast = _parse_chunk(chunk, plan, _ctx())
        slow = [_parse_row(number, cells, plan, _ctx()) for number, cells in chunk]
    return fast, slow


def _view(rows):
    return [(r.number, r.values, r.errors) for r in rows]


EQUAL_WIDTH = [
    (2, ("A1", "甲", "x")),
    (3, (" A1 ", "甲", "x")),  # spaces around a value are trimmed
    (4, ("A1", "=SUM(B1)", "x")),  # a formula
    (5, ("TOOLONG", "乙", "")),  # too long; an empty optional cell
    (6, ("", "丙", "y")),  # a required cell empty
    (7, (1001, dt.datetime(2024, 3, 5), 2.0)),  # typed cells as .xlsx gives them
    (8, (1001.0, dt.date(2024, 3, 5), 2)),  # equal values of other types read the same
    (9, ("A1", "甲", "x")),  # a repeat of row 2
]


def test_equal_width_rows_parse_as_row_by_row():
    fast, slow = _both(EQUAL_WIDTH)
    assert _view(fast) == _view(slow)
    assert [r.number for r in fast if r.errors] == [4, 5, 6]
    assert fast[0].values == {"code": "A1", "name": "甲", "note": "x"}
    assert fast[5].values == {"code": "1001", "name": "2024-03-05", "note": "2"}
    assert fast[7].values == fast[0].values


def test_a_column_with_true_or_false_parses_as_row_by_row():
    """True == 1 as a dict key, but reads "True": such a column is not mapped by value."""
    fast, slow = _both([(2, (1, "甲", "x")), (3, (True, "甲", "x")), (4, (1.0, "甲", None))])
    assert _view(fast) == _view(slow)
    assert [r.values["code"] for r in fast] == ["1", "True", "1"]


def test_rows_of_other_widths_parse_as_row_by_row():
    chunk = [
        (2, ["A1", "甲"]),  # short: the optional column is absent on this row
        (3, ["A2", "乙", "x", "", " "]),  # blank cells past the header
        (4, ["A3", "丙", "x", "extra"]),  # a value past the header
        (5, ["A4", "丁", "y"]),
    ]
    fast, slow = _both(chunk)
    assert _view(fast) == _view(slow)
    assert [r.number for r in fast if r.errors] == [4]
    assert "column D" in fast[2].errors[0]["message"]


def test_a_value_judged_in_one_chunk_is_judged_alike_in_the_next():
    plan, ctx = _plan(MAPPING), _ctx()
    with translation.override("en"):
        first = _parse_chunk([(2, ("A1", "甲", "x")), (3, ("TOOLONG", "乙", "x"))], plan, ctx)
        second = _parse_chunk([(4, ("TOOLONG", "甲", "x")), (5, ("A1", "乙", "x"))], plan, ctx)
    assert [bool(r.errors) for r in first + second] == [False, True, True, False]
    assert second[1].values == {"code": "A1", "name": "乙", "note": "x"}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_during_a_pass_and_left_as_it_was(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError), gc_paused():
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
