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


def _check(office, rows):
    """The upload's check of a CSV file, in English, without the pages."""
    import io

    from django.utils import translation

    from dangjian.core.imports.checking import check_file
    from dangjian.core.imports.kinds import get_kind

    with translation.override("en"):
        return check_file(
            kind=get_kind("value-records"),
            actor=office,
            fileobj=io.BytesIO(csv_bytes([HEADER, *rows])),
            fmt="csv",
            name="records.csv",
            keep_rows=True,
        )


def test_a_line_found_good_once_is_judged_again_for_another_group_or_zero_hours(office, accounting):
    """Rows that repeat an item and quantity share one check only when the group, day and zero hours are the same:
    the same AL 1 is refused for a group that does not account AL, and on a shift with 0 hours."""
    from dangjian.value.models import AccountingUnit, PeerGroup
    from tests.factories import UnitFactory

    roll = PeerGroup.objects.create(code="ROLL", name="轧制班组", org=accounting["root"])
    unit = UnitFactory(code="CD", name="CD班", kind="shift_crew", parent=accounting["workshop"])
    AccountingUnit.objects.create(unit=unit, group=roll, org=accounting["branch_a"])
    rows = [
        ["2024-03-10", "CA", "A", "96", "AL", "1"],
        ["2024-03-10", "CD", "A", "96", "AL", "1"],  # ROLL does not account AL
        ["2024-03-10", "CB", "A", "0", "AL", "1"],  # output on 0 hours
        ["2024-03-10", "CC", "A", "96", "AL", "1"],
        ["2024-03-10", "CC", "B", "0", "KWH", "1"],  # an input on 0 hours is fine
    ]
    outcome = _check(office, rows)
    assert [(e["row"], e["message"]) for e in outcome.errors] == [
        (3, "Row 3: item: 原铝 is not accounted by 轧制班组."),
        (
            4,
            "Row 4: hours: There is output but 0 hours worked. Give the person-hours the shift worked (e.g. 12 "
            "people × 8 hours = 96).",
        ),
    ]
    assert outcome.counts == {"create": 3}


def test_rows_of_one_record_are_merged_in_file_order_with_every_repeat_refused(office, accounting):
    rows = [
        ["2024-03-10", "CA", "A", "96", "AL", "12.5"],
        ["2024-03-10", "CB", "A", "10", "AL", "2"],
        ["2024-03-10", "CA", "A", "96", "KWH", "180,000"],
        ["2024-03-10", "CA", "A", "90", "AO", "1"],  # other hours for CA's record
        ["2024-03-10", "CA", "A", "96", "AL", "12.5"],  # AL again
        ["2024/3/10", "CB", "a", "10.00", "KWH", "5"],  # the same record written otherwise
    ]
    outcome = _check(office, rows)
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(5, "hours"), (6, "item")]
    assert "row 2 gives CA on 2024-03-10 shift A 96.00 hours" in outcome.errors[0]["message"]
    assert "row 2 already gives AL" in outcome.errors[1]["message"]
    merged = list(outcome.ctx.state["merged"].values())
    assert [(r.unit.code, r.hours, [(ln.item.code, ln.quantity) for ln in r.lines]) for r in merged] == [
        ("CA", D("96.00"), [("AL", D("12.5")), ("KWH", D(180000))]),
        ("CB", D("10.00"), [("AL", D(2)), ("KWH", D(5))]),
    ]
    assert [r.value for r in merged] == [D("124500.0000"), D("29998.2500")]


def test_a_plain_sheet_is_surveyed_once_at_upload_a_sheet_with_a_formula_at_every_pass(
    client, office, accounting, django_capture_on_commit_callbacks, monkeypatch
):
    """The upload's survey found no formula or error cell and calamine fit: the check and the commit read the same
    stored file without surveying it again. With a formula, every pass surveys (and the formula is refused)."""
    from dangjian.core.imports import files

    surveys = []
    survey = files._survey
    monkeypatch.setattr(files, "_survey", lambda *a, **k: surveys.append(k.get("stop_after")) or survey(*a, **k))
    client.force_login(office)
    rows = [HEADER, [DAY, "CA", "A", 96, "AL", "12.5"], [DAY, "CB", "A", 10, "AL", 2]]
    upload(client, "value-records", "plain.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["plain_sheet"] is True and len(surveys) == 1
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.summary["plain_sheet"] is True
    assert len(surveys) == 1 and DailyRecord.objects.count() == 2

    surveys.clear()
    rows = [HEADER, [DAY, "CC", "A", 96, "AL", "=1+1"]]
    upload(client, "value-records", "formula.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID and "plain_sheet" not in job.summary
    assert len(surveys) == 2 and "“=1+1”" in job.errors[0]["message"]
