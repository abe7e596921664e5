"""Transfers' work notifications: a request asks who approves it above the asking branch, closed on approval,
rejection or withdrawal; a letter to accept asks the receiving branch's secretary, closed when the arrival is
confirmed — whoever takes the step."""

from django.urls import reverse

from dangjian.affairs.transfers import services
from dangjian.affairs.transfers.models import Transfer
from dangjian.core.models import Notification
from dangjian.core.notifications.selectors import inbox_count, inbox_list
from dangjian.core.services import SYSTEM
from tests.affairs.transfers.test_services import DAY, internal, secretary_b  # noqa: F401 (a fixture)


def test_an_internal_transfer_asks_the_office_then_the_receiving_secretary(company, secretary_a, secretary_b, office):  # noqa: F811
    transfer = internal(secretary_a, company)
    (item,) = inbox_list(user=office)
    assert (item.kind, item.action, item.about, item.link) == (
        "transfers.approve",
        True,
        transfer,
        f"/transfers/{transfer.pk}/",
    )
    assert "李明" in item.text and "工作调动" in item.text
    # Neither branch approves, so neither is asked to.
    assert inbox_count(user=secretary_a) == 0 and inbox_count(user=secretary_b) == 0
    services.transfer_approve(actor=office, transfer=transfer)
    assert inbox_count(user=office) == 0
    assert inbox_count(user=secretary_b) == 0  # nothing to accept before the letter is sent
    services.transfer_send(actor=secretary_a, transfer=transfer, on=DAY)
    (letter,) = inbox_list(user=secretary_b)
    assert (letter.kind, letter.about) == ("transfers.accept", transfer) and "ROOT-2025-0001" in letter.text
    assert inbox_count(user=secretary_a) == 0
    services.transfer_confirm(actor=office, transfer=transfer, on=DAY)  # someone else confirmed: done for all
    assert inbox_count(user=secretary_b) == 0
    assert Notification.objects.filter(done_at__isnull=True).count() == 0
    assert Notification.objects.filter(kind__startswith="transfers.").count() == 2


def test_a_rejected_or_withdrawn_request_asks_nobody_any_more(company, secretary_a, office):
    rejected = internal(secretary_a, company)
    services.transfer_reject(actor=office, transfer=rejected, reason="岗位未落实")
    assert inbox_count(user=office) == 0
    withdrawn = internal(secretary_a, company)
    services.transfer_cancel(actor=secretary_a, transfer=withdrawn, reason="不调了")
    assert inbox_count(user=office) == 0
    assert Notification.objects.filter(kind="transfers.approve", done_at__isnull=False).count() == 2


def test_a_transfer_in_asks_the_receiving_branch_once_approved(company, secretary_a, office):
    transfer = services.transfer_request(
        actor=secretary_a,
        kind="in",
        to_org=company["branch_a"],
        reason="外单位调入",
        outside_org="某公司党委",
        letter_no="WB-2025-17",
        name="孙新",
        employee_no="X0001",
        gender="male",
        party_status="member",
        status_since=DAY,
    )
    services.transfer_approve(actor=office, transfer=transfer)
    (letter,) = inbox_list(user=secretary_a)
    assert (letter.kind, letter.about) == ("transfers.accept", transfer) and "孙新" in letter.text
    services.transfer_confirm(actor=secretary_a, transfer=transfer, on=DAY)
    assert inbox_count(user=secretary_a) == 0


def test_a_member_coming_back_is_not_asked_again_for_what_the_records_hold(company, secretary_a, office, client):
    """Entered once: a returning member's name, gender and party status come from their record; only the letter and
    the employee number are typed. Someone unknown still needs them, per field."""
    person = company["person_a"]
    out = services.transfer_request(actor=SYSTEM, kind="out", person=person, outside_org="外单位", reason="调出")
    for step in (services.transfer_approve, services.transfer_send, services.transfer_confirm):
        step(actor=SYSTEM, transfer=out)
    client.force_login(secretary_a)
    base = {"to_org": company["branch_a"].pk, "outside_org": "外单位", "letter_no": "WD-9", "reason": "调回"}
    unknown = client.post(reverse("transfers:create", args=["in"]), {**base, "employee_no": "NOBODY-1"})
    assert unknown.status_code == 400
    assert set(unknown.context["form"].errors) == {"name", "gender", "party_status", "status_since"}
    back = client.post(reverse("transfers:create", args=["in"]), {**base, "employee_no": person.employee_no})
    assert back.status_code == 302
    transfer = Transfer.objects.get(letter_no="WD-9")
    assert (transfer.person_id, transfer.name, transfer.gender, transfer.party_status, transfer.status_since) == (
        person.pk,
        "李明",
        person.gender,
        "member",
        person.full_member_on,
    )
