"""The push API (created, identical replay, update of an open day, conflict with a locked record, field errors)
and the rankings API (decimals as strings, ties, months with the assessment)."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.value import services
from dangjian.value.models import DailyLine, DailyRecord
from tests.api.conftest import ApiClient
from tests.factories import account_with_role
from tests.value.conftest import DAY, record_row

D = Decimal
BODY = {
    "unit": "CA",
    "date": DAY.isoformat(),
    "shift": "A",
    "hours": "96",
    "items": [{"item": "AL", "quantity": "12.5"}, {"item": "KWH", "quantity": "180000"}],
}


def test_push_creates_then_replays_then_updates_then_conflicts_when_locked(client, accounting):
    api = ApiClient(client, account_with_role("integration", accounting["root"], username="mes"))
    first = api.post("/value/records", BODY)
    assert first.status_code == 201, first.content
    # 12.5 × 15000 − 180000 × 0.35 = 187500 − 63000 = 124500; ÷ 96 = 1296.875 → 1296.88
    assert first.json() == {
        "status": "created",
        "id": first.json()["id"],
        "unit": "CA",
        "date": "2024-03-10",
        "shift": "A",
        "hours": "96.00",
        "value": "124500.0000",
        "value_per_hour": "1296.88",
        "revision": 1,
        "outlier": False,
    }
    replay = api.post("/value/records", BODY)
    assert replay.status_code == 200 and replay.json()["status"] == "unchanged"
    assert DailyRecord.objects.count() == 1 and DailyLine.objects.count() == 2
    changed = {**BODY, "hours": "100"}
    updated = api.post("/value/records", changed)
    assert updated.status_code == 200 and updated.json()["status"] == "updated"
    assert updated.json()["revision"] == 2
    services.day_lock(actor=SYSTEM, group=accounting["group"], date=DAY)
    assert api.post("/value/records", changed).status_code == 200  # identical to the stored: still a replay
    audit_rows = AuditLog.objects.count()
    conflict = api.post("/value/records", {**BODY, "hours": "90"})
    assert conflict.status_code == 409, conflict.content
    assert "locked" in conflict.json()["message"]
    record = DailyRecord.objects.get()
    assert (record.hours, record.revision) == (D(100), 2) and AuditLog.objects.count() == audit_rows
    corrected = api.post("/value/records", {**BODY, "hours": "90", "reason": "工时录错"})
    assert corrected.status_code == 200 and corrected.json()["revision"] == 3
    revision = record.revisions.get(revision=2)
    assert (revision.hours, revision.reason) == (D(100), "工时录错")
    assert AuditLog.objects.filter(object_id=str(record.pk), action="update", comment="工时录错").exists()


def test_an_update_or_a_replay_reads_its_team_once(client, accounting):
    """The stored record's team is the one the checks read: the answer names it without reading it again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = ApiClient(client, account_with_role("integration", accounting["root"], username="mes"))
    assert api.post("/value/records", BODY).status_code == 201
    for body in (BODY, {**BODY, "hours": "100"}):  # a replay, then an update
        with CaptureQueriesContext(connection) as queries:
            answer = api.post("/value/records", body)
        assert answer.status_code == 200 and answer.json()["unit"] == "CA"
        teams = [q["sql"] for q in queries if q["sql"].startswith('SELECT "value_accountingunit"')]
        assert len(teams) == 1, teams


def test_push_with_bad_fields_answers_400_per_field_and_writes_nothing(client, accounting):
    api = ApiClient(client, account_with_role("integration", accounting["root"], username="mes"))
    body = {
        "unit": "NOPE",
        "date": "2024-02-30",
        "shift": "E",
        "hours": "-1",
        "items": [{"item": "AL", "quantity": "x"}, {"item": "AL", "quantity": "1"}, {"item": "ZZ", "quantity": 1}],
    }
    response = api.post("/value/records", body)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert set(errors) == {"unit", "date", "shift", "hours", "items.1.quantity", "items.2.item", "items.3.item"}
    assert DailyRecord.objects.count() == 0
    # an item the peer group does not account for (OX is another company's team: checked as the system)
    other = {**BODY, "unit": "OX"}
    with pytest.raises(InvalidInput) as refused:
        services.records_write(actor=SYSTEM, rows=[other], source="api")
    assert refused.value.errors == {
        "rows": [{"row": 1, "field": "items.2.item", "message": "电 is not accounted by 外公司班组."}]
    }
    # for this company's MES account the other company's team does not exist: 404, nothing about it, nothing written
    response = api.post("/value/records", other)
    assert response.status_code == 404, response.content
    assert "外公司" not in response.content.decode()
    assert DailyRecord.objects.count() == 0


def test_push_needs_the_grant_over_the_responsible_org(client, accounting):
    # a team leader of branch_a may push CA (branch_a) but not CC (branch_b)
    leader = account_with_role("team_leader", accounting["branch_a"], username="tl")
    api = ApiClient(client, leader)
    assert api.post("/value/records", BODY).status_code == 201
    assert api.post("/value/records", {**BODY, "unit": "CC"}).status_code == 403
    member = ApiClient(client, account_with_role("member", accounting["branch_a"], username="mm"))
    assert member.post("/value/records", {**BODY, "shift": "B"}).status_code == 403
    assert DailyRecord.objects.count() == 1


def test_batch_push_writes_all_or_nothing_and_counts(client, accounting, django_assert_max_num_queries):
    api = ApiClient(client, account_with_role("integration", accounting["root"], username="mes"))
    records = [{**BODY, "unit": unit, "shift": shift} for unit in ("CA", "CB", "CC") for shift in "AB"]
    with django_assert_max_num_queries(30):  # the same statements for 6 records as for 1 (one per table, not per row)
        first = api.post("/value/records/batch", {"records": records})
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 6, "updated": 0, "unchanged": 0, "outliers": 0}
    assert DailyRecord.objects.count() == 6 and DailyLine.objects.count() == 12
    assert AuditLog.objects.filter(object_type="value.dailyrecord", action="create").count() == 1
    # sent again with one record changed: one update (with its revision), the rest left alone
    records[4] = {**records[4], "hours": "100"}
    again = api.post("/value/records/batch", {"records": records})
    assert again.json() == {"created": 0, "updated": 1, "unchanged": 5, "outliers": 0}
    assert DailyRecord.objects.get(unit__unit__code="CC", shift="A").revision == 2
    # one bad record: 400 naming its row and field, and nothing of the batch is written
    bad = [{**BODY, "shift": "C"}, {**BODY, "shift": "D", "items": [{"item": "AL", "quantity": "x"}]}]
    refused = api.post("/value/records/batch", {"records": bad})
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"]["rows"] == [
        {"row": 2, "field": "items.1.quantity", "message": refused.json()["errors"]["rows"][0]["message"]}
    ]
    assert DailyRecord.objects.count() == 6
    # a locked day: 409 for a changed record unless the batch gives a reason
    services.day_lock(actor=SYSTEM, group=accounting["group"], date=DAY)
    records[0] = {**records[0], "hours": "90"}
    assert api.post("/value/records/batch", {"records": records}).status_code == 409
    corrected = api.post("/value/records/batch", {"records": records, "reason": "工时录错"})
    assert corrected.json() == {"created": 0, "updated": 1, "unchanged": 5, "outliers": 0}
    # empty or too big: 400; another company's team: 404 and nothing about it
    assert api.post("/value/records/batch", {"records": []}).status_code == 400
    too_many = [{**BODY, "date": (DAY - dt.timedelta(days=n)).isoformat()} for n in range(services.MAX_BATCH + 1)]
    assert api.post("/value/records/batch", {"records": too_many}).status_code == 400
    other = api.post("/value/records/batch", {"records": [{**BODY, "unit": "OX", "shift": "C"}]})
    assert other.status_code == 404 and "外公司" not in other.content.decode()
    assert DailyRecord.objects.count() == 6


def test_batch_push_needs_the_grant_over_every_team(client, accounting):
    leader = ApiClient(client, account_with_role("team_leader", accounting["branch_a"], username="tl"))
    both = [BODY, {**BODY, "unit": "CC"}]  # CC is branch_b's: the whole batch is refused
    assert leader.post("/value/records/batch", {"records": both}).status_code == 403
    assert DailyRecord.objects.count() == 0
    assert leader.post("/value/records/batch", {"records": [BODY]}).json()["created"] == 1
    member = ApiClient(client, account_with_role("member", accounting["branch_a"], username="mm"))
    assert member.post("/value/records/batch", {"records": [{**BODY, "shift": "B"}]}).status_code == 403


def test_rankings_by_day_and_month(client, accounting, django_assert_max_num_queries):
    services.records_write(
        actor=SYSTEM,
        rows=[
            record_row("CA", hours="10", AL="1"),  # 1500/h
            record_row("CB", hours="20", AL="2"),  # 1500/h
            record_row("CC", hours="10", AL="0.5"),  # 750/h
            record_row("CC", day=DAY + dt.timedelta(days=1), hours="10", AL="4"),  # 6000/h
        ],
        source="api",
    )
    api = ApiClient(client, account_with_role("member", accounting["branch_b"], username="viewer"))
    with django_assert_max_num_queries(8):
        response = api.get("/value/rankings", date="2024-03-10", group="ELEC")
    assert response.status_code == 200, response.content
    rows = response.json()["rows"]
    assert [(r["unit"], r["value_per_hour"], r["rank"]) for r in rows] == [
        ("CA", "1500.00", 1),
        ("CB", "1500.00", 1),
        ("CC", "750.00", 3),
    ]
    assert rows[1]["value"] == "30000.0000" and rows[1]["hours"] == "20.00"
    month = api.get("/value/rankings", month="2024-03", group="ELEC").json()
    # CC: (7500 + 60000) / 20 h = 3375/h first; CA and CB 1500/h share second; points 10, 8, 8;
    # scores 100 × (n − rank) / (n − 1) with n = 3: 100, 50, 50
    assert [(r["unit"], r["value_per_hour"], r["rank"], r["points"], r["score"]) for r in month["rows"]] == [
        ("CC", "3375.00", 1, "10", "100.00"),
        ("CA", "1500.00", 2, "8", "50.00"),
        ("CB", "1500.00", 2, "8", "50.00"),
    ]
    assert api.get("/value/rankings", date="2024-03-10", metric="nope").status_code == 400
    assert api.get("/value/rankings").status_code == 400
    # another company's group is not there for this member
    assert api.get("/value/rankings", date="2024-03-10", group="OTHERG").status_code == 404
