"""The import framework, driven through the people kind: bad files and bad cells are reported, nothing is written.

The uploads here are made in English so the sentences can be checked word for word whatever the translation files
say; the files keep their Chinese headers, which are accepted in every language.
"""

import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from dangjian.core.errors import InvalidInput
from dangjian.core.imports import kinds
from dangjian.core.models import AuditLog, ImportJob
from dangjian.org.models import Person
from tests.core.imports_support import (
    PEOPLE_HEADER,
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)

GOOD = ["N1", "赵敏", "女", "1991-04-02", "群众", "", "BA"]

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def as_office(client, office):
    client.force_login(office)
    return client


def _refused(response, text: str) -> None:
    assert response.status_code == 400
    assert text in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert Person.objects.count() == 2


def _text_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("people.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 20),  # a program renamed
        ("people.xlsx", "工号,姓名\nE1,张三\n".encode()),  # a text file renamed
        ("people.xlsx", _text_zip()),  # a zip that is not a workbook
        ("people.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 20),  # a program renamed
        ("people.csv", xlsx_bytes([PEOPLE_HEADER, GOOD])),  # a workbook renamed
        ("people.txt", csv_bytes([PEOPLE_HEADER, GOOD])),
        ("people", csv_bytes([PEOPLE_HEADER, GOOD])),
    ],
    # ids by hand: a workbook's bytes carry the time it was built, and xdist's workers must collect the same ids
    ids=["program.xlsx", "text.xlsx", "zip.xlsx", "program.csv", "workbook.csv", "csv.txt", "csv-no-suffix"],
)
def test_not_a_spreadsheet_is_refused_at_once(as_office, django_capture_on_commit_callbacks, name, content):
    response = upload(as_office, "people", name, content, django_capture_on_commit_callbacks)
    _refused(response, "is not an .xlsx or .csv file")


def test_old_xls_gets_its_own_advice(as_office, django_capture_on_commit_callbacks):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    _refused(upload(as_office, "people", "old.xls", content, django_capture_on_commit_callbacks), "old .xls")


def test_empty_upload_is_refused(as_office, django_capture_on_commit_callbacks):
    response = as_office.post(reverse("core:import_new", args=["people"]), {})
    assert response.status_code == 400 and ImportJob.objects.count() == 0


@override_settings(MAX_UPLOAD_MB=1)
def test_huge_file_is_refused_at_once(as_office, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER] + [[f"E{i}", "某" * 40, "男", "", "群众", "", "BA"] for i in range(12000)]
    content = csv_bytes(rows)
    assert len(content) > 1024 * 1024
    _refused(upload(as_office, "people", "big.csv", content, django_capture_on_commit_callbacks), "larger than 1 MB")


@override_settings(IMPORT_MAX_ROWS=3)
def test_too_many_rows_is_refused_at_once(as_office, django_capture_on_commit_callbacks):
    # at upload, before a job is queued (more in test_imports_size.py)
    rows = [PEOPLE_HEADER] + [[f"E{i}", "某", "男", "", "群众", "", "BA"] for i in range(4)]
    _refused(
        upload(as_office, "people", "many.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks),
        "more than 3 rows",
    )


def test_wrong_columns_are_named(as_office, django_capture_on_commit_callbacks):
    rows = [["工号", "姓名", "性别", "籍贯", "工号"], ["E1", "某", "男", "河南", "E1"]]
    upload(as_office, "people", "cols.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    text = " ".join(messages_of(job))
    assert "branch code" in text and "“籍贯”" in text and "“工号”" in text
    assert all(error["row"] is None for error in job.errors)
    assert Person.objects.count() == 2


def test_header_only_file_has_nothing_to_import(as_office, django_capture_on_commit_callbacks):
    upload(as_office, "people", "empty.csv", csv_bytes([PEOPLE_HEADER, [""] * 7]), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID and "no rows" in job.message


def test_bad_dates_name_row_column_and_value(as_office, django_capture_on_commit_callbacks):
    rows = [
        PEOPLE_HEADER,
        GOOD,
        ["N2", "钱进", "男", "1990-13-01", "群众", "", "BA"],
        ["N3", "孙", "男", "昨天", "群众", "", "BA"],
    ]
    upload(as_office, "people", "dates.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "birth date"), (4, "birth date")]
    assert job.errors[0]["message"].startswith("Row 3: birth date “1990-13-01” is not a valid date")
    assert Person.objects.count() == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_cells_starting_with_equals_are_refused(as_office, django_capture_on_commit_callbacks, fmt):
    rows = [
        PEOPLE_HEADER,
        ["N1", '=HYPERLINK("http://x")', "女", "", "群众", "", "BA"],
        ["N2", "某", "男", "=TODAY()", "群众", "", "BA"],
    ]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    upload(as_office, "people", f"f.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "name"), (3, "birth date")]
    assert "“=" in job.errors[0]["message"]
    assert Person.objects.count() == 2


def test_value_without_a_header_is_reported(as_office, django_capture_on_commit_callbacks):
    upload(
        as_office, "people", "x.csv", csv_bytes([PEOPLE_HEADER, GOOD + ["备注"]]), django_capture_on_commit_callbacks
    )
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "")] and " H" in job.errors[0]["message"]


def test_blank_rows_are_skipped_and_rows_keep_sheet_numbers(as_office, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER, GOOD, [None] * 7, ["N2", "某", "男", "1990-02-30", "群众", "", "BA"]]
    upload(as_office, "people", "gap.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.total_rows == 2 and [e["row"] for e in job.errors] == [4]


@override_settings(IMPORT_MAX_ERRORS=5)
def test_errors_are_counted_all_but_stored_up_to_a_cap(as_office, django_capture_on_commit_callbacks):
    rows = [PEOPLE_HEADER] + [[f"E{i}", "某", "男", "bad", "群众", "", "BA"] for i in range(8)]
    upload(as_office, "people", "bad.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert (job.error_count, len(job.errors)) == (8, 5)
    page = as_office.get(reverse("core:import_detail", args=[job.pk])).content.decode()
    assert "8 problems" in page and "first 5" in page


def test_a_row_failing_at_commit_undoes_every_row(as_office, django_capture_on_commit_callbacks, monkeypatch):
    rows = [PEOPLE_HEADER, GOOD, ["N2", "钱进", "男", "", "群众", "", "BA"]]
    upload(as_office, "people", "ok.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    kind = kinds.get_kind("people")
    original = kind.commit_row

    def fail_on_second(row, ctx):
        if row.number == 3:
            raise InvalidInput("boom")
        original(row, ctx)

    monkeypatch.setattr(kind, "commit_row", fail_on_second)
    confirm(as_office, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Row 3: boom" in job.message
    assert not Person.objects.filter(employee_no__in=["N1", "N2"]).exists()
    assert not AuditLog.objects.filter(action__in=["import", "create"]).exists()


def test_data_changed_between_check_and_commit(
    client, secretary_a, office, company, django_capture_on_commit_callbacks
):
    from dangjian.org.services import person_create

    client.force_login(secretary_a)
    upload(client, "people", "ok.csv", csv_bytes([PEOPLE_HEADER, GOOD]), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY
    # Meanwhile the office registers N1 in a branch the secretary may not change.
    person_create(actor=office, employee_no="N1", name="别人", gender="male", branch=company["branch_b"])
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and "changed" in job.message
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "employee number")]
    assert Person.objects.get(employee_no="N1").name == "别人"


def test_confirm_only_once(as_office, django_capture_on_commit_callbacks):
    upload(as_office, "people", "ok.csv", csv_bytes([PEOPLE_HEADER, GOOD]), django_capture_on_commit_callbacks)
    job = last_job()
    confirm(as_office, job, django_capture_on_commit_callbacks)
    response = as_office.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
    assert "not waiting for confirmation" in response.content.decode()
    assert Person.objects.filter(employee_no="N1").count() == 1
    assert AuditLog.objects.filter(action="import").count() == 1
