"""The audit administrator sees who did what to which object, but not personal fields, not free text about a person,
and not the sender of an anonymous concern — on the page, in the export and through the filters (core/audit_masking).
Each check has a control that shows the same kind of value unmasked where it is not sensitive, so it can fail."""

import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from dangjian.org import services as org
from dangjian.service.services import request_submit, request_transition
from tests.factories import PersonFactory, account_with_role

AUDIT = reverse("core:audit")
EXPORT = reverse("core:audit_export")
PHONE = "13912345678"
NOTE = "入党积极分子培养考察期满"


@pytest.fixture
def auditor(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(account_with_role("audit_admin", None, username="auditadmin"))
    return client


def page_text(client, **filters) -> str:
    response = client.get(AUDIT, filters)
    assert response.status_code == 200
    return response.content.decode()


def export_text(client, **filters) -> str:
    response = client.get(EXPORT, filters)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return json.dumps([[str(c) for c in row] for row in sheet.iter_rows(values_only=True)], ensure_ascii=False)


@pytest.fixture
def person_changes(company, office):
    person = PersonFactory(branch=company["branch_a"], name="赵敏", party_status="non_member")
    org.person_update(actor=office, person=person, phone=PHONE, birth_date=dt.date(1990, 4, 17), job_title="电解工")
    org.person_change_status(actor=office, person=person, to_status="applicant", on=dt.date(2026, 3, 2), note=NOTE)
    return person


def test_personal_fields_of_a_person_are_masked_on_the_page_and_in_the_export(auditor, person_changes):
    for text in (page_text(auditor, object_type="org.person"), export_text(auditor, object_type="org.person")):
        assert "赵敏" in text  # which object: shown
        assert "office" in text  # who: shown
        assert "job_title" in text and "电解工" in text  # a work field: shown (the control)
        assert "phone" in text and "birth_date" in text and "party_status" in text  # that they changed: shown
        for secret in (PHONE, "1990-04-17", "applicant", "2026-03-02", NOTE):
            assert secret not in text, secret
        assert "(masked)" in text


def test_the_text_search_does_not_find_rows_by_masked_content(auditor, person_changes):
    assert "赵敏" not in page_text(auditor, text=NOTE)
    assert "赵敏" not in page_text(auditor, text=PHONE)
    # the object's name and a non-sensitive comment are still searchable (the control)
    assert "赵敏" in page_text(auditor, text="赵敏")


@pytest.fixture
def sender(company):
    person = PersonFactory(branch=company["branch_a"], name="孙员工")
    return account_with_role("employee", company["branch_a"], person=person, username="sunyg")


@pytest.fixture
def concerns(company, sender, office):
    """One anonymous and one named concern by the same sender, each taken through a step by the sender."""
    handler = PersonFactory(branch=company["branch_a"], member=True, name="周处理")
    made = {}
    for anonymous, title in ((True, "匿名诉求澡堂"), (False, "实名诉求食堂")):
        request = request_submit(
            actor=sender,
            category="welfare",
            title=title,
            description="夜班下班后澡堂没有热水，我住在三号宿舍。",
            anonymous=anonymous,
        )
        request_transition(actor=office, request=request, action="accept", handler=handler)
        request_transition(actor=office, request=request, action="resolve", comment="已更换热水器")
        request_transition(actor=sender, request=request, action="reopen", comment="还是没有热水，我是夜班的")
        made[anonymous] = request
    return made


def _rows(client, **filters):
    return list(client.get(AUDIT, filters).context["page"])


def test_the_anonymous_sender_is_masked_on_the_page(auditor, concerns, sender):
    anonymous, named = concerns[True], concerns[False]
    rows = _rows(auditor, object_type="service.servicerequest")
    on_anonymous = [r for r in rows if r.object_id == str(anonymous.pk)]
    on_named = [r for r in rows if r.object_id == str(named.pk)]
    assert len(on_anonymous) == 4 and len(on_named) == 4
    # the sender's two actions on the anonymous request show no actor, no address
    by_sender = [r for r in on_anonymous if r.action == "create" or "reopen" in json.dumps(r.after)]
    assert len(by_sender) == 2
    for row in by_sender:
        assert row.actor_name == "Anonymous submitter" and row.client_address is None and row.actor_id is None
    # the handler's actions stay attributed (who did what), and so does the named request's sender (the control)
    assert {r.actor_name for r in on_anonymous} == {"Anonymous submitter", "office"}
    assert "sunyg" in {r.actor_name for r in on_named}
    created = next(r for r in on_anonymous if r.action == "create")
    assert ("submitter_id", None, "(masked)") in created.change_list
    text = page_text(auditor, object_type="service.servicerequest")
    for secret in ("三号宿舍", "我是夜班的"):
        assert secret not in text, secret


def test_the_anonymous_sender_is_masked_in_the_export(auditor, concerns, sender):
    text = export_text(auditor, object_type="service.servicerequest")
    assert text.count("Anonymous submitter") == 2
    assert text.count("sunyg") == 2  # the named request's create and reopen (the control)
    assert "三号宿舍" not in text and "我是夜班的" not in text
    assert f"submitter_id={sender.person_id}" not in text


def test_the_actor_filter_does_not_find_the_anonymous_senders_rows(auditor, concerns, sender):
    anonymous, named = concerns[True], concerns[False]
    found = {(r.object_type, r.object_id) for r in _rows(auditor, actor="sunyg")}
    assert ("service.servicerequest", str(named.pk)) in found
    assert ("service.servicerequest", str(anonymous.pk)) not in found


def test_the_text_search_does_not_find_the_sender_by_what_they_wrote(auditor, concerns):
    assert not _rows(auditor, text="我是夜班的")
    assert not _rows(auditor, text="sunyg")
    assert not _rows(auditor, text="匿名诉求澡堂")  # the subject: not shown, not searched


def test_a_concern_shows_and_is_found_by_its_number_only(auditor, concerns):
    number = concerns[True].number
    rows = _rows(auditor, text=number)
    assert len(rows) == 4 and {r.object_repr for r in rows} == {number}
    assert "匿名诉求澡堂" not in page_text(auditor, object_type="service.servicerequest")
    assert "匿名诉求澡堂" not in export_text(auditor, object_type="service.servicerequest")


def test_masking_is_decided_once_for_every_row_type(auditor, company, office):
    """A row of an unlisted model shows everything; the list of sensitive fields is the only switch."""
    from dangjian.core import audit, audit_masking

    audit.record(actor=office, action="update", object_type="org.partyorg", before={"phone": "1"}, after={"phone": "2"})
    row = _rows(auditor, object_type="org.partyorg")[0]
    assert row.change_list == [("phone", "1", "2")]
    assert "phone" in audit_masking.SENSITIVE_FIELDS["org.person"]


def test_audit_rows_in_the_database_keep_the_full_record(concerns, sender):
    """Masking is what the auditor reads; the append-only rows themselves are unchanged."""
    row = AuditLog.objects.get(object_id=str(concerns[True].pk), action="create")
    assert row.actor_id == sender.pk and row.after["submitter_id"] == sender.person_id


def test_absence_reasons_in_a_meetings_attendance_are_masked(auditor, office):
    from dangjian.core import audit

    before = {"topic": "三会一课", "attendance": {"7": "present"}}
    after = {"topic": "三会一课（改）", "attendance": {"7": "leave:住院手术"}}
    audit.record(actor=office, action="update", object_type="meetings.meeting", before=before, after=after)
    row = _rows(auditor, object_type="meetings.meeting")[0]
    assert ("topic", "三会一课", "三会一课（改）") in row.change_list
    assert ("attendance", "(masked)", "(masked)") in row.change_list
    assert "住院手术" not in page_text(auditor, object_type="meetings.meeting")
