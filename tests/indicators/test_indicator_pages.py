"""The indicator page, its exports, manual entry and targets: who may use them, what they show, and query counts that
stay flat as units and values grow (3 and 30 units with values)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from dangjian.indicators.models import IndicatorValue, IndicatorValueRevision, Target
from tests.factories import UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorValueFactory

D = Decimal
pytestmark = pytest.mark.django_db


def grow(tree, catalogue, count: int) -> None:
    """`count` more teams under W1, each with a month of daily output and efficiency (in one INSERT: a value's save
    does nothing more, and 1,680 single saves took seconds)."""
    rows = []
    for n in range(count):
        team = UnitFactory(code=f"X{n:02d}", name=f"班组{n}", kind="team", parent=tree["W1"])
        for day in range(1, 29):
            on = dt.date(2024, 2, day)
            rows.append(
                IndicatorValueFactory.build(indicator=catalogue["OUT"], unit=team, period_start=on, value=D(10 + n))
            )
            rows.append(
                IndicatorValueFactory.build(indicator=catalogue["EFF"], unit=team, period_start=on, value=D("92.1"))
            )
    IndicatorValue.objects.bulk_create(rows)


@pytest.mark.parametrize("extra", [3, 30])
@pytest.mark.parametrize("code", ["EFF", "DCU"])
def test_indicator_page_queries_are_flat(client, member_a, tree, catalogue, values, extra, code,
                                         django_assert_max_num_queries):  # fmt: skip
    grow(tree, catalogue, extra)
    client.force_login(member_a)
    url = reverse("indicators:detail", args=[code])
    # session, user, assignments, indicator, unit picker, unit, trend (history + targets), table (children, two
    # roll-ups, targets), records (two), the user's person in the menu, the session saved (three)
    with django_assert_max_num_queries(19):  # one more: the units of the user's company
        response = client.get(url, {"unit": "W1", "start": "2024-01-01", "end": "2024-04-30", "year": "2024"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="trend-data"' in body and "X00" in body
    assert "Enter a value" not in body  # a member reads only


def test_indicator_page_shows_the_table_records_and_writer_buttons(client, secretary_a, tree, catalogue, values):
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["W1"], year=2024, month=3, value=D("92"))
    client.force_login(secretary_a)
    response = client.get(
        reverse("indicators:detail", args=["EFF"]),
        {"unit": "CO", "granularity": "day", "start": "2024-03-01", "end": "2024-04-01", "year": "2024"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "dj-cell-met" in body  # W1's March 93.5 against 92
    assert "93.50" in body and "101.6%" in body and "+1.50" in body
    assert "Enter a value" in body and "Export series" in body
    # T2's 95 on 2024-03-01 is its first value: no record; nothing beat an earlier value here.
    assert 'data-testid="records"' in body


def test_ratio_page_has_no_entry_button(client, office, tree, catalogue, values):
    client.force_login(office)
    body = client.get(reverse("indicators:detail", args=["DCU"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter a value" not in body and "Targets" in body


def test_unknown_indicator_or_unit(client, member_a, tree, catalogue):
    client.force_login(member_a)
    assert client.get(reverse("indicators:detail", args=["NOPE"])).status_code == 404
    response = client.get(reverse("indicators:detail", args=["OUT"]), {"unit": "NOPE"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "There is no unit" in response.content.decode()
    response = client.get(reverse("indicators:detail", args=["OUT"]), {"granularity": "day", "start": "2001-01-01"})
    assert response.status_code == 200  # too long a range: said on the form, the table still shows


def _sheet(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_series_export_matches_the_trend_and_is_audited(client, secretary_a, tree, catalogue, values):
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["CO"], year=2024, month=3, value=D("92"))
    client.force_login(secretary_a)
    params = {"unit": "CO", "granularity": "month", "start": "2024-02-01", "end": "2024-04-30"}
    response = client.get(reverse("indicators:export_series", args=["EFF"]), params)
    assert response.status_code == 200
    rows = _sheet(response)
    assert rows[1][:4] == ["2024-02", None, None, None]
    assert rows[2][:4] == ["2024-03", 92.5, 92, 92.5]
    assert rows[3][:4] == ["2024-04", 92, None, 92.5]
    row = AuditLog.objects.get(action="export")
    assert row.after["export"] == "series" and row.after["rows"] == 3 and row.after["unit"] == "CO"


def test_table_export_has_a_row_per_unit_and_month(client, secretary_a, tree, catalogue, values):
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["W2"], year=2024, month=3, value=D("92"))
    client.force_login(secretary_a)
    response = client.get(reverse("indicators:export_table", args=["EFF"]), {"unit": "CO", "year": "2024"})
    rows = _sheet(response)
    assert len(rows) == 1 + 3 * 13
    w2_march = next(r for r in rows if r[0] == "W2" and r[2] == "2024-03")
    assert w2_march[3:] == [91, 92, 98.91, -1, "否"]
    assert AuditLog.objects.get(action="export").after["export"] == "unit_month_table"


def test_exports_need_the_export_grant(client, member_a, tree, catalogue, values):
    client.force_login(member_a)
    assert client.get(reverse("indicators:export_series", args=["EFF"])).status_code == 403
    assert client.get(reverse("indicators:export_table", args=["EFF"])).status_code == 403
    assert not AuditLog.objects.filter(action="export").exists()


def test_manual_entry_creates_a_revision_and_an_audit_row(client, team_leader, tree, catalogue):
    IndicatorValueFactory(indicator=catalogue["OUT"], unit=tree["T3"], period_start=dt.date(2024, 3, 1), value=D(9))
    client.force_login(team_leader)
    url = reverse("indicators:entry", args=["OUT"])
    body = {"unit": "T3", "period": "2024-03-01", "value": "10.5", "reason": "计量表校准后更正"}
    response = client.post(url, body)
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.value, value.revision, value.source, value.updated_by) == (D("10.5"), 2, "manual", team_leader)
    revision = IndicatorValueRevision.objects.get()
    assert (revision.value, revision.reason, revision.replaced_by) == (D(9), "计量表校准后更正", team_leader)
    audit = AuditLog.objects.get(object_type="indicators.indicatorvalue", action="update")
    assert audit.before["value"] == "9.000000" and audit.actor == team_leader
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10.50" in page and "9.00" in page and "计量表校准后更正" in page


def test_manual_entry_names_a_bad_period_and_writes_nothing(client, secretary_a, tree, catalogue):
    client.force_login(secretary_a)
    url = reverse("indicators:entry", args=["OUT"])
    response = client.post(url, {"unit": "T1", "period": "2024-03", "value": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "is not a day" in response.content.decode()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("extra", [0, 5])
def test_entry_page_queries_are_flat(client, secretary_a, tree, catalogue, extra, django_assert_max_num_queries):
    value = IndicatorValueFactory(
        indicator=catalogue["OUT"], unit=tree["T1"], period_start=dt.date(2024, 3, 1), value=1
    )
    from dangjian.indicators import services

    for n in range(extra):
        services.values_upsert(
            actor=secretary_a,
            rows=[{"indicator": "OUT", "unit": "T1", "period": "2024-03-01", "value": n + 2}],
            source="manual",
        )
    client.force_login(secretary_a)
    with django_assert_max_num_queries(13):  # two more: the company's units, the units the user may write
        response = client.get(reverse("indicators:entry", args=["OUT"]), {"unit": "T1", "period": "2024-03-01"})
    assert response.status_code == 200
    value.refresh_from_db()
    assert value.revision == extra + 1


def test_entry_and_targets_need_write_grants(client, member_a, tree, catalogue):
    client.force_login(member_a)
    assert client.get(reverse("indicators:entry", args=["OUT"])).status_code == 403
    assert client.get(reverse("indicators:targets", args=["OUT"])).status_code == 403


def test_targets_page_sets_changed_targets_through_the_service(client, secretary_a, tree, catalogue):
    Target.objects.create(indicator=catalogue["EFF"], unit=tree["W1"], year=2024, month=1, value=D("92"))
    client.force_login(secretary_a)
    url = reverse("indicators:targets", args=["EFF"]) + "?unit=W1&year=2024"
    page = client.get(url)
    assert page.status_code == 200 and 'value="92.000000"' in page.content.decode()
    response = client.post(url, {"year_total": "92.3", "m1": "92", "m2": "92.4", "m3": ""})
    assert response.status_code == 302
    targets = dict(Target.objects.filter(unit=tree["W1"]).values_list("month", "value"))
    assert targets == {None: D("92.3"), 1: D("92"), 2: D("92.4")}
    created = AuditLog.objects.filter(object_type="indicators.target", action="create", actor=secretary_a)
    assert created.count() == 2  # January was unchanged


def test_targets_page_refuses_a_bad_number(client, office, tree, catalogue):
    client.force_login(office)
    url = reverse("indicators:targets", args=["EFF"]) + "?unit=W1&year=2024"
    assert client.post(url, {"m1": "lots"}).status_code == 400
    assert not Target.objects.exists()


def test_integration_account_may_enter_but_not_export(client, integration, tree, catalogue):
    client.force_login(integration)
    assert client.get(reverse("indicators:entry", args=["OUT"])).status_code == 200
    assert client.get(reverse("indicators:export_series", args=["OUT"])).status_code == 403


def test_auditor_sees_no_indicator_page(client, company, catalogue):
    """No indicator grant: the pages are 403, an indicator (an object outside the auditor's scope) 404."""
    client.force_login(account_with_role("audit_admin", None, username="auditor"))
    assert client.get(reverse("indicators:detail", args=["OUT"])).status_code == 404
    assert client.get(reverse("indicators:kiosk")).status_code == 403
