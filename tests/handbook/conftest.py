"""The handbook's world, built once per module (tests/matrix/runner.module_world) and rolled back at its end: company
A (build_company) with the standard procedures, a 党员大会 of BA with attendance, minutes and one open action, a 换届
due in BA, and this year's lists (BA's secretary's, 李明's); company B (中州) with its own procedure, meeting and list.

Wording is asserted in English: every test here runs with English active."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from dangjian.core.services import SYSTEM
from dangjian.handbook import services
from dangjian.meetings import services as meetings
from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role, build_company
from tests.matrix.runner import module_world

START = dt.date(2024, 1, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def hold(org, meeting_type, held_on, present, **fields):
    marks = [meetings.Mark(p, "present") for p in present]
    return meetings.meeting_record(
        actor=SYSTEM, org=org, meeting_type=meeting_type, held_on=held_on, attendance=marks, **fields
    )


def build(tmp_path) -> dict:
    today = timezone.localdate()
    w = build_company()
    root, ba = w["root"], w["branch_a"]
    secretary = PersonFactory(branch=ba, member=True, name="张书记")
    others = [PersonFactory(branch=ba, member=True) for _ in range(3)]
    w["secretary_person"] = secretary
    w["users"] = {
        "office": account_with_role("party_office", root, username="hb_office"),
        "secretary": account_with_role("secretary", ba, person=secretary, username="hb_sec"),
        "member": account_with_role("member", ba, person=w["person_a"], username="hb_member"),
        "other_member": account_with_role("member", ba, person=others[0], username="hb_member2"),
        "secretary_b": account_with_role("secretary", w["branch_b"], username="hb_sec_b"),
    }
    services.standard_load(actor=SYSTEM, company=root, effective_from=START)
    w["assembly"] = hold(
        ba,
        "general_assembly",
        dt.date(today.year, 1, 20),
        [w["person_a"], secretary, *others],
        topic="讨论接收预备党员",
        agenda="1. 学习 2. 表决",
        minutes="<p>会议记录</p>",
        host=secretary,
        recorder=others[0],
        follow_ups=[meetings.ActionIn("整改落实", w["person_a"], dt.date(today.year, 2, 1))],
    )
    w["lecture"] = hold(
        ba, "lecture", dt.date(today.year, 1, 24), [w["person_a"], secretary], topic="书记讲党课", lecturer=secretary
    )
    PartyOrg.objects.update(term_end=today.replace(year=today.year + 2))  # no other 换届 due
    PartyOrg.objects.filter(pk=ba.pk).update(term_start=today.replace(year=today.year - 3), term_end=today)
    ba.refresh_from_db()
    year = today.year
    w["sec_list"] = services.duty_list_save(
        actor=SYSTEM, org=ba, kind="secretary", holder=secretary, year=year, title="书记抓党建责任清单"
    )
    w["lectures_item"] = services.duty_item_save(
        actor=SYSTEM, duty_list=w["sec_list"], text="每年至少讲一次党课", proof="lectures_given", target=1
    )
    w["hosted_item"] = services.duty_item_save(
        actor=SYSTEM, duty_list=w["sec_list"], text="主持召开会议", proof="meetings_hosted", target=6
    )
    w["member_list"] = services.duty_list_save(
        actor=SYSTEM, org=ba, kind="member", holder=w["person_a"], year=year, title="李明党员履责清单"
    )
    w["attend_item"] = services.duty_item_save(
        actor=SYSTEM, duty_list=w["member_list"], text="按时参加组织生活", proof="meetings_attended", target=2
    )
    w["zone_item"] = services.duty_item_save(actor=SYSTEM, duty_list=w["member_list"], text="责任区履职")
    # company B
    zroot = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    zb = PartyOrgFactory(code="ZB", name="中州电解党支部", parent=zroot)
    zperson = PersonFactory(branch=zb, member=True, name="中州王五", employee_no="Z-E-1")
    w["users"]["office_b"] = account_with_role("party_office", zroot, username="hb_office_b")
    w["b_procedures"] = services.standard_load(actor=SYSTEM, company=zroot, effective_from=START)
    w["b_meeting"] = hold(zb, "themed_day", dt.date(today.year, 1, 10), [zperson], topic="中州主题党日")
    w["b_list"] = services.duty_list_save(
        actor=SYSTEM, org=zb, kind="member", holder=zperson, year=year, title="中州王五清单"
    )
    w["b_item"] = services.duty_item_save(actor=SYSTEM, duty_list=w["b_list"], text="中州事项")
    w.update(zroot=zroot, zb=zb, zperson=zperson, today=today)
    return w


world = module_world(build)
