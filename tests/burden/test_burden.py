"""The burden meter: the form scan, the middleware (opens, sends, the token's pairing, no query on a page without
a form), the month's sums and the facts typed twice, the office's page (query bound) and the API."""

import datetime as dt
import re
import time

import pytest
from django.core import signing
from django.db import connection
from django.http import HttpResponseRedirect
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from dangjian.burden import buffer, middleware, scan, services
from dangjian.burden.models import DuplicateFact, FormEvent, MonthlyBurden
from dangjian.core.models import AuditLog
from dangjian.core.months import add_months, first_of
from dangjian.core.services import SYSTEM
from dangjian.points import services as points
from dangjian.points.models import PointsRule
from tests.factories import PersonFactory, account_with_role

PAGE = """<nav><form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken"
value="x"><button>退出</button></form></nav>
<form method="get"><input name="q" value="a"></form>
<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
<input type="text" name="topic" value="学习 &amp; 讨论"><input type="date" name="held_on" value="">
<select name="host"><option value="">—</option><option value="7" selected>李明</option></select>
<input type="checkbox" name="people" value="1" checked><input type="checkbox" name="people" value="2">
<textarea name="minutes">
记录</textarea><input type="submit" value="保存"></form>"""


def test_scan_finds_only_post_forms_with_input_and_their_prefilled_values():
    forms = scan.input_forms(PAGE)
    assert len(forms) == 1  # the sign-out button and the GET filter are not input forms
    at, names, prefill = forms[0]
    assert names == ["topic", "held_on", "host", "people", "minutes"]
    assert prefill == {
        "topic": scan.digest("学习 & 讨论"),
        "host": scan.digest("7"),
        "people": scan.digest("1"),
        "minutes": scan.digest("记录"),
    }
    stamped = scan.stamp(PAGE, [(at, "TOKEN")])
    assert stamped.count('name="_burden"') == 1
    assert re.search(r'action="/x/">\s*<input type="hidden" name="_burden" value="TOKEN">', stamped)


@pytest.fixture
def meter_on(settings):
    settings.BURDEN_METER = True


def _signed_in(client, user):
    client.force_login(user)
    return client


def _token(response) -> str:
    found = re.search(r'name="_burden" value="([^"]+)"', response.content.decode())
    assert found, "the form carries the meter's token"
    return found.group(1)


NEW_MEETING = "/meetings/new/?org=BA&meeting_type=committee"


def test_a_form_opened_sent_back_with_errors_and_sent_again_is_one_open_two_sends(client, company, meter_on):
    secretary = account_with_role("secretary", company["branch_a"], username="b_sec")
    _signed_in(client, secretary)
    url = reverse("meetings:create") + "?org=BA&meeting_type=committee"
    opened = client.get(url)
    assert opened.status_code == 200
    token = _token(opened)
    event = FormEvent.objects.get(kind="open")
    assert (event.role, event.org_path, event.capability, event.url_name) == (
        "secretary",
        company["branch_a"].path,
        "meetings",
        "meetings:create",
    )
    returned = client.post(url, {"_burden": token, "topic": "", "held_on": str(timezone.localdate())})
    assert returned.status_code == 400
    assert _token(returned) == token  # the same opening goes on
    sent = client.post(url, {"_burden": token, "topic": "学习安全规程", "held_on": str(timezone.localdate())})
    assert sent.status_code == 302
    sends = list(FormEvent.objects.filter(kind="submit").order_by("at"))
    assert [(s.outcome, s.typed, s.open_key) for s in sends] == [
        ("invalid", 1, event.open_key),
        ("ok", 2, event.open_key),
    ]
    services.aggregate(actor=SYSTEM, month=timezone.localdate())
    row = MonthlyBurden.objects.get(form="meetings:create")
    assert (row.opens, row.submissions, row.successes, row.failures, row.repeats, row.typed) == (1, 2, 1, 1, 1, 2)
    assert 0 <= row.seconds < 60


def test_a_send_refused_as_a_message_behind_a_redirect_is_returned_not_accepted(client, company, meter_on):
    # a button form whose refusal is a message on the next page (points:decide): the response is a 302 either way
    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    entry = points.entry_create(
        actor=SYSTEM,
        person=PersonFactory(branch=company["branch_a"], member=True),
        rule=PointsRule.objects.get(company=company["root"], code="SAFETY_VIOLATION"),
        occurred_on=timezone.localdate(),
        reason="巡检记录",
        evidence="巡检记录表",
    )
    _signed_in(client, account_with_role("secretary", company["branch_a"], username="m_sec"))
    token = _token(client.get(reverse("points:queue")))
    url = reverse("points:decide", args=[entry.pk])
    refused = client.post(url, {"_burden": token, "note": "已核实"})  # no decision: refused
    assert refused.status_code == 302
    assert client.post(url, {"_burden": token, "note": "已核实", "decision": "approve"}).status_code == 302
    sends = list(FormEvent.objects.filter(kind="submit").order_by("at"))
    assert [(s.outcome, s.typed) for s in sends] == [("invalid", 1), ("ok", 1)]
    services.aggregate(actor=SYSTEM, month=timezone.localdate())
    row = MonthlyBurden.objects.get(form="points:decide")
    assert (row.submissions, row.successes, row.failures, row.repeats, row.typed) == (2, 1, 1, 1, 1)


def test_a_pre_filled_value_sent_back_unchanged_counts_as_reused_and_a_changed_one_as_typed(rf, company):
    secretary = account_with_role("secretary", company["branch_a"], username="u_sec")
    token = signing.dumps(
        {
            "k": "key",
            "t": time.time() - 90,
            "p": "meetings:create",
            "f": ["topic", "host", "place", "people"],
            "h": {"host": scan.digest("7"), "topic": scan.digest("旧议题")},
        },
        salt=middleware.SALT,
        compress=True,
    )
    request = rf.post(
        "/meetings/new/", {"_burden": token, "topic": "新议题", "host": "7", "place": "", "people": ["2", "1"]}
    )
    request.user = secretary
    request.resolver_match = resolve("/meetings/new/")
    middleware.record_send(request, HttpResponseRedirect("/"), token)
    sent = FormEvent.objects.get()
    assert (sent.typed, sent.reused, sent.fields, sent.outcome) == (2, 1, 4, "ok")
    assert set(sent.typed_values) == {"topic", "people"}  # the people ticked: the same attendance typed twice
    assert 85 <= (sent.at - sent.opened_at).total_seconds() < 120


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _statements(client, url) -> list[str]:
    """The statements a page sends (the test's own transaction turns the meter's into a savepoint)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"].split()[0] for q in queries if not q["sql"].startswith(SAVEPOINTS)]


@pytest.fixture
def held(settings, monkeypatch):
    """Opens held in memory as in production (no writer thread in a test: it would write beside the test's
    transaction); what a previous test left is dropped."""
    settings.BURDEN_FLUSH_SECONDS = 10
    monkeypatch.setattr(buffer, "_start_writer", lambda: None)
    monkeypatch.setattr(buffer, "_pending", [])


def test_a_form_page_writes_nothing_its_open_is_held_and_lands_with_the_send(client, company, settings, held):
    secretary = account_with_role("secretary", company["branch_a"], username="q_sec")
    _signed_in(client, secretary)
    counts = {}
    for on in (False, True):
        settings.BURDEN_METER = on
        client.get(reverse("meetings:list"))  # warm the session and caches alike
        for name, url in (("list", reverse("meetings:list")), ("form", NEW_MEETING)):
            counts[(name, on)] = _statements(client, url)
    # the meter adds no statement to a page, with a form or without
    assert counts[("list", True)] == counts[("list", False)]
    assert counts[("form", True)] == counts[("form", False)]
    assert buffer.pending() == 1 and not FormEvent.objects.exists()
    opened = client.get(NEW_MEETING)
    assert buffer.pending() == 2
    sent = client.post(
        NEW_MEETING, {"_burden": _token(opened), "topic": "学习安全规程", "held_on": str(timezone.localdate())}
    )
    assert sent.status_code == 302 and buffer.pending() == 0
    assert FormEvent.objects.filter(kind="open", user=secretary, url_name="meetings:create").count() == 2
    send = FormEvent.objects.get(kind="submit")
    assert FormEvent.objects.filter(kind="open", open_key=send.open_key).exists()
    # an open never sent is written by the writer's round (here called by hand) and counted by the month's sums
    client.get(NEW_MEETING)
    assert buffer.flush() == 1 and buffer.pending() == 0
    services.aggregate(actor=SYSTEM, month=timezone.localdate())
    row = MonthlyBurden.objects.get(form="meetings:create")
    assert (row.opens, row.submissions, row.successes) == (3, 1, 1)


def test_the_month_recomputed_counts_the_opens_still_held(client, company, meter_on, held):
    _signed_in(client, account_with_role("secretary", company["branch_a"], username="h_sec"))
    client.get(NEW_MEETING)
    assert buffer.pending() == 1
    services.aggregate(actor=SYSTEM, month=timezone.localdate())
    assert buffer.pending() == 0 and MonthlyBurden.objects.get(form="meetings:create").opens == 1


def test_opens_the_database_refused_wait_for_the_next_round(company, held, monkeypatch):
    buffer.add({"kind": "open", "url_name": "meetings:create", "open_key": "k1"})
    real = buffer.write

    def refused(rows):
        raise RuntimeError("the database is away")

    monkeypatch.setattr(buffer, "write", refused)
    with pytest.raises(RuntimeError):
        buffer.flush()
    assert buffer.pending() == 1
    monkeypatch.setattr(buffer, "write", real)
    assert buffer.flush() == 1 and FormEvent.objects.get().open_key == "k1"


def test_without_holding_a_form_page_writes_its_open_in_one_insert(client, company, settings):
    secretary = account_with_role("secretary", company["branch_a"], username="w_sec")
    _signed_in(client, secretary)
    counts = {}
    for on in (False, True):
        settings.BURDEN_METER = on
        client.get(reverse("meetings:list"))
        counts[on] = _statements(client, NEW_MEETING)
    # one INSERT; on PostgreSQL after the SET LOCAL that spares the page the wait for the disk
    added = ["SET", "INSERT"] if connection.vendor == "postgresql" else ["INSERT"]
    assert counts[True] == counts[False] + added
    assert FormEvent.objects.filter(kind="open").count() == 1


def test_a_send_without_the_token_or_with_a_forged_one_is_not_counted(client, company, meter_on):
    secretary = account_with_role("secretary", company["branch_a"], username="f_sec")
    _signed_in(client, secretary)
    client.post(NEW_MEETING, {"topic": "x", "held_on": str(timezone.localdate())})
    client.post(NEW_MEETING, {"_burden": "forged", "topic": "y", "held_on": str(timezone.localdate())})
    assert not FormEvent.objects.filter(kind="submit").exists()


def _send(at, form, field, value, *, org="/1/2/", day="2026-11-05", typed=True):
    return FormEvent(
        kind="submit",
        at=at,
        role="secretary",
        org_path=org,
        capability=form.split(":")[0],
        url_name=form,
        open_key=f"{form}{at:%H%M%S}",
        opened_at=at - dt.timedelta(minutes=2),
        outcome="ok",
        typed=1,
        typed_values={field: scan.digest(value)} if typed else {},
        dates=[day],
    )


def test_the_same_value_typed_into_two_forms_for_the_same_date_is_a_fact_typed_twice(db):
    month = first_of(timezone.localdate())
    at = timezone.make_aware(dt.datetime.combine(month, dt.time(9)))
    FormEvent.objects.bulk_create(
        [
            _send(at, "meetings:create", "attended", "23"),
            _send(at + dt.timedelta(hours=1), "assessment:sheet", "present", "23"),  # same org, date, value
            _send(at + dt.timedelta(hours=2), "points:award", "count", "23", org="/1/3/"),  # another org
            _send(at + dt.timedelta(hours=3), "points:award", "count", "23", day="2026-11-06"),  # another date
            _send(at + dt.timedelta(hours=4), "meetings:create", "attended", "23"),  # the same form again
            _send(at + dt.timedelta(hours=5), "value:entry", "n", "23", typed=False),  # pre-filled: reused
        ]
    )
    result = services.aggregate(actor=SYSTEM, month=month)
    assert result["duplicates"] == 1
    fact = DuplicateFact.objects.get()
    assert (fact.first_form, fact.first_field, fact.second_form, fact.second_field, str(fact.date)) == (
        "meetings:create",
        "attended",
        "assessment:sheet",
        "present",
        "2026-11-05",
    )
    assert MonthlyBurden.objects.get(form="meetings:create").seconds == 240  # 2 min per accepted send
    services.aggregate(actor=SYSTEM, month=month)  # idempotent
    assert DuplicateFact.objects.count() == 1 and MonthlyBurden.objects.filter(form="meetings:create").count() == 1


def test_raw_rows_are_pruned_after_the_retention_and_the_sums_stay(db, settings):
    settings.BURDEN_RAW_DAYS = 30
    old = timezone.now() - dt.timedelta(days=40)
    FormEvent.objects.create(kind="open", at=old, url_name="meetings:create", open_key="k")
    MonthlyBurden.objects.create(month=first_of(old.date()), org_path="/1/", role="secretary", capability="m", form="f")
    assert services.prune(actor=SYSTEM) == 1
    assert MonthlyBurden.objects.count() == 1
    assert AuditLog.objects.filter(action="burden.prune").count() == 1


def _rows(month, org_path, n):
    return [
        MonthlyBurden(
            month=month,
            org_path=org_path,
            role=role,
            capability=cap,
            form=f"{cap}:form{i}",
            submissions=2,
            successes=2,
            seconds=60 * (i + 1),
            typed=3,
            reused=1,
        )
        for i in range(n)
        for role in ("secretary", "member")
        for cap in ("meetings", "points")
    ]


@pytest.mark.parametrize("n", [1, 8])
def test_the_office_page_shows_roles_capabilities_and_the_five_costliest_forms_in_bounded_queries(
    client, company, django_assert_max_num_queries, n
):
    month = first_of(timezone.localdate())
    MonthlyBurden.objects.bulk_create(_rows(month, company["branch_a"].path, n))
    office = account_with_role("party_office", company["root"], username="p_office")
    _signed_in(client, office)
    with django_assert_max_num_queries(12):  # 9 once the session is read; the same for 1 or 8 forms
        page = client.get(reverse("burden:meter"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "not people" in text or "不针对个人" in text
    assert len(page.context["forms"]) == min(5, 2 * n)
    assert page.context["total"]["submissions"] == 2 * 4 * n
    assert {r["role"] for r in page.context["per_role"]} == {"secretary", "member"}
    assert 'data-testid="next-month"' not in text  # this month: the next has not begun
    earlier = client.get(reverse("burden:meter"), {"month": f"{add_months(month, -2):%Y-%m}"}).content.decode()
    assert f"?month={add_months(month, -1):%Y-%m}" in earlier and 'data-testid="next-month"' in earlier


def test_the_office_of_another_subtree_sees_nothing_and_the_secretary_may_not_open_the_page(client, company):
    month = first_of(timezone.localdate())
    MonthlyBurden.objects.bulk_create(_rows(month, company["branch_a"].path, 1))
    other = account_with_role("party_office", company["branch_b"], username="o_office")
    _signed_in(client, other)
    assert client.get(reverse("burden:meter")).context["total"]["submissions"] == 0
    assert client.get(reverse("api:burden_rows")).json()["count"] == 0
    secretary = account_with_role("secretary", company["branch_a"], username="n_sec")
    _signed_in(client, secretary)
    assert client.get(reverse("burden:meter")).status_code == 403


def test_recompute_by_the_office_is_audited_and_the_api_reads_the_same_figures(client, company):
    office = account_with_role("party_office", company["root"], username="r_office")
    month = first_of(timezone.localdate())
    FormEvent.objects.create(
        kind="open", org_path=company["branch_a"].path, role="secretary", url_name="meetings:create", open_key="k"
    )
    _signed_in(client, office)
    response = client.post(reverse("burden:recompute"), {"month": f"{month:%Y-%m}"})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="burden.aggregate", actor=office).count() == 1
    data = client.get(reverse("api:burden_meter"), {"month": f"{month:%Y-%m}"}).json()
    assert data["total"]["opens"] == 1 and data["per_role"][0]["role"] == "secretary"
    assert client.get(reverse("api:burden_meter"), {"month": "2026-13"}).status_code == 400
    api = client.post(reverse("api:burden_recompute"), {"month": f"{month:%Y-%m}"}, content_type="application/json")
    assert api.status_code == 200 and api.json()["rows"] == 1


def test_a_failure_to_record_never_breaks_the_page(client, company, meter_on, monkeypatch):
    def broken(rows):
        raise RuntimeError("the log table is gone")

    monkeypatch.setattr(buffer, "write", broken)
    _signed_in(client, account_with_role("secretary", company["branch_a"], username="x_sec"))
    page = client.get(NEW_MEETING)
    assert page.status_code == 200 and 'name="_burden"' not in page.content.decode()


def test_the_hourly_task_sums_this_month_and_the_last_as_the_system(db):
    from dangjian.burden import tasks

    FormEvent.objects.create(kind="open", org_path="/1/", role="secretary", url_name="meetings:create", open_key="k")
    assert tasks.burden_aggregate.call_local() == {"pruned": 0}
    assert MonthlyBurden.objects.get(month=first_of(timezone.localdate())).opens == 1
    assert AuditLog.objects.filter(action="burden.aggregate").count() == 2  # this month and the last


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_writes_what_is_held_on_its_round(settings, monkeypatch):
    """The process's writer thread, for real: an open held in memory reaches the table on the next round, without a
    send; with holding turned off again the thread ends."""
    settings.BURDEN_FLUSH_SECONDS = 0.1
    monkeypatch.setattr(buffer, "_pending", [])
    buffer.add({"kind": "open", "url_name": "meetings:create", "open_key": "thread"})
    deadline = time.monotonic() + 10
    while not FormEvent.objects.filter(open_key="thread").exists():
        assert time.monotonic() < deadline, "the writer thread never wrote the open"
        time.sleep(0.05)
    assert buffer.pending() == 0
    writer = buffer._writer[1]
    settings.BURDEN_FLUSH_SECONDS = 0
    writer.join(timeout=5)
    assert not writer.is_alive()
