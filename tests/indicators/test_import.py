"""The indicator-values import: long format through the import pages, written like an API push."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.models import ImportJob
from dangjian.indicators.models import IndicatorValue, IndicatorValueRevision
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.indicators.conftest import IndicatorFactory, IndicatorValueFactory

D = Decimal
HEADER = ["指标编码", "单位编码", "期间", "数值", "班次"]
pytestmark = pytest.mark.usefixtures("private_media")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_values_and_a_change_keeps_a_revision(
    client, office, tree, catalogue, django_capture_on_commit_callbacks, fmt
):
    IndicatorFactory(code="MOUT", granularity="month")
    IndicatorFactory(code="SOUT", granularity="shift")
    IndicatorValueFactory(indicator=catalogue["OUT"], unit=tree["T1"], period_start=dt.date(2024, 3, 1), value=D(9))
    IndicatorValueFactory(indicator=catalogue["OUT"], unit=tree["T2"], period_start=dt.date(2024, 3, 1), value=D(30))
    rows = [
        HEADER,
        ["OUT", "T1", dt.date(2024, 3, 1) if fmt == "xlsx" else "2024/3/1", 10, ""],  # changed
        ["OUT", "T2", "2024-03-01", "30", ""],  # the same
        ["MOUT", "W1", "2024-03", "1,200.5", ""],
        ["SOUT", "T1", "2024-03-01", 5, "a"],
    ]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    client.force_login(office)
    upload(client, "indicator-values", f"values.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"], job.summary["unchanged"]) == (2, 1, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert IndicatorValue.objects.count() == 4
    assert IndicatorValue.objects.get(indicator__code="MOUT").value == D("1200.5")
    shift = IndicatorValue.objects.get(indicator__code="SOUT")
    assert (shift.shift, shift.source, shift.updated_by) == ("A", "import", office)
    changed = IndicatorValue.objects.get(indicator__code="OUT", unit__code="T1")
    assert (changed.value, changed.revision) == (D(10), 2)
    assert IndicatorValueRevision.objects.get().value == D(9)


def test_bad_rows_are_each_named_and_nothing_is_written(
    client, office, tree, catalogue, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"  # the test reads the sentences, whatever translation files are installed
    rows = [
        HEADER,
        ["OUT", "T1", "2024-03-01", 10, ""],
        ["NOPE", "T1", "2024-03-01", 10, ""],
        ["OUT", "T1", "2024-03", 10, ""],
        ["OUT", "T1", "2024-03-01", 11, ""],
        ["DCU", "T1", "2024-03-01", 1, ""],
        ["OUT", "T2", "2024-03-02", "lots", ""],
        ["OUT", "T2", "2024-03-03", 1, "B"],
    ]
    client.force_login(office)
    upload(client, "indicator-values", "values.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6, 7, 8]
    assert any("row 2" in m.lower() for m in messages_of(job))
    assert not IndicatorValue.objects.exists()


def test_a_big_file_is_written_in_batches(
    client, office, tree, catalogue, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("dangjian.indicators.imports.FLUSH", 7)
    start = dt.date(2024, 1, 1)
    rows = [HEADER] + [["OUT", "T1", (start + dt.timedelta(days=n)).isoformat(), n, ""] for n in range(30)]
    client.force_login(office)
    upload(client, "indicator-values", "values.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    assert last_job().status == ImportJob.Status.DONE, last_job().message
    assert IndicatorValue.objects.count() == 30


def test_who_may_use_the_import(client, tree, catalogue, member_a, integration):
    from dangjian.core.imports import get_kind

    kind = get_kind("indicator-values")
    assert not kind.allowed(member_a)
    assert not kind.allowed(integration)  # the machine account pushes through the API instead


def test_template_lists_indicators_that_take_values(client, office, tree, catalogue):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    client.force_login(office)
    response = client.get(reverse("core:import_template", args=["indicator-values", "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    codes = {row[0] for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)}
    assert {"OUT", "EFF", "T3"} <= codes
    assert "DCU" not in codes  # a ratio takes no values of its own
