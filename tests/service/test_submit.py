"""Submitting: where a request goes, its deadlines, attachment checks by their first bytes, and escalation."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.service import sla
from dangjian.service.files import MAX_FILE_BYTES
from dangjian.service.models import ServiceAttachment, ServiceRequest
from dangjian.service.services import escalate_breaches, request_submit
from tests.factories import account_with_role

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60
PDF = b"%PDF-1.7\n" + b"0" * 60


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(actor, **kwargs):
    fields = {"category": "welfare", "title": "更衣室漏水", "description": "更衣室屋顶漏水。"}
    return request_submit(actor=actor, **{**fields, **kwargs})


def test_a_request_goes_to_the_branch_with_working_day_deadlines(company, logins):
    request = submit(logins["submitter"])
    today = timezone.localdate()
    calendar = sla.calendar_for(today, today + dt.timedelta(days=200))
    assert request.handling_org == company["branch_a"]
    assert (request.accept_due, request.resolve_due) == (
        sla.add_working_days(today, 3, calendar),
        sla.add_working_days(today, 15, calendar),
    )
    assert request.transitions.get().action == "submit"
    row = AuditLog.objects.get(object_type="service.servicerequest", action="create")
    assert request.token not in str(row.after)


def test_bida_goes_straight_to_the_company(company, logins):
    request = submit(logins["submitter"], destination="leaders")
    assert request.handling_org == company["root"]


def test_only_people_with_a_record_submit(company, logins):
    no_person = account_with_role("secretary", company["branch_a"], username="nobody")
    for actor in (no_person, account_with_role("system_admin", None, username="sysadm")):
        with pytest.raises(NotPermitted):
            submit(actor)
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "photo.jpg"),  # an executable named as a photo
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "pic.png"),
        (b"GIF89a" + b"\x00" * 10, "x.gif"),
        (b"", "empty.pdf"),
    ],
)
def test_files_are_checked_by_their_bytes_not_their_name(logins, content, name):
    with pytest.raises(InvalidInput) as raised:
        submit(logins["submitter"], attachments=[upload("ok.jpg", JPEG), upload(name, content)])
    assert "attachments" in raised.value.errors
    assert "2" in raised.value.message and name not in raised.value.message
    assert not ServiceRequest.objects.exists() and not ServiceAttachment.objects.exists()


def test_too_big_or_too_many_files_are_refused(logins):
    with pytest.raises(InvalidInput):
        submit(logins["submitter"], attachments=[upload("big.jpg", JPEG + b"\x00" * MAX_FILE_BYTES)])
    with pytest.raises(InvalidInput):
        submit(logins["submitter"], attachments=[upload(f"{n}.png", PNG) for n in range(6)])
    assert not ServiceRequest.objects.exists()


def test_good_files_are_stored_with_generic_names(logins, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("zh-hans"):  # the generic names are in the site's language, whatever ran before
        request = submit(
            logins["submitter"],
            anonymous=True,
            attachments=[upload("孙员工的照片.jpg", JPEG), upload("诊断书.pdf", PDF, "application/pdf")],
        )
    rows = list(request.attachments.all())
    assert [(a.name, a.content_type) for a in rows] == [("附件1.jpg", "image/jpeg"), ("附件2.pdf", "application/pdf")]
    assert all("孙" not in a.file.name and "诊断" not in a.file.name for a in rows)


def test_breaches_escalate_once_to_the_superior_org(company, make_request):
    today = timezone.localdate()
    late_accept = make_request(accept_due=today - dt.timedelta(days=1))
    late_resolve = make_request(state="coordinating", resolve_due=today - dt.timedelta(days=1))
    on_time = make_request(state="coordinating")
    answered_late = make_request(state="resolved", resolve_due=today - dt.timedelta(days=5))
    company_level = make_request(org=company["root"], accept_due=today - dt.timedelta(days=2))
    assert escalate_breaches(actor=SYSTEM, today=today) == 3
    for request in (late_accept, late_resolve, on_time, answered_late, company_level):
        request.refresh_from_db()
    assert late_accept.escalated_to == company["root"] and late_accept.escalated_on == today
    assert late_resolve.escalated_to == company["root"]
    assert company_level.escalated_to == company["root"]  # nothing above the company: flagged where it is
    assert on_time.escalated_to is None and answered_late.escalated_to is None
    assert late_accept.transitions.get().action == "escalate"
    assert escalate_breaches(actor=SYSTEM, today=today) == 0  # once


def test_every_breach_escalates_however_many_in_batches(company, make_request, monkeypatch):
    """No cap: a backlog larger than a batch clears in one run (the old service stopped at 500 a day)."""
    from dangjian.core.models import AuditLog
    from dangjian.service import services

    monkeypatch.setattr(services, "ESCALATION_BATCH", 2)
    today = timezone.localdate()
    late = [make_request(accept_due=today - dt.timedelta(days=1)) for _ in range(5)]
    assert escalate_breaches(actor=SYSTEM, today=today) == 5
    assert all(r.escalated_to == company["root"] for r in (type(late[0]).objects.filter(pk__in=[r.pk for r in late])))
    assert (
        AuditLog.objects.filter(
            object_type="service.servicerequest", object_id__in=[str(r.pk) for r in late], after__has_key="escalated_to"
        ).count()
        == 5
    )


def test_only_the_system_escalates(logins):
    with pytest.raises(NotPermitted):
        escalate_breaches(actor=logins["office"])


def test_the_daily_task_escalates(company, make_request):
    from dangjian.service.tasks import escalate_requests

    late = make_request(accept_due=dt.date(2026, 1, 5))
    escalate_requests("2026-01-07")
    late.refresh_from_db()
    assert (late.escalated_to, late.escalated_on) == (company["root"], dt.date(2026, 1, 7))


def test_notices_follow_the_request_and_never_name_the_sender(company, logins, people):
    from dangjian.core.models import Notification
    from dangjian.service.services import request_transition

    request = submit(logins["submitter"], anonymous=True)
    # arrives: the branch secretary and 党群工作部 above are told, nobody else
    arrived = set(Notification.objects.values_list("recipient__username", flat=True))
    assert arrived == {"s_office", "s_sec_a"}
    assert {n.kind for n in Notification.objects.all()} == {"service.submitted"}
    request_transition(actor=logins["sec_a"], request=request, action="accept", handler=people["handler"])
    assert Notification.objects.filter(recipient=logins["handler"], kind="service.accepted").count() == 1
    request_transition(actor=logins["handler"], request=request, action="resolve", comment="已修好")
    assert Notification.objects.filter(recipient=logins["submitter"], kind="service.resolved").count() == 1
    assert all(n.about == request for n in Notification.objects.all())
    texts = [f"{s} {t}" for s, t in Notification.objects.values_list("subject", "text")]
    assert all(request.number in t and people["submitter"].name not in t for t in texts)
    assert all(people["submitter"].employee_no not in t for t in texts)


def test_photos_are_stored_without_their_exif(logins, settings, tmp_path):
    """Camera, time and GPS position in a photo's EXIF could identify an anonymous sender: they are not stored."""
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x010F] = "孙员工的手机"  # Make
    exif[0x0132] = "2026:12:01 08:00:00"  # DateTime
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()  # the upload carries EXIF
    request = submit(logins["submitter"], anonymous=True, attachments=[upload("IMG_0001.jpg", buffer.getvalue())])
    stored = request.attachments.get()
    with stored.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.size == (40, 30) and not image.getexif()
    assert "孙员工".encode() not in data and stored.size == len(data)
