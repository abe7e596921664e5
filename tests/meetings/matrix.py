"""The permission matrix of organisational life: every meetings page and API route × every role, with a meeting (or
org) in the role's scope and one out of it, and its world. Meetings are seen where the role holds the meeting grant
(see dangjian/meetings/grants.py); the policy is restated here on its own terms: without the grant anywhere 403, a
meeting of an org outside the role's subtree 404, a visible one without the right 403."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.meetings.models import FollowUp, Meeting, MeetingAttachment
from tests.matrix.footprint import AUDIT, count, snapshot
from tests.matrix.policy import anyone, only, org_visible, roles_in, scoped

VIEWERS = {"party_office", "secretary", "group_leader", "committee_member", "leader", "member"}
WRITERS = {"party_office", "secretary", "group_leader"}
ORGS = ("BA", "GA", "BB")


def sees(role, target):
    return role in VIEWERS and org_visible(role, target)


meeting_view = scoped(sees)
meeting_change = scoped(sees, roles_in(*WRITERS))
# only 党群工作部 deletes a meeting record
meeting_delete = scoped(sees, roles_in("party_office"))


def meeting_create(role, target):
    """The org is named in the body: an org the role cannot see is an invalid body (400), one it sees without the
    right is 403."""
    if not org_visible(role, target):
        return 400
    return role in WRITERS


# name: (kind, rule, method); kinds: None, "meeting" (pk), "meeting-id" (API), "attachment", "action", "org" (pk),
# "org-code".
ROUTES = {
    "meetings:list": (None, only(*VIEWERS), "GET"),
    "meetings:create": (None, only(*WRITERS), "GET"),
    "meetings:matrix": (None, only(*VIEWERS), "GET"),
    "meetings:rules": (None, only(*VIEWERS), "GET"),
    "meetings:detail": ("meeting", meeting_view, "GET"),
    "meetings:edit": ("meeting", meeting_change, "GET"),
    "meetings:pdf": ("meeting", meeting_view, "GET"),
    "meetings:delete": ("meeting", meeting_delete, "POST"),
    "meetings:attachment_add": ("meeting", meeting_change, "POST"),
    "meetings:attachment": ("attachment", meeting_view, "GET"),
    "meetings:follow_up_done": ("action", meeting_change, "POST"),
    "meetings:calendar": ("org", meeting_view, "GET"),
    "api:org_compliance": ("org-code", meeting_view, "GET"),
    # API lists answer every authenticated caller, with only the rows in scope (none without the grant)
    "api:meeting_list": (None, anyone, "GET"),
    "api:meeting_detail": ("meeting-id", meeting_view, "GET"),
    "api:meeting_create": ("org-code", meeting_create, "POST"),
}


def build(tmp_path):
    from django.test import override_settings

    from dangjian.core.services import SYSTEM
    from dangjian.meetings import services
    from dangjian.org.models import PartyOrg
    from tests.factories import build_company
    from tests.matrix.runner import logins

    company = build_company()
    users, _person_e = logins(company)
    orgs = {code: PartyOrg.objects.get(code=code) for code in ORGS}
    meetings = {}
    with override_settings(MEDIA_ROOT=tmp_path):
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
    return {**company, "users": users, "orgs": orgs, "meetings": meetings, "media": tmp_path}


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
    raise AssertionError(kind)


def targets(role, kind):
    if kind is None:
        return ["-"]
    inside = "GA" if role == "group_leader" else "BA"
    return [inside, "BB"]


def send(client, name, url, method, target, world):
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=world["media"]):
        if name == "api:meeting_create":
            body = {"org": target, "meeting_type": "group" if target == "GA" else "themed_day", "held_on": "2024-05-05"}
            return client.post(url, body | {"topic": "矩阵"}, content_type="application/json")
        if name == "meetings:attachment_add":
            return client.post(url, {"file": SimpleUploadedFile("b.pdf", b"%PDF")})
        if name == "meetings:follow_up_done":
            return client.post(url, {"done_on": "2024-03-20"})
        if method == "POST":
            return client.post(url, {})
        return client.get(url, {"year": 2024} if "compliance" in name else {})


def state(world):
    return snapshot(
        AUDIT,
        count(Meeting),
        count(MeetingAttachment),
        count(FollowUp, where="done_on IS NOT NULL"),
    )
