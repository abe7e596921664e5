"""The indicator-targets import: targets per indicator, unit, year and month through target_set; bad rows are each
named and nothing is written."""

from decimal import Decimal

import pytest

from dangjian.core.imports import get_kind
from dangjian.core.models import AuditLog, ImportJob
from dangjian.indicators.models import Target
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)

D = Decimal
HEADER = ["指标编码", "单位编码", "年度", "月份", "目标值"]
pytestmark = pytest.mark.usefixtures("private_media")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_targets_are_imported_and_a_change_replaces_the_old_one(
    client, secretary_a, tree, catalogue, django_capture_on_commit_callbacks, fmt
):
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["W1"], year=2024, month=1, value=D("92"))
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["W1"], year=2024, month=2, value=D("92"))
    rows = [
        HEADER,
        ["EFF", "W1", 2024, 1, "92.4"],  # changed
        ["EFF", "W1", 2024, 2, 92],  # the same
        ["EFF", "W1", 2024, "", "92.5"],  # the whole year
        ["DCU", "T1", "2024", "12", "13,150"],  # a ratio has targets too (T1 is under W1, which branch_a covers)
    ]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    client.force_login(secretary_a)
    upload(client, "indicator-targets", f"targets.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"], job.summary["unchanged"]) == (2, 1, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    stored = {
        (t.indicator.code, t.unit.code, t.month): t.value for t in Target.objects.select_related("indicator", "unit")
    }
    assert stored == {
        ("EFF", "W1", 1): D("92.4"),
        ("EFF", "W1", 2): D("92"),
        ("EFF", "W1", None): D("92.5"),
        ("DCU", "T1", 12): D("13150"),
    }
    assert AuditLog.objects.filter(object_type="indicators.target", actor=secretary_a).count() == 3


def test_bad_target_rows_are_each_named_and_nothing_is_written(
    client, office, tree, catalogue, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    rows = [
        HEADER,
        ["EFF", "W1", 2024, 1, "92"],
        ["NOPE", "W1", 2024, 1, "92"],
        ["EFF", "NOPE", 2024, 1, "92"],
        ["EFF", "W1", 2024, 13, "92"],
        ["EFF", "W1", "24", 1, "92"],
        ["EFF", "W1", 2024, 2, "lots"],
        ["EFF", "W1", 2024, 1, "93"],  # row 2 already gives January
    ]
    client.force_login(office)
    upload(client, "indicator-targets", "targets.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6, 7, 8]
    text = " ".join(messages_of(job))
    assert "from 1 to 12" in text and "row 2 already gives" in text
    assert not Target.objects.exists()


def test_who_may_import_targets(tree, catalogue, member_a, secretary_a, integration):
    kind = get_kind("indicator-targets")
    assert kind.allowed(secretary_a)
    assert not kind.allowed(member_a)
    assert not kind.allowed(integration)
