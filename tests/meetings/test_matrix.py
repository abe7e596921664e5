"""Runs the meetings permission matrix (matrix.py): every route × every role × a target in and out of scope, refused
writes change nothing, and lists do not leak branch BB's meetings."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.meetings import services
from dangjian.meetings.models import ComplianceReminder, FollowUp, Meeting, MeetingAttachment
from dangjian.org.models import PartyOrg
from tests.factories import PersonFactory, account_with_role
from tests.meetings.matrix import ROUTES
from tests.test_permission_matrix import BUSINESS, HOME_ORG, ROLES, org_visible
from tests.test_permission_matrix import SYSTEM as SYSTEM_ROLES

ORGS = ("BA", "GA", "BB")


@pytest.fixture
def world(company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person_e = PersonFactory(branch=company["branch_a"], name="赵工", employee_no="E-EMP")
    users = {}
    for role in BUSINESS:
        org = PartyOrg.objects.get(code=HOME_ORG[role])
        person = {"member": company["person_a"], "employee": person_e}.get(role)
        users[role] = account_with_role(role, org, person=person, username=f"m_{role}")
    for role in SYSTEM_ROLES:
        users[role] = account_with_role(role, None, username=f"m_{role}")
    orgs = {code: PartyOrg.objects.get(code=code) for code in ORGS}
    meetings = {}
    for code, org in orgs.items():
        kind = "group" if code == "GA" else "themed_day"
        owner = company["person_b"] if code == "BB" else company["person_a"]
        meetings[code] = services.meeting_record(
            actor=SYSTEM,
            org=org,
            meeting_type=kind,
            held_on=dt.date(2024, 3, 5),
            topic="发电支部秘密议题" if code == "BB" else "学习",
            follow_ups=[services.ActionIn("整改", owner, dt.date(2024, 4, 1))],
        )
        services.attachment_add(actor=SYSTEM, meeting=meetings[code], upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    reminder = ComplianceReminder.objects.create(
        user=users["party_office"], org=orgs["BA"], meeting_type="themed_day", period="2024-03", text="t", link="/"
    )
    return {"users": users, "orgs": orgs, "meetings": meetings, "reminder": reminder}


def url_for(name, kind, target, world):
    if kind is None:
        return reverse(name)
    meeting = world["meetings"].get(target)
    if kind == "meeting":
        return reverse(name, kwargs={"pk": meeting.pk})
    if kind == "meeting-id":
        return reverse(name, kwargs={"meeting_id": meeting.pk})
    if kind == "attachment":
        return reverse(name, kwargs={"pk": meeting.pk, "attachment_pk": meeting.attachments.get().pk})
    if kind == "action":
        return reverse(name, kwargs={"pk": meeting.pk, "action_pk": meeting.follow_ups.get().pk})
    if kind == "org":
        return reverse(name, kwargs={"pk": world["orgs"][target].pk})
    if kind == "org-code":
        return reverse(name, kwargs={"code": target}) if name != "api:meeting_create" else reverse(name)
    if kind == "reminder":
        return reverse(name, kwargs={"pk": world["reminder"].pk})
    raise AssertionError(kind)


def targets_for(role, kind):
    if kind is None or kind == "reminder":
        return ["-"]
    inside = "GA" if role == "group_leader" else "BA"
    return [inside, "BB"]


CELLS = [
    (name, role, target)
    for name, (kind, _rule, _method) in ROUTES.items()
    for role in ROLES
    for target in targets_for(role, kind)
]


def counts():
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        Meeting.objects.count(),
        MeetingAttachment.objects.count(),
        FollowUp.objects.filter(done_on__isnull=False).count(),
        ComplianceReminder.objects.filter(read_at__isnull=False).count(),
    )


@pytest.mark.parametrize(("name", "role", "target"), CELLS, ids=["|".join(c) for c in CELLS])
def test_matrix_cell(world, name, role, target):
    kind, rule, method = ROUTES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = url_for(name, kind, target, world)
    before = counts()
    if name == "api:meeting_create":
        body = {"org": target, "meeting_type": "group" if target == "GA" else "themed_day", "held_on": "2024-05-05"}
        response = client.post(url, body | {"topic": "矩阵"}, content_type="application/json")
    elif name == "meetings:attachment_add":
        response = client.post(url, {"file": SimpleUploadedFile("b.pdf", b"%PDF")})
    elif name == "meetings:follow_up_done":
        response = client.post(url, {"done_on": "2024-03-20"})
    elif method == "POST":
        response = client.post(url, {})
    else:
        response = client.get(url, {"year": 2024} if "compliance" in name else {})
    is_api = name.startswith("api:")
    if role == "anonymous":
        assert response.status_code == (401 if is_api else 302), f"{name} as anonymous: {response.status_code}"
        return
    if rule(role, target):
        ok = {200} if method == "GET" else {200, 201, 302}
        assert response.status_code in ok, f"{name} should be allowed for {role} on {target}: {response.status_code}"
    else:
        refused = {400, 403, 404} if name == "api:meeting_create" else {403, 404}
        assert response.status_code in refused, f"{name} must be refused for {role} on {target}: {response.status_code}"
        assert counts() == before, f"a refused {name} by {role} changed data"


LEAK = ["meetings:list", "meetings:matrix", "api:meeting_list"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize("name", LEAK)
def test_lists_do_not_leak(world, role, name):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world["users"][role])
    response = client.get(reverse(name), {"year": 2024})
    body = response.content.decode()
    if name.startswith("api:"):
        body = " ".join(f"{m['org']} {m['topic']}" for m in response.json()["items"]).replace("BB", "发电党支部")
    if not org_visible(role, "BB") or role not in {"party_office", "leader"}:
        assert "发电支部秘密议题" not in body and "发电党支部" not in body, f"{name} leaks BB to {role}"
    else:
        assert "发电" in body
