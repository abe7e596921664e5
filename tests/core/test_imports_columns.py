"""Column parsers and header matching: the pieces every import kind is built from."""

import datetime as dt

import pytest
from django.utils import translation

from dangjian.core.imports import CellError, Choice, Column, Date, Text
from dangjian.core.imports.checking import match_header
from dangjian.core.imports.columns import as_text, normalise
from dangjian.core.imports.kinds import get_kind, kinds_for
from dangjian.org.models import Person

BIRTH = Column("birth_date", "birth date", "出生日期", Date())
POST_REGISTERS = {"post-zones", "post-pioneers", "post-taskforces", "post-pairings"}
RECRUITMENT = {"recruitment-plans", "recruitment-steps"}
# the talent pool, competency items and drill attendance; a duty list's items; a forum's presenters
BRANCH_KINDS = {"talent-pool", "talent-items", "talent-attendance", "duty-items", "forum-presenters"}
STATUS = Column("party_status", "party status", "政治面貌", Choice(Person.PartyStatus, {"正式党员": "member"}))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1990-03-01", dt.date(1990, 3, 1)),
        ("1990/3/1", dt.date(1990, 3, 1)),
        ("1990.03.01", dt.date(1990, 3, 1)),
        ("1990/3/1 0:00", dt.date(1990, 3, 1)),
        (dt.datetime(1990, 3, 1), dt.date(1990, 3, 1)),
        (dt.date(1990, 3, 1), dt.date(1990, 3, 1)),
        (32933, dt.date(1990, 3, 1)),  # an Excel date serial that lost its format
    ],
)
def test_dates_accepted(value, expected):
    assert BIRTH.parser.parse(value, column=BIRTH, ctx=None) == expected


@pytest.mark.parametrize("value", ["1990-13-01", "1990-02-30", "01/03/1990", "19900301x", "明天"])
def test_dates_refused_with_the_value_in_the_sentence(value):
    with translation.override("en"), pytest.raises(CellError) as caught:
        BIRTH.parser.parse(value, column=BIRTH, ctx=None)
    assert f"“{value}”" in caught.value.message and "birth date" in caught.value.message


@pytest.mark.parametrize("value", ["member", "full member", "Member", "正式党员", " 正式 党员 "])
def test_choice_accepts_code_english_label_and_chinese(value):
    assert STATUS.parser.parse(value, column=STATUS, ctx=None) == "member"


def test_choice_refusal_lists_the_allowed_values():
    with pytest.raises(CellError) as caught:
        STATUS.parser.parse("团员", column=STATUS, ctx=None)
    assert "正式党员" in caught.value.message and "“团员”" in caught.value.message


def test_text_from_number_cells_and_length():
    column = Column("employee_no", "employee number", "工号", Text(5))
    assert column.parser.parse(1001.0, column=column, ctx=None) == "1001"
    assert as_text(13812345678) == "13812345678"
    with pytest.raises(CellError):
        column.parser.parse("ABCDEF", column=column, ctx=None)


def test_header_names_tolerate_marks_notes_and_case():
    assert normalise("工号*") == normalise("工号") == normalise(" 工 号（必填）")
    kind = get_kind("people")
    mapping, problems = match_header(kind, ["Employee Number", "NAME", "性别*", "出生日期(YYYY-MM-DD)", "branch_code"])
    assert problems == []
    assert [c.key for c in mapping.values()] == ["employee_no", "name", "gender", "birth_date", "branch"]


def test_kinds_are_discovered_and_filtered_by_permission(company, office, secretary_a, member_a):
    # the foundation's kinds and each capability's (team records, appraisals, assessment items and scores, key tasks)
    assert {k.slug for k in kinds_for(office)} == {
        "people",
        "orgs",
        "units",
        "indicator-values",
        "indicator-targets",
        "projects",
        "value-records",
        "value-catalogue",
        "value-enrolment",
        "appraisals",
        "points-rules",
        "cost-items",
        "indicators",
        "calendar-days",
        "committee-seats",
        "assessment-items",
        "production-scores",
        "key-tasks",
        *POST_REGISTERS,
        *RECRUITMENT,
        "dues-bases",
        *BRANCH_KINDS,
        "news-columns",
        "archive-paper",
        "index-weights",
    }
    assert {k.slug for k in kinds_for(secretary_a)} == {
        "people",
        "cost-items",
        "indicator-values",
        "indicator-targets",
        "projects",
        "value-records",
        "appraisals",
        "key-tasks",
        *POST_REGISTERS,
        *RECRUITMENT,
        *BRANCH_KINDS,
    }
    assert kinds_for(member_a) == []
