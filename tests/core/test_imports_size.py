"""A file with more rows than IMPORT_MAX_ROWS is refused at upload, from a streaming count that stops past the limit,
before any job is queued and without openpyxl reading a cell (finding 11: a 200,000-row sheet held the worker 82 s
before it was refused for its size)."""

import io

import pytest
from django.test import override_settings
from openpyxl import Workbook

from dangjian.core.imports import checking
from dangjian.core.imports.files import CSV, XLSX, ReadError, count_filled_rows
from dangjian.core.models import ImportJob
from dangjian.org.models import Person
from tests.core.imports_support import (
    PEOPLE_HEADER,
    csv_bytes,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def as_office(client, office):
    client.force_login(office)
    return client


def people(count: int) -> list[list]:
    return [PEOPLE_HEADER] + [[f"E{i}", "某", "男", "", "群众", "", "BA"] for i in range(count)]


def make(fmt: str, rows: list[list]) -> bytes:
    return xlsx_bytes(rows) if fmt == XLSX else csv_bytes(rows)


@pytest.fixture
def no_cell_reading(monkeypatch):
    """Fail if anything opens the sheet with openpyxl (the slow path) during the upload."""

    def refuse(*args, **kwargs):
        raise AssertionError("the upload read the sheet cell by cell")

    monkeypatch.setattr(checking, "open_sheet", refuse)


@pytest.mark.parametrize("fmt", [XLSX, CSV])
@override_settings(IMPORT_MAX_ROWS=50)
def test_one_row_over_the_limit_is_refused_at_upload(
    as_office, django_capture_on_commit_callbacks, no_cell_reading, fmt
):
    response = upload(as_office, "people", f"many.{fmt}", make(fmt, people(51)), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "more than 50 rows" in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert Person.objects.count() == 2


@pytest.mark.parametrize("fmt", [XLSX, CSV])
@override_settings(IMPORT_MAX_ROWS=50)
def test_exactly_the_limit_is_accepted(as_office, django_capture_on_commit_callbacks, fmt):
    response = upload(as_office, "people", f"full.{fmt}", make(fmt, people(50)), django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.content.decode()[:500]
    job = last_job()
    assert job.total_rows == 50
    assert job.status == ImportJob.Status.READY, job.message


def _workbook(fill) -> io.BytesIO:
    workbook = Workbook()
    fill(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_count_skips_blank_and_formatted_rows_and_far_columns():
    def fill(workbook):
        sheet = workbook.active
        sheet.append(["工号", "姓名"])
        sheet.append(["E1", 1])
        sheet.append([None, "  "])  # whitespace only: blank, as open_sheet sees it
        sheet.cell(row=4, column=1).number_format = "0.00"  # styled, no value
        sheet.cell(row=5, column=61, value="beyond the columns read")
        sheet.cell(row=6, column=2, value=0)  # a zero is a value
        sheet.cell(row=7, column=1, value="=A1")  # a formula is a value (refused later, counted here)

    assert count_filled_rows(_workbook(fill), XLSX, "t.xlsx", stop_after=100) == 4


def test_count_reads_the_first_sheet_in_workbook_order():
    def fill(workbook):
        first = workbook.active
        first.append(["only one row"])
        second = workbook.create_sheet("second")
        for i in range(10):
            second.append([i])
        workbook.move_sheet(second, offset=-1)  # "second" now comes first

    assert count_filled_rows(_workbook(fill), XLSX, "t.xlsx", stop_after=100) == 10


@pytest.mark.parametrize("fmt", [XLSX, CSV])
def test_count_stops_past_the_limit(fmt):
    content = io.BytesIO(make(fmt, people(500)))
    assert count_filled_rows(content, fmt, "t", stop_after=20) == 21
    assert content.tell() == 0  # left ready for the next reader


def test_count_of_a_damaged_workbook_is_a_read_error():
    with pytest.raises(ReadError):
        count_filled_rows(io.BytesIO(b"PK\x03\x04 not really a zip"), XLSX, "bad.xlsx", stop_after=10)
