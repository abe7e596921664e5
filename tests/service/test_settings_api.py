"""The service settings without the settings page: the response times per category and the holiday calendar
through the API (read, set, mark a span, clear a date) and the calendar by Excel import — 党群工作部 only (403 to
everyone else, as the page: they belong to no business scope), audited, each bad value named, and the deadlines of
new requests following them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.imports import get_kind
from dangjian.core.models import AuditLog, ImportJob
from dangjian.service.models import CalendarDay, SlaPolicy
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import account_with_role

SAT, SUN = dt.date(2025, 9, 28), dt.date(2025, 10, 11)  # the 调休 Sunday and Saturday around 国庆节 2025


def api(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_office_reads_and_sets_the_response_times(company, logins):
    office = api(logins["office"])
    listed = office.get(reverse("api:service_deadline_list"))
    assert listed.status_code == 200
    rows = {r["category"]: r for r in listed.json()}
    assert len(rows) == 6
    assert (rows["safety"]["accept_days"], rows["safety"]["resolve_days"], rows["safety"]["default"]) == (1, 5, True)
    url = reverse("api:service_deadline_set", args=["welfare"])
    response = office.put(url, {"accept_days": 2, "resolve_days": 8}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["accept_days"], response.json()["resolve_days"], response.json()["default"]) == (
        2,
        8,
        False,
    )
    again = office.put(url, {"accept_days": 2, "resolve_days": 9}, content_type="application/json")
    assert again.json()["resolve_days"] == 9
    assert SlaPolicy.objects.get(category="welfare").resolve_days == 9
    audit = AuditLog.objects.filter(object_type="service.slapolicy").order_by("pk")
    assert list(audit.values_list("action", flat=True)) == ["create", "update"]
    assert audit.last().before["resolve_days"] == 8 and audit.last().actor == logins["office"]
    # a request sent now gets the new allowance
    sender = api(logins["submitter"])
    sent = sender.post(
        reverse("api:service_request_create"),
        {"category": "welfare", "title": "澡堂", "description": "热水"},
        content_type="application/json",
    )
    assert sent.status_code == 201
    submitted, due = (
        dt.date.fromisoformat(sent.json()["submitted_on"]),
        dt.date.fromisoformat(sent.json()["accept_due"]),
    )
    assert 2 <= (due - submitted).days <= 2 + 14  # two working days on (weekends and holidays skipped)


def test_bad_response_times_are_named(company, logins):
    office = api(logins["office"])
    url = reverse("api:service_deadline_set", args=["welfare"])
    fewer = office.put(url, {"accept_days": 5, "resolve_days": 2}, content_type="application/json")
    assert fewer.status_code == 400 and "resolve_days" in fewer.json()["errors"]
    zero = office.put(url, {"accept_days": 0, "resolve_days": 2}, content_type="application/json")
    assert zero.status_code == 400 and "accept_days" in zero.json()["errors"]
    unknown = office.put(
        reverse("api:service_deadline_set", args=["parking"]),
        {"accept_days": 1, "resolve_days": 2},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "category" in unknown.json()["errors"]
    assert not SlaPolicy.objects.exists()


@pytest.mark.parametrize("who", ["sec_a", "leader", "submitter"])
def test_only_the_office_keeps_the_settings(company, logins, who):
    client = api(logins[who])
    assert client.get(reverse("api:service_deadline_list")).status_code == 403
    url = reverse("api:service_deadline_set", args=["welfare"])
    assert client.put(url, {"accept_days": 1, "resolve_days": 2}, content_type="application/json").status_code == 403
    assert client.get(reverse("api:service_calendar_list"), {"year": 2025}).status_code == 403
    body = {"day": "2025-10-01", "kind": "holiday", "name": "国庆节"}
    assert client.post(reverse("api:service_calendar_mark"), body, content_type="application/json").status_code == 403
    CalendarDay.objects.create(day=dt.date(2025, 10, 1), kind="holiday")
    assert client.delete(reverse("api:service_calendar_clear", args=["2025-10-01"])).status_code == 403
    assert not SlaPolicy.objects.exists() and CalendarDay.objects.count() == 1
    assert not AuditLog.objects.filter(object_type__in=["service.slapolicy", "service.calendarday"]).exists()


def test_office_marks_a_holiday_span_and_a_make_up_day_then_clears_one(company, logins):
    office = api(logins["office"])
    mark = reverse("api:service_calendar_mark")
    span = office.post(
        mark, {"day": "2025-10-01", "until": "2025-10-08", "kind": "holiday", "name": "国庆节"}, "application/json"
    )
    assert span.status_code == 201, span.content
    assert [d["day"] for d in span.json()] == [f"2025-10-0{n}" for n in range(1, 9)]
    made_up = office.post(mark, {"day": SAT.isoformat(), "kind": "workday", "name": "国庆调休"}, "application/json")
    assert made_up.status_code == 201 and made_up.json() == [
        {"day": "2025-09-28", "kind": "workday", "name": "国庆调休"}
    ]
    listed = office.get(reverse("api:service_calendar_list"), {"year": 2025})
    assert listed.status_code == 200 and listed.json()["count"] == 9
    this_year = office.get(reverse("api:service_calendar_list"))  # this year's when not given
    assert this_year.status_code == 200 and this_year.json()["count"] == (9 if timezone.localdate().year == 2025 else 0)
    assert listed.json()["items"][0]["day"] == "2025-09-28"
    cleared = office.delete(reverse("api:service_calendar_clear", args=["2025-10-08"]))
    assert cleared.status_code == 204
    assert not CalendarDay.objects.filter(day=dt.date(2025, 10, 8)).exists()
    assert office.delete(reverse("api:service_calendar_clear", args=["2025-10-08"])).status_code == 404
    audit = AuditLog.objects.filter(object_type="service.calendarday")
    assert audit.filter(action="create").count() == 9 and audit.filter(action="delete").count() == 1


def test_bad_calendar_days_are_named_and_nothing_is_marked(company, logins):
    office = api(logins["office"])
    mark = reverse("api:service_calendar_mark")
    weekday = office.post(mark, {"day": "2025-10-09", "kind": "workday"}, "application/json")  # a Thursday
    assert weekday.status_code == 400 and "day" in weekday.json()["errors"]
    backwards = office.post(mark, {"day": "2025-10-07", "until": "2025-10-01", "kind": "holiday"}, "application/json")
    assert backwards.status_code == 400 and "until" in backwards.json()["errors"]
    kind = office.post(mark, {"day": "2025-10-01", "kind": "party"}, "application/json")
    assert kind.status_code == 400 and "kind" in kind.json()["errors"]
    assert office.get(reverse("api:service_calendar_list"), {"year": 1999}).status_code == 400
    assert not CalendarDay.objects.exists()


# --- the import ------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("private_media")
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_the_holiday_calendar(client, company, logins, django_capture_on_commit_callbacks, fmt):
    CalendarDay.objects.create(day=dt.date(2025, 10, 1), kind="holiday", name="国庆节")
    CalendarDay.objects.create(day=dt.date(2025, 10, 2), kind="holiday", name="国庆")
    rows = [
        ["日期", "类型", "名称"],
        [dt.date(2025, 10, 1) if fmt == "xlsx" else "2025/10/1", "节假日", "国庆节"],  # the same
        ["2025-10-02", "节假日", "国庆节"],  # renamed
        ["2025-10-03", "法定节假日", "国庆节"],
        [SAT.isoformat(), "调休上班", "国庆调休"],
        [SUN.isoformat(), "补班", "国庆调休"],
    ]
    client.force_login(logins["office"])
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    upload(client, "calendar-days", f"calendar.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"], job.summary["unchanged"]) == (3, 1, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert dict(CalendarDay.objects.values_list("day", "kind")) == {
        dt.date(2025, 10, 1): "holiday",
        dt.date(2025, 10, 2): "holiday",
        dt.date(2025, 10, 3): "holiday",
        SAT: "workday",
        SUN: "workday",
    }
    assert CalendarDay.objects.get(day=dt.date(2025, 10, 2)).name == "国庆节"
    audit = AuditLog.objects.filter(object_type="service.calendarday", actor=logins["office"])
    assert (audit.filter(action="create").count(), audit.filter(action="update").count()) == (3, 1)


@pytest.mark.usefixtures("private_media")
def test_bad_calendar_rows_are_named(client, company, logins, django_capture_on_commit_callbacks, settings):
    settings.LANGUAGE_CODE = "en"
    rows = [
        ["日期", "类型", "名称"],
        ["2025-10-01", "节假日", "国庆节"],
        ["2025-10-09", "调休上班", ""],  # a Thursday works anyway
        ["2025-10-01", "节假日", "重复"],  # row 2 again
        ["2025-13-01", "节假日", ""],
        ["2025-10-04", "周末", ""],
    ]
    client.force_login(logins["office"])
    upload(client, "calendar-days", "calendar.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6]
    text = " ".join(messages_of(job))
    assert "Saturday or Sunday" in text and "row 2" in text and "valid date" in text
    assert not CalendarDay.objects.exists()


def test_only_the_office_may_import_the_calendar(client, company, logins):
    kind = get_kind("calendar-days")
    assert kind.allowed(logins["office"])
    assert not kind.allowed(logins["sec_a"]) and not kind.allowed(logins["leader"])
    assert not kind.allowed(account_with_role("system_admin", None, username="sys"))
    client.force_login(logins["sec_a"])
    assert client.get(reverse("core:import_new", args=["calendar-days"])).status_code in (403, 404)


def test_the_calendar_import_explains_itself_in_chinese(company, logins):
    from tests.demo.crawl import _Page, latin_words

    client = Client()
    client.force_login(logins["office"])
    response = client.get(reverse("core:import_new", args=["calendar-days"]))
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert latin_words(" ".join(page.text), {"s_office"}) == []
    assert "调休上班" in response.content.decode()


def test_the_settings_page_links_the_calendar_import(client, company, logins):
    client.force_login(logins["office"])
    page = client.get(reverse("service:settings")).content.decode()
    assert reverse("core:import_new", args=["calendar-days"]) in page
