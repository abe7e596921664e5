"""Party dues end to end on the small company: the sheet's arrears (the >3-month flag, the six-month warning and a
reason lifting it), payments and their refusals, closing a month, the collection up the tree and its export, the
July recalculation, the payroll push with a "push" token, the payroll import, and the home sections."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.accounts.services import token_issue
from dangjian.affairs.dues import months, selectors, services
from dangjian.affairs.dues.models import DuesBase, DuesPayment, Reconciliation
from dangjian.affairs.dues.rates import dues_year
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog, ImportJob
from dangjian.core.services import SYSTEM
from tests.core.imports_support import confirm, last_job, private_media, upload, xlsx_bytes  # noqa: F401
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role

D = Decimal
TODAY = timezone.localdate()
THIS = months.first(TODAY)
LAST = months.add(THIS, -1)


def _bases(person, base="5000.01", years=None):
    for year in years or {dues_year(months.add(THIS, -n)) for n in range(0, 26)}:
        services.base_set(actor=SYSTEM, person=person, year=year, base=base)


def _pay(branch, people, month):
    return services.payments_record(
        actor=SYSTEM, branch=branch, month=month, people=people, paid_on=month, channel="wechat"
    )


@pytest.fixture
def branch_a(company):
    a, mate = company["person_a"], PersonFactory(branch=company["branch_a"], member=True, name="周强")
    _bases(a)
    _bases(mate, base="3000")
    # 李明 paid until eight months ago: seven months behind (the six-month warning); 周强 two months behind.
    for n in range(8, 25):
        _pay(company["branch_a"], [a], months.add(THIS, -n))
    for n in range(3, 25):
        _pay(company["branch_a"], [mate], months.add(THIS, -n))
    return {"a": a, "mate": mate}


def test_sheet_flags_arrears_and_warns_at_six_months(company, branch_a, secretary_a, client):
    a, mate = branch_a["a"], branch_a["mate"]
    data = selectors.sheet(user=secretary_a, org=company["branch_a"], month=THIS)
    rows = {r.person.pk: r for r in data["rows"]}
    assert rows[a.pk].expected == D("75.00")  # 5000.01 × 1.5 % = 75.00015 → 75.00
    assert len(rows[a.pk].unpaid) == 7 and rows[a.pk].run == 7  # the months before this one that have ended
    assert rows[a.pk].arrears == D("525.00")
    assert rows[a.pk].flagged and rows[a.pk].warning
    assert len(rows[mate.pk].unpaid) == 2 and rows[mate.pk].arrears == D("30.00")  # 2 × 15.00
    assert not rows[mate.pk].flagged and not rows[mate.pk].warning
    client.force_login(secretary_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("dues:sheet"), {"org": "BA"})
    assert page.status_code == 200
    assert len(queries) <= 16, len(queries)
    assert 'data-testid="dues-warning"' in page.content.decode() and "自行脱党" in page.content.decode()
    services.reason_note(actor=secretary_a, person=a, reason="长期病休")
    row = next(
        r for r in selectors.sheet(user=secretary_a, org=company["branch_a"], month=THIS)["rows"] if r.person == a
    )
    assert row.flagged and not row.warning  # the reason lifts the warning, the arrears stay
    assert Person_status(a) == "member"  # nothing is done to the member


def Person_status(person):
    person.refresh_from_db()
    return person.party_status


def test_payments_are_checked(company, secretary_a):
    a = company["person_a"]
    month = LAST
    with pytest.raises(InvalidInput):  # no base for the dues year yet
        _pay(company["branch_a"], [a], month)
    _bases(a, base="4321.50", years=[dues_year(month)])
    with pytest.raises(InvalidInput):  # a date to come
        services.payments_record(
            actor=secretary_a,
            branch=company["branch_a"],
            month=month,
            people=[a],
            paid_on=timezone.localdate() + dt.timedelta(days=1),  # now, not at import: a run may cross midnight
            channel="cash",
        )
    with pytest.raises(NotPermitted):  # BA's secretary collects in BA only
        services.payments_record(
            actor=secretary_a,
            branch=company["branch_b"],
            month=month,
            people=[company["person_b"]],
            paid_on=TODAY,
            channel="cash",
        )
    (paid,) = services.payments_record(
        actor=secretary_a,
        branch=company["branch_a"],
        month=month,
        people=[a],
        paid_on=TODAY,
        channel="cash",
        extras={a.pk: D("100")},
    )
    assert (paid.expected, paid.amount, paid.extra) == (D("43.22"), D("43.22"), D("100.00"))  # 43.215 → 43.22
    assert AuditLog.objects.filter(object_type="dues.duespayment", object_id=str(paid.pk)).count() == 1
    with pytest.raises(Conflict):
        _pay(company["branch_a"], [a], month)
    outsider = PersonFactory(branch=company["branch_a"], name="群众甲")
    with pytest.raises(InvalidInput):
        services.base_set(actor=SYSTEM, person=outsider, year=2025, base="4000")
    closed = services.month_reconcile(actor=secretary_a, branch=company["branch_a"], month=month)
    assert (closed.members, closed.paid, closed.extra, closed.arrears) == (1, D("43.22"), D("100.00"), D("0"))
    with pytest.raises(Conflict):
        services.month_reconcile(actor=secretary_a, branch=company["branch_a"], month=month)
    with pytest.raises(Conflict):
        services.payment_cancel(actor=secretary_a, payment=paid)
    with pytest.raises(InvalidInput):  # this month has not ended
        services.month_reconcile(actor=secretary_a, branch=company["branch_a"], month=THIS)


def test_collection_rolls_up_the_tree_and_exports(company, office, client):
    a, b = company["person_a"], company["person_b"]
    year = LAST.year
    _bases(a, base="10000", years=[dues_year(LAST)])  # 150.00
    _bases(b, base="10000.01", years=[dues_year(LAST)])  # 200.00
    _pay(company["branch_a"], [a], LAST)
    _pay(company["branch_b"], [b], LAST)
    data = selectors.collection(user=office, org=company["root"], year=year)
    by_code = {r["org"].code: r["cells"][LAST.month - 1] for r in data["table"]}
    assert by_code["ROOT"]["paid"] == D("350.00") and by_code["BA"]["paid"] == D("150.00")
    assert by_code["ROOT"]["expected"] == D("350.00")
    assert by_code["BA"]["reconciled"] is False and "reconciled" not in by_code["ROOT"]
    assert [o.code for o in selectors.unreconciled(user=office, month=LAST)] == ["BA", "BB"]
    client.force_login(office)
    response = client.get(reverse("dues:export"), {"org": "ROOT", "year": year})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3 * 12  # ROOT, BA, BB × 12 months (the party group is not an org of its own here)
    root_row = next(r for r in rows[1:] if r[0] == "ROOT" and r[3] == f"{LAST:%Y-%m}")
    assert D(str(root_row[5])) == D("350.00")
    assert AuditLog.objects.filter(action="export", object_repr="dues_collection").count() == 1


def test_july_recalculation_carries_bases_forward(company, office):
    a, b = company["person_a"], company["person_b"]
    services.base_set(actor=SYSTEM, person=a, year=2024, base="2999.99")
    services.base_set(actor=SYSTEM, person=b, year=2024, base="5000", category="retired")
    services.base_set(actor=office, person=a, year=2025, base="3000.01")  # renewed: now 1 %
    counts = services.annual_recalculate(actor=office, org=company["root"], year=2025)
    assert counts == {"renewed": 1, "recalculated": 0, "carried": 1, "missing": 0}
    carried = DuesBase.objects.get(person=b, year=2025)
    assert (carried.source, carried.monthly, carried.category) == ("carried", D("25.00"), "retired")
    assert DuesBase.objects.get(person=a, year=2025).monthly == D("30.00")
    assert services.annual_recalculate(actor=office, org=company["root"], year=2025)["carried"] == 0  # idempotent
    with pytest.raises(NotPermitted):
        services.annual_recalculate(
            actor=account_with_role("secretary", company["branch_a"], username="s2"), org=company["branch_a"], year=2025
        )


def test_payroll_pushes_bases_with_a_push_token(company, client):
    machine = account_with_role("integration", company["root"], username="payroll")
    token = token_issue(user=machine, scope="push")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"employee_no": company["person_a"].employee_no, "year": 2025, "base": "10000.01"}
    url = reverse("api:dues_base_push")
    first = client.post(url, body, content_type="application/json", **auth)
    assert first.status_code == 201, first.content
    assert first.json()["monthly"] == "200.00" and first.json()["rate"] == "0.02"
    again = client.post(url, body, content_type="application/json", **auth)
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    other = PartyOrgFactory(code="ZZ", name="他司党委", kind="committee")
    stranger = PersonFactory(branch=PartyOrgFactory(code="ZB1", parent=other), member=True)
    assert (
        client.post(
            url, {**body, "employee_no": stranger.employee_no}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    bad = client.post(url, {**body, "base": "-1"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and "base" in bad.json()["errors"]
    assert client.get(reverse("api:dues_sheet"), **auth).status_code == 403  # a push token pushes only


def test_api_sheet_and_payments(company, secretary_a, client):
    a = company["person_a"]
    _bases(a, base="3000", years=[dues_year(LAST)])
    client.force_login(secretary_a)
    body = {
        "org": "BA",
        "month": f"{LAST:%Y-%m}",
        "employee_nos": [a.employee_no],
        "paid_on": str(TODAY),
        "channel": "payroll",
        "extras": {a.employee_no: "20.5"},
    }
    response = client.post(reverse("api:dues_payments"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json() == {"recorded": 1, "paid": "15.00", "extra": "20.50"}
    assert client.post(reverse("api:dues_payments"), body, content_type="application/json").status_code == 409
    sheet = client.get(reverse("api:dues_sheet"), {"org": "BA", "month": f"{LAST:%Y-%m}"}).json()
    (line,) = sheet["lines"]
    assert (line["dues"], line["paid"], line["extra"], line["channel"]) == ("15.00", "15.00", "20.50", "payroll")
    assert client.get(reverse("api:dues_sheet"), {"org": "BB"}).status_code == 404


@pytest.mark.usefixtures("private_media")
def test_payroll_import_sets_bases(company, office, client, django_capture_on_commit_callbacks):
    a, b = company["person_a"], company["person_b"]
    rows = [
        ["工号", "党费年度", "税后固定工资", "类别"],
        [a.employee_no, 2025, "5000", ""],
        [b.employee_no, 2025, 5000.01, "离退休"],
    ]
    client.force_login(office)
    upload(client, "dues-bases", "bases.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    got = dict(DuesBase.objects.filter(year=2025).values_list("person_id", "monthly"))
    assert got == {a.pk: D("50.00"), b.pk: D("50.00")}  # 5000 × 1 %; retired 5000.01 × 1 % = 50.0001 → 50.00


def test_home_tells_the_secretary_and_the_office(company, branch_a, secretary_a, office, client):
    client.force_login(secretary_a)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-dues"' in home and reverse("dues:sheet") in home
    client.force_login(office)
    home = client.get(reverse("home")).content.decode()
    assert reverse("dues:collection") in home  # BA has not closed last month
    services.month_reconcile(actor=SYSTEM, branch=company["branch_a"], month=LAST)
    services.month_reconcile(actor=SYSTEM, branch=company["branch_b"], month=LAST)
    assert selectors.unreconciled(user=office, month=LAST) == []
    assert Reconciliation.objects.count() == 2 and DuesPayment.objects.exists()
