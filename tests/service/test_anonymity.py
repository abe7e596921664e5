"""Anonymity: no page, export or API response shows the sender of an anonymous request to anyone who handles or
oversees it — asserted on the rendered bytes — while the sender still sees and follows it. A named request is the
control: the same pages do show its sender, so the checks can fail."""

import json
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.service.models import State
from dangjian.service.services import request_submit, request_transition

WATCHERS = ["office", "sec_a", "leader", "committee", "handler"]


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _through_every_step(logins, people, *, anonymous: bool, title: str):
    """Sent, accepted, resolved, reopened, resolved again, rated by the sender, closed — and public on the board."""
    request = request_submit(
        actor=logins["submitter"],
        category="welfare",
        title=title,
        description="夜班食堂没有热饭。",
        anonymous=anonymous,
        public=True,
    )
    steps = [
        ("sec_a", "accept", {"handler": people["handler"]}),
        ("handler", "resolve", {"comment": "延长食堂供餐时间"}),
        ("submitter", "reopen", {"comment": "还是没有"}),
        ("handler", "resolve", {"comment": "增设夜班窗口"}),
        ("submitter", "rate", {"rating": 5}),
    ]
    for login, action, kwargs in steps:
        request_transition(actor=logins[login], request=request, action=action, **kwargs)
    return request


def _bytes_seen(client, request) -> list[bytes]:
    """Everything the client can read about requests: pages, the export's cells, the API."""
    seen = []
    for name, args in [
        ("service:detail", [request.pk]),
        ("service:queue", []),
        ("service:mine", []),
        ("service:board", []),
        ("service:dashboard", []),
        ("home", []),
    ]:
        response = client.get(reverse(name, args=args), {"state": ""} if name == "service:queue" else {})
        if response.status_code == 200:
            seen.append(response.content)
    response = client.get(reverse("service:export"))
    if response.status_code == 200:
        sheet = load_workbook(BytesIO(response.content)).active
        seen.append(repr(list(sheet.iter_rows(values_only=True))).encode())
    for url in (
        reverse("api:service_request_list") + "?scope=all",
        reverse("api:service_request_list") + "?scope=queue&state=feedback",
        reverse("api:service_request_detail", args=[request.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 404)
        # JSON escapes Chinese as \\uXXXX: compare the characters, not the escapes
        seen.append(json.dumps(response.json(), ensure_ascii=False).encode())
    return seen


def _identifies(blob: bytes, people, logins) -> bool:
    text = blob.decode("utf-8", errors="replace")
    person = people["submitter"]
    return any(marker in text for marker in (person.name, person.employee_no, logins["submitter"].username))


@pytest.mark.parametrize("watcher", WATCHERS)
def test_no_page_export_or_api_names_an_anonymous_sender(logins, people, watcher):
    request = _through_every_step(logins, people, anonymous=True, title="匿名反映食堂")
    client = client_for(logins[watcher])
    seen = _bytes_seen(client, request)
    assert any("匿名反映食堂".encode() in blob for blob in seen), "the watcher does see the request itself"
    leaks = [blob[:200] for blob in seen if _identifies(blob, people, logins)]
    assert leaks == [], f"{watcher} sees who sent an anonymous request"


@pytest.mark.parametrize("watcher", ["office", "sec_a", "handler"])
def test_a_named_request_does_show_its_sender(logins, people, watcher):
    request = _through_every_step(logins, people, anonymous=False, title="实名反映食堂")
    client = client_for(logins[watcher])
    detail = client.get(reverse("service:detail", args=[request.pk])).content
    assert _identifies(detail, people, logins)
    api = client.get(reverse("api:service_request_detail", args=[request.pk])).json()
    assert api["submitter"] == people["submitter"].name


def test_the_sender_still_follows_an_anonymous_request(logins, people):
    request = _through_every_step(logins, people, anonymous=True, title="匿名反映食堂")
    client = client_for(logins["submitter"])
    mine = client.get(reverse("service:mine")).content.decode()
    assert "匿名反映食堂" in mine
    page = client.get(reverse("service:detail", args=[request.pk])).content.decode()
    assert request.token in page and people["submitter"].name in page
    assert client.get(reverse("service:track", args=[request.token])).status_code == 200
    request.refresh_from_db()
    assert request.state == State.FEEDBACK


def test_the_private_link_names_nobody_to_someone_else(logins, people):
    request = _through_every_step(logins, people, anonymous=True, title="匿名反映食堂")
    page = client_for(logins["other"]).get(reverse("service:track", args=[request.token])).content
    assert b"\xe5\x8c\xbf" in page or "匿名反映食堂".encode() in page
    assert not _identifies(page, people, logins)


@pytest.mark.parametrize("watcher", ["office", "sec_a"])
def test_the_accept_form_of_an_anonymous_request_names_nobody(logins, people, watcher):
    """The handler list of a named branch request holds the branch's people; an anonymous one's does not (the
    sender would be among them on the page)."""
    request = request_submit(
        actor=logins["submitter"], category="safety", title="匿名待受理", description="d", anonymous=True
    )
    page = client_for(logins[watcher]).get(reverse("service:detail", args=[request.pk])).content
    assert b'data-testid="step-accept"' in page
    assert not _identifies(page, people, logins)
    named = request_submit(actor=logins["submitter"], category="safety", title="实名待受理", description="d")
    page = client_for(logins[watcher]).get(reverse("service:detail", args=[named.pk])).content
    assert _identifies(page, people, logins)
