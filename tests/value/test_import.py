"""The daily-records import: long format through the import pages, every bad row named, nothing written unless
every row is good, a record's rows grouped, a changed record kept as a revision, a locked record refused."""

from decimal import Decimal

import pytest

from dangjian.core.models import ImportJob
from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import DailyLine, DailyRecord
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.value.conftest import DAY, record_row

D = Decimal
HEADER = ["日期", "班组编码", "班次", "工时", "项目编码", "数量"]
pytestmark = pytest.mark.usefixtures("private_media")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_records_in_long_format(client, office, accounting, django_capture_on_commit_callbacks, fmt):
    services.records_write(actor=SYSTEM, rows=[record_row("CB", hours="10", AL="1")], source="api")
    rows = [
        HEADER,
        [DAY if fmt == "xlsx" else "2024/3/10", "CA", "A", 96, "AL", "12.5"],
        ["2024-03-10", "CA", "A", "96", "KWH", "180,000"],
        ["2024-03-10", "CB", "A", "10", "AL", "2"],  # replaces CB's stored record
    ]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    client.force_login(office)
    upload(client, "value-records", f"records.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (2, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    ca = DailyRecord.objects.get(unit__unit__code="CA")
    # 12.5 × 15000 − 180000 × 0.35 = 124500
    assert (ca.value, ca.hours, ca.source, ca.lines.count()) == (D("124500"), D(96), "import", 2)
    cb = DailyRecord.objects.get(unit__unit__code="CB")
    assert (cb.value, cb.revision, cb.revisions.get().value) == (D(30000), 2, D(15000))


def test_a_partly_bad_file_names_every_bad_row_and_writes_nothing(
    client, office, accounting, django_capture_on_commit_callbacks
):
    rows = [
        HEADER,
        ["2024-03-10", "CA", "A", "96", "AL", "12.5"],  # good
        ["2024-03-10", "CA", "A", "90", "KWH", "1"],  # hours differ from row 2
        ["2024-03-10", "CA", "A", "96", "AL", "1"],  # AL again
        ["2024-03-10", "NOPE", "A", "96", "AL", "1"],
        ["2024-02-30", "CB", "E", "x", "ZZ", "-1"],
        ["2099-01-01", "CB", "A", "8", "AL", "1"],
    ]
    client.force_login(office)
    upload(client, "value-records", "bad.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6, 7]
    messages = " ".join(e["message"] for e in job.errors)
    assert "第 3 行" in messages or "Row 3" in messages
    assert DailyRecord.objects.count() == 0 and DailyLine.objects.count() == 0


def test_a_corrupt_file_writes_nothing(client, office, accounting, django_capture_on_commit_callbacks):
    client.force_login(office)
    upload(
        client, "value-records", "records.xlsx", b"PK\x03\x04 not really a workbook", django_capture_on_commit_callbacks
    )
    job = last_job()
    assert job is None or job.status in (ImportJob.Status.INVALID, ImportJob.Status.FAILED)
    assert DailyRecord.objects.count() == 0


def test_a_locked_record_is_refused(client, office, accounting, django_capture_on_commit_callbacks):
    services.records_write(actor=SYSTEM, rows=[record_row("CA", hours="10", AL="1")], source="api")
    services.day_lock(actor=SYSTEM, group=accounting["group"], date=DAY)
    client.force_login(office)
    rows = [HEADER, ["2024-03-10", "CA", "A", "10", "AL", "3"]]
    upload(client, "value-records", "locked.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID and "locked" in job.errors[0]["message"]
    assert DailyRecord.objects.get().value == D(15000)


def test_the_commit_writes_the_checked_records_with_one_audit_row(
    client, office, accounting, django_capture_on_commit_callbacks
):
    """The confirmed rows go to records_write_checked as records (not parsed a third time): two records from three
    rows, one audit row for the new records besides the job's own."""
    from dangjian.core.models import AuditLog

    rows = [
        HEADER,
        ["2024-03-10", "CA", "A", "96", "AL", "12.5"],
        ["2024-03-10", "CB", "A", "10", "AL", "2"],
        ["2024-03-10", "CA", "A", "96", "KWH", "180000"],
    ]
    client.force_login(office)
    upload(client, "value-records", "records.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.message
    assert DailyLine.objects.filter(record__unit__unit__code="CA").count() == 2
    audits = AuditLog.objects.filter(action=AuditLog.Action.IMPORT, object_type="value.dailyrecord")
    assert [a.after["records"] for a in audits] == [2]
    assert AuditLog.objects.filter(action=AuditLog.Action.IMPORT, object_type="core.importjob").count() == 1
