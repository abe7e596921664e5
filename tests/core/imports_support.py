"""Helpers for the import tests: build .xlsx/.csv files in memory and drive the upload → check → confirm pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from dangjian.core.models import ImportJob


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, so test runs leave no personal-looking data behind."""
    settings.MEDIA_ROOT = tmp_path / "media"


PEOPLE_HEADER = ["工号", "姓名", "性别", "出生日期", "政治面貌", "申请入党日期", "支部编码"]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, kind: str, name: str, content: bytes, capture):
    """POST a file to the upload page; the background check runs when the request's transaction commits."""
    with capture(execute=True):
        return client.post(reverse("core:import_new", args=[kind]), {"file": SimpleUploadedFile(name, content)})


def confirm(client, job: ImportJob, capture):
    with capture(execute=True):
        return client.post(reverse("core:import_confirm", args=[job.pk]))


def last_job() -> ImportJob:
    return ImportJob.objects.order_by("-id").first()


def messages_of(job: ImportJob) -> list[str]:
    return [error["message"] for error in job.errors]
