"""Transfers: each state move with who may take it, the invariant (the person's branch changes only in the
confirming step, with the status, in one transaction), history and points following the person, floating members."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.affairs.transfers import selectors, services
from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import Person, StatusChange
from tests.factories import PersonFactory, account_with_role

DAY = dt.date(2025, 3, 3)


@pytest.fixture
def secretary_b(company):
    return account_with_role("secretary", company["branch_b"], username="sec_b")


@pytest.fixture
def committee_secretary(company):
    return account_with_role("secretary", company["root"], username="sec_root")


def internal(actor, company, person=None, **extra):
    return services.transfer_request(
        actor=actor,
        kind="internal",
        person=person or company["person_a"],
        to_org=company["branch_b"],
        reason="工作调动",
        **extra,
    )


def branch_of(person) -> int:
    return Person.objects.get(pk=person.pk).branch_id


def test_internal_transfer_moves_the_member_only_when_confirmed(company, secretary_a, secretary_b, office):
    person = company["person_a"]
    transfer = internal(secretary_a, company)
    assert (transfer.status, transfer.from_org, transfer.to_org) == (
        "requested",
        company["branch_a"],
        company["branch_b"],
    )
    # the sending branch cannot approve its own request; the receiving one cannot either
    for who in (secretary_a, secretary_b):
        with pytest.raises(NotPermitted):
            services.transfer_approve(actor=who, transfer=transfer)
    with pytest.raises(Conflict):
        services.transfer_send(actor=secretary_a, transfer=transfer)  # not approved yet
    services.transfer_approve(actor=office, transfer=transfer)
    with pytest.raises(NotPermitted):
        services.transfer_send(actor=secretary_b, transfer=transfer)  # the letter comes from the sending side
    sent = services.transfer_send(actor=secretary_a, transfer=transfer, on=DAY)
    assert sent.status == "sent" and sent.letter_no == "ROOT-2025-0001"
    assert sent.report_by == DAY + dt.timedelta(days=30)
    assert branch_of(person) == company["branch_a"].pk  # still in the sending branch until confirmed
    with pytest.raises(NotPermitted):
        services.transfer_confirm(actor=secretary_a, transfer=transfer)  # the receiving branch confirms
    confirmed = services.transfer_confirm(actor=secretary_b, transfer=transfer, on=DAY + dt.timedelta(days=5))
    moved = Person.objects.get(pk=person.pk)
    assert (confirmed.status, moved.branch_id, moved.group_id) == ("confirmed", company["branch_b"].pk, None)
    assert confirmed.confirmed_by == secretary_b and confirmed.confirmed_on == dt.date(2025, 3, 8)
    assert (
        confirmed.approved_by == office and confirmed.sent_by == secretary_a and confirmed.requested_by == secretary_a
    )
    with pytest.raises(Conflict):
        services.transfer_confirm(actor=secretary_b, transfer=transfer)
    audited = AuditLog.objects.filter(object_type="transfers.transfer", object_id=str(transfer.pk))
    assert audited.count() == 4
    person_row = AuditLog.objects.get(object_type="org.person", object_id=str(person.pk), action="update")
    assert (person_row.before["branch_id"], person_row.after["branch_id"]) == (
        company["branch_a"].pk,
        company["branch_b"].pk,
    )


def test_history_and_points_follow_the_member(company, secretary_a, secretary_b, office):
    from dangjian.points import services as points
    from dangjian.points.models import PointsEntry, PointsRule

    points.defaults_install(actor=SYSTEM, company=company["root"], valid_from=dt.date(2020, 1, 1))
    person = company["person_a"]
    StatusChange.objects.create(person=person, from_status="probationary", to_status="member", on=DAY)
    rule = PointsRule.objects.filter(company=company["root"]).first()
    PointsEntry.objects.create(
        person=person, rule=rule, points=Decimal(3), awarded=Decimal(3), occurred_on=DAY, reason="x", status="approved"
    )
    assert not PointsEntry.objects.restrict(secretary_b, "view").filter(person=person).exists()
    transfer = internal(secretary_a, company)
    services.transfer_approve(actor=office, transfer=transfer)
    services.transfer_send(actor=secretary_a, transfer=transfer, on=DAY)
    services.transfer_confirm(actor=secretary_b, transfer=transfer, on=DAY)
    assert PointsEntry.objects.restrict(secretary_b, "view").filter(person=person).count() == 1
    assert not PointsEntry.objects.restrict(secretary_a, "view").filter(person=person).exists()
    assert list(StatusChange.objects.filter(person__branch=company["branch_b"]).values_list("on", flat=True)) == [DAY]


def test_the_higher_committee_approves_and_rejects(company, secretary_a, committee_secretary):
    transfer = internal(secretary_a, company)
    with pytest.raises(InvalidInput):
        services.transfer_reject(actor=committee_secretary, transfer=transfer, reason="")
    rejected = services.transfer_reject(actor=committee_secretary, transfer=transfer, reason="未结清党费")
    assert (rejected.status, rejected.closed_by, rejected.note) == ("rejected", committee_secretary, "未结清党费")
    assert branch_of(company["person_a"]) == company["branch_a"].pk
    again = internal(secretary_a, company)  # a closed transfer frees the member for another
    services.transfer_approve(actor=committee_secretary, transfer=again)
    cancelled = services.transfer_cancel(actor=secretary_a, transfer=again)
    assert cancelled.status == "cancelled"


def test_one_open_transfer_per_member(company, secretary_a, office):
    internal(secretary_a, company)
    with pytest.raises(Conflict):
        internal(secretary_a, company)
    with pytest.raises(Conflict):
        services.transfer_request(
            actor=office, kind="out", person=company["person_a"], outside_org="某市委组织部", reason="调出"
        )
    # the race itself: the check passed in both, the database refuses the second (partial unique index)
    Transfer.objects.filter(person=company["person_a"]).update(status="requested")
    with pytest.raises(Exception) as refused:
        Transfer.objects.create(
            company=company["root"], kind="out", person=company["person_a"], from_org=company["branch_a"], reason="x"
        )
    assert "transfers_one_open_per_person" in str(refused.value)


def test_request_checks(company, secretary_a):
    with pytest.raises(NotPermitted):
        internal(secretary_a, company, person=company["person_b"])  # BB's member: not the secretary's branch
    applicant = PersonFactory(branch=company["branch_a"], name="申请人")
    with pytest.raises(InvalidInput):
        internal(secretary_a, company, person=applicant)  # not a party member
    with pytest.raises(InvalidInput) as refused:
        services.transfer_request(
            actor=secretary_a, kind="internal", person=company["person_a"], to_org=company["group_a"], reason="x"
        )
    assert "to_org" in refused.value.errors
    with pytest.raises(InvalidInput):
        services.transfer_request(
            actor=secretary_a, kind="internal", person=company["person_a"], to_org=company["branch_a"], reason="x"
        )
    with pytest.raises(InvalidInput) as refused:
        services.transfer_request(actor=secretary_a, kind="out", person=company["person_a"], reason="调出")
    assert "outside_org" in refused.value.errors


def test_out_of_the_system_leaves_the_roll_on_the_return_slip(company, secretary_a, office):
    person = company["person_a"]
    transfer = services.transfer_request(
        actor=secretary_a, kind="out", person=person, outside_org="中共某县委组织部", reason="随配偶调动"
    )
    services.transfer_approve(actor=office, transfer=transfer)
    services.transfer_send(actor=secretary_a, transfer=transfer, on=DAY, report_by=dt.date(2025, 6, 1))
    assert Person.objects.get(pk=person.pk).active
    assert selectors.counts(user=office)["sent"] == 1
    with pytest.raises(InvalidInput):
        services.transfer_confirm(actor=secretary_a, transfer=transfer, on=DAY - dt.timedelta(days=1))
    services.transfer_confirm(actor=secretary_a, transfer=transfer, on=dt.date(2025, 3, 20), note="回执已收")
    left = Person.objects.get(pk=person.pk)
    assert (left.active, left.branch_id) == (False, company["branch_a"].pk)
    assert Transfer.objects.get(pk=transfer.pk).note == "回执已收"


def test_in_from_outside_puts_the_member_on_the_roll(company, secretary_a, office):
    fields = {
        "kind": "in",
        "to_org": company["branch_a"],
        "outside_org": "中共某大学委员会",
        "reason": "毕业入职",
        "letter_no": "JX-2025-117",
        "name": "新来的",
        "employee_no": "E-NEW-1",
        "gender": "female",
        "party_status": "probationary",
        "status_since": dt.date(2024, 6, 1),
    }
    with pytest.raises(InvalidInput) as refused:
        services.transfer_request(actor=secretary_a, **{**fields, "letter_no": ""})
    assert "letter_no" in refused.value.errors
    transfer = services.transfer_request(actor=secretary_a, **fields)
    assert transfer.person is None and not Person.objects.filter(employee_no="E-NEW-1").exists()
    with pytest.raises(Conflict):
        services.transfer_send(actor=secretary_a, transfer=transfer)  # the letter came from outside
    services.transfer_approve(actor=office, transfer=transfer)
    confirmed = services.transfer_confirm(actor=secretary_a, transfer=transfer, on=DAY)
    person = Person.objects.get(employee_no="E-NEW-1")
    assert (person.branch, person.party_status, person.probationary_on) == (
        company["branch_a"],
        "probationary",
        dt.date(2024, 6, 1),
    )
    assert confirmed.person == person and person.status_changes.count() == 1
    with pytest.raises(InvalidInput):  # already on the roll
        services.transfer_request(actor=secretary_a, **{**fields, "letter_no": "JX-2"})


def test_a_member_who_left_comes_back_as_the_same_person(company, secretary_a, office):
    person = company["person_a"]
    out = services.transfer_request(actor=SYSTEM, kind="out", person=person, outside_org="外单位", reason="调出")
    for step in (services.transfer_approve, services.transfer_send, services.transfer_confirm):
        step(actor=SYSTEM, transfer=out)
    back = services.transfer_request(
        actor=secretary_a,
        kind="in",
        to_org=company["branch_a"],
        outside_org="外单位",
        reason="调回",
        letter_no="WD-9",
        name=person.name,
        employee_no=person.employee_no,
        gender="male",
        party_status="member",
        status_since=person.full_member_on,
    )
    assert back.person_id == person.pk
    services.transfer_approve(actor=office, transfer=back)
    services.transfer_confirm(actor=secretary_a, transfer=back)
    assert Person.objects.get(pk=person.pk).active


def test_confirm_refuses_when_the_member_moved_meanwhile(company, secretary_a, secretary_b, office):
    transfer = internal(secretary_a, company)
    services.transfer_approve(actor=office, transfer=transfer)
    services.transfer_send(actor=secretary_a, transfer=transfer)
    Person.objects.filter(pk=company["person_a"].pk).update(active=False)
    with pytest.raises(Conflict):
        services.transfer_confirm(actor=secretary_b, transfer=transfer)
    assert Transfer.objects.get(pk=transfer.pk).status == "sent"  # nothing half-done


def test_floating_members(company, secretary_a, office):
    person = company["person_a"]
    record = services.floating_create(
        actor=secretary_a,
        person=person,
        location="广东省深圳市",
        reason="外出务工",
        contact_method="wechat",
        contact="liming_wx",
        since=dt.date(2025, 1, 10),
    )
    assert record.keeping_org == company["branch_a"]
    with pytest.raises(Conflict):
        services.floating_create(
            actor=secretary_a, person=person, location="x", contact_method="phone", since=dt.date(2025, 2, 1)
        )
    with pytest.raises(NotPermitted):
        services.floating_create(
            actor=secretary_a, person=company["person_b"], location="x", contact_method="phone", since=DAY
        )
    with pytest.raises(InvalidInput):
        services.floating_update(actor=secretary_a, record=record, until=dt.date(2024, 1, 1))
    services.floating_update(actor=secretary_a, record=record, last_contact_on=dt.date(2025, 2, 1))
    ended = services.floating_end(actor=office, record=record, on=dt.date(2025, 4, 1))
    assert ended.until == dt.date(2025, 4, 1)
    with pytest.raises(Conflict):
        services.floating_end(actor=office, record=record)
    assert FloatingMember.objects.restrict(secretary_a, "view").count() == 1
    assert AuditLog.objects.filter(object_type="transfers.floatingmember").count() == 3
