"""Transfers through the API and the pages: every step with its exact status (201/200, 400 naming the field, 403
without the standing, 404 from another company, 409 for a step the status does not allow or a second transfer of
one member), the race of two requests at once (one 201, one 409), the letter PDF, the export, bounded queries."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.affairs.transfers import services
from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core.services import SYSTEM
from dangjian.org.models import Person
from tests.api.conftest import ApiClient
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role


@pytest.fixture
def secretary_b(company):
    return account_with_role("secretary", company["branch_b"], username="sec_b")


@pytest.fixture
def other_company(db):
    root = PartyOrgFactory(code="ZZ", name="中州党委", kind="committee")
    branch = PartyOrgFactory(code="ZZB", name="中州氧化铝党支部", parent=root)
    person = PersonFactory(branch=branch, member=True, name="外司党员")
    office = account_with_role("party_office", root, username="zz_office")
    transfer = services.transfer_request(actor=SYSTEM, kind="out", person=person, outside_org="某组织部", reason="调出")
    return {"root": root, "branch": branch, "person": person, "office": office, "transfer": transfer}


def api(client, user):
    return ApiClient(client, user)


def test_api_walks_an_internal_transfer(client, company, secretary_a, secretary_b, office):
    sec_a, sec_b, off = api(client, secretary_a), api(client, secretary_b), api(client, office)
    body = {"kind": "internal", "person": company["person_a"].employee_no, "to_org": "BB", "reason": "工作调动"}
    created = sec_a.post("/transfers", body)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "requested" and created.json()["from_org"] == "BA"
    assert sec_a.post("/transfers", body).status_code == 409  # one open transfer per member
    assert sec_a.post(f"/transfers/{pk}/approve", {}).status_code == 403  # not its own approver
    assert sec_a.post(f"/transfers/{pk}/send", {}).status_code == 409  # not approved yet
    assert sec_b.get(f"/transfers/{pk}").status_code == 200  # the receiving end sees it
    assert off.post(f"/transfers/{pk}/approve", {"note": "同意"}).json()["status"] == "approved"
    sent = sec_a.post(f"/transfers/{pk}/send", {"on": "2025-03-03", "report_by": "2025-04-03"})
    assert sent.status_code == 200 and sent.json()["letter_no"] == "ROOT-2025-0001"
    assert sec_a.post(f"/transfers/{pk}/confirm", {}).status_code == 403
    done = sec_b.post(f"/transfers/{pk}/confirm", {"on": "2025-03-10"})
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert Person.objects.get(pk=company["person_a"].pk).branch == company["branch_b"]
    # the sending secretary no longer sees the member, but still sees the transfer (its own history)
    assert sec_a.get(f"/transfers/{pk}").status_code == 200
    assert sec_b.post(f"/transfers/{pk}/confirm", {}).status_code == 409
    assert sec_a.get("/transfers", status="confirmed").json()["count"] == 1


def test_api_refusals_name_the_field(client, company, secretary_a):
    sec_a = api(client, secretary_a)
    response = sec_a.post(
        "/transfers", {"kind": "internal", "person": company["person_b"].employee_no, "to_org": "BB", "reason": "x"}
    )
    assert response.status_code == 400 and "person" in response.json()["errors"]  # BB's member is unknown to BA
    response = sec_a.post(
        "/transfers", {"kind": "internal", "person": company["person_a"].employee_no, "to_org": "NOPE", "reason": "x"}
    )
    assert response.status_code == 400 and "to_org" in response.json()["errors"]
    response = sec_a.post(
        "/transfers", {"kind": "in", "to_org": "BA", "outside_org": "外", "reason": "x", "name": "新"}
    )
    assert response.status_code == 400 and {"letter_no", "employee_no"} <= set(response.json()["errors"])
    member = account_with_role("member", company["branch_a"], username="just_member")
    assert api(client, member).post("/transfers", {"kind": "out", "reason": "x"}).status_code == 403


def test_other_company_is_404(client, company, office, other_company):
    off = api(client, office)
    pk = other_company["transfer"].pk
    assert off.get(f"/transfers/{pk}").status_code == 404
    for step in ("approve", "reject", "send", "confirm", "cancel"):
        assert off.post(f"/transfers/{pk}/{step}", {"reason": "x"}).status_code == 404
    assert Transfer.objects.get(pk=pk).status == "requested"
    assert off.get("/transfers").json()["count"] == 0
    body = {"kind": "internal", "person": company["person_a"].employee_no, "to_org": "ZZB", "reason": "x"}
    assert off.post("/transfers", body).status_code == 400  # another company's branch is not a choice
    client.force_login(office)
    assert client.get(reverse("transfers:detail", args=[pk])).status_code == 404
    assert client.get(reverse("transfers:letter", args=[pk])).status_code == 404
    assert client.post(reverse("transfers:step", args=[pk, "approve"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_requests_for_one_member_at_once_one_is_409():
    from tests.factories import build_company

    company = build_company()
    secretary = account_with_role("secretary", company["branch_a"], username="race_sec")
    body = {"kind": "internal", "person": company["person_a"].employee_no, "to_org": "BB", "reason": "并发"}
    barrier, statuses = threading.Barrier(2), []

    def ask():
        try:
            barrier.wait()
            statuses.append(ApiClient(Client(), secretary).post("/transfers", body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    assert Transfer.objects.filter(person=company["person_a"]).count() == 1


def test_pages_walk_a_transfer_out_with_the_letter(client, company, secretary_a, office):
    client.force_login(secretary_a)
    form = client.get(reverse("transfers:create", args=["out"]))
    assert form.status_code == 200 and "李明" in form.content.decode()
    response = client.post(
        reverse("transfers:create", args=["out"]),
        {"person": company["person_a"].pk, "outside_org": "中共某县委组织部", "reason": "随迁"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    refused = client.post(reverse("transfers:create", args=["out"]), {"person": company["person_a"].pk, "reason": "x"})
    assert refused.status_code == 400
    assert client.post(reverse("transfers:step", args=[transfer.pk, "approve"])).status_code == 403
    client.force_login(office)
    client.post(reverse("transfers:step", args=[transfer.pk, "approve"]))
    client.force_login(secretary_a)
    assert client.get(reverse("transfers:letter", args=[transfer.pk])).status_code == 404  # no letter yet
    client.post(reverse("transfers:step", args=[transfer.pk, "send"]), {"on": "2025-03-03", "report_by": "2025-04-30"})
    transfer.refresh_from_db()
    assert (transfer.status, transfer.report_by) == ("sent", dt.date(2025, 4, 30))
    pdf = client.get(reverse("transfers:letter", args=[transfer.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    page = client.get(reverse("transfers:detail", args=[transfer.pk])).content.decode()
    assert "ROOT-2025-0001" in page and "登记回执" in page  # the sending side records the return slip
    client.post(reverse("transfers:step", args=[transfer.pk, "confirm"]), {"on": "2025-03-20", "note": "回执已收"})
    assert not Person.objects.get(pk=company["person_a"].pk).active
    export = client.get(reverse("transfers:export") + "?status=all")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_list_and_floating_pages_are_bounded(client, company, secretary_a, office):
    for n in range(4):
        person = PersonFactory(branch=company["branch_a"], member=True)
        services.transfer_request(actor=SYSTEM, kind="internal", person=person, to_org=company["branch_b"], reason="x")
        services.floating_create(
            actor=SYSTEM, person=person, location=f"深圳{n}", contact_method="phone", since=dt.date(2025, 1, 1)
        )
    client.force_login(office)
    for name in ("transfers:list", "transfers:floating", "home"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        assert len(queries) < 30, (name, len(queries))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-transfers"' in page  # 党群工作部 has four to approve
    record = FloatingMember.objects.first()
    client.force_login(secretary_a)
    assert client.get(reverse("transfers:floating_edit", args=[record.pk])).status_code == 200
    assert client.post(reverse("transfers:floating_end", args=[record.pk]), {"on": "2025-06-01"}).status_code == 302
    assert FloatingMember.objects.get(pk=record.pk).until == dt.date(2025, 6, 1)
    viewer = account_with_role("committee_member", company["branch_a"], username="cm_a")
    client.force_login(viewer)
    assert client.get(reverse("transfers:floating_edit", args=[record.pk])).status_code == 403
    assert client.get(reverse("transfers:create", args=["internal"])).status_code == 403
    client.force_login(account_with_role("member", company["branch_a"], username="m_a2"))
    assert client.get(reverse("transfers:list")).status_code == 403
    assert client.get(reverse("transfers:detail", args=[Transfer.objects.first().pk])).status_code == 404


def test_api_floating_members(client, company, secretary_a):
    sec_a = api(client, secretary_a)
    body = {
        "person": company["person_a"].employee_no,
        "location": "深圳",
        "contact_method": "wechat",
        "since": "2025-01-01",
    }
    created = sec_a.post("/transfers/floating", body)
    assert created.status_code == 201 and created.json()["keeping_org"] == "BA"
    assert sec_a.post("/transfers/floating", body).status_code == 409
    pk = created.json()["id"]
    changed = sec_a.patch(f"/transfers/floating/{pk}", {"until": "2025-05-01"})
    assert changed.status_code == 200 and changed.json()["until"] == "2025-05-01"
    assert sec_a.get("/transfers/floating").json()["count"] == 0
    assert sec_a.get("/transfers/floating", all="true").json()["count"] == 1
