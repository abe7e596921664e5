"""No message carries an anonymous sender or a confidential matter outside the app: an employee's concern sent
anonymously reaches its branch's secretary and 党群工作部 on WeCom, DingTalk, SMS and e-mail with the generic line and
the link only — the fakes receive neither the sender's name nor the concern's subject."""

import json

import pytest
from django.core import mail

from dangjian.channels import confidential
from dangjian.channels.models import Delivery
from dangjian.core.models import Notification
from dangjian.service.services import request_submit
from tests.channels.conftest import SITE
from tests.channels.helpers import reached
from tests.factories import PersonFactory, account_with_role

pytestmark = pytest.mark.django_db
GENERIC_SUBJECT, GENERIC_TEXT = "您有一条新通知", "请登录后查看。"


def everything_received(vendors) -> str:
    return json.dumps([r for fake in vars(vendors).values() for r in fake.received], ensure_ascii=False, default=str)


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_concern_reaches_the_managers_without_its_sender_or_subject(
    company, vendors, anonymous, django_capture_on_commit_callbacks
):
    sender = PersonFactory(branch=company["branch_a"], name="孙员工")
    submitter = account_with_role("employee", company["branch_a"], person=sender, username="sun")
    secretary = reached(
        "secretary", company["branch_a"], username="sec", email="sec@example.com", wecom="lisi", sms="13800138000"
    )
    reached("party_office", company["root"], username="office", dingtalk="wangfang")
    with django_capture_on_commit_callbacks(execute=True):
        request = request_submit(
            actor=submitter,
            category="welfare",
            title="孙员工反映夜班食堂没有热饭",
            description="我是孙员工，夜班食堂没有热饭。",
            anonymous=anonymous,
        )
    link = f"{SITE}{Notification.objects.get(recipient=secretary).link}"
    assert {(d.recipient.username, d.channel, d.state) for d in Delivery.objects.select_related("recipient")} == {
        ("sec", "email", "sent"),
        ("sec", "wecom", "sent"),
        ("sec", "sms", "sent"),
        ("office", "dingtalk", "sent"),
    }
    (wecom,) = vendors.wecom.sent()
    assert wecom["payload"]["textcard"] == {
        "title": GENERIC_SUBJECT,
        "description": GENERIC_TEXT,
        "url": link,
        "btntxt": "详情",
    }
    (ding,) = vendors.dingtalk.sent()
    assert ding["payload"]["msg"]["action_card"]["title"] == GENERIC_SUBJECT
    assert ding["payload"]["msg"]["action_card"]["markdown"] == f"### {GENERIC_SUBJECT}\n\n{GENERIC_TEXT}"
    (sms,) = vendors.aliyun.sent()
    assert sms["template"] == {"link": link}
    assert [(m.subject, m.body) for m in mail.outbox] == [(GENERIC_SUBJECT, f"{GENERIC_TEXT}\n{link}")]
    received = everything_received(vendors) + "".join(m.subject + m.body for m in mail.outbox)
    for secret in ("孙员工", "夜班食堂", request.number, sender.employee_no):
        assert secret not in received
    # the notification itself, in the app, still names the request (its recipient's role may read it there)
    assert request.number in Notification.objects.get(recipient=secretary).subject


def test_the_rule_in_one_place():
    class N:
        def __init__(self, kind, content_type_id=None):
            self.kind, self.content_type_id = kind, content_type_id

    assert confidential.is_confidential(N("service.submitted")) is True
    assert confidential.is_confidential(N("recruitment.due")) is True
    assert confidential.is_confidential(N("dues.arrears")) is True
    assert confidential.is_confidential(N("transfers.approved")) is True
    assert confidential.is_confidential(N("meetings.due")) is False
    assert confidential.is_confidential(N("reviews.due")) is False
    from django.contrib.contenttypes.models import ContentType

    from dangjian.org.models import Person

    about_a_person = ContentType.objects.get_for_model(Person).pk
    assert confidential.is_confidential(N("points.awarded", about_a_person)) is True


def test_sms_carries_only_the_link_even_for_an_ordinary_notification(
    company, vendors, django_capture_on_commit_callbacks
):
    from tests.channels.helpers import send

    user = reached("member", company["branch_a"], username="m", sms="13800138000")
    send(django_capture_on_commit_callbacks, [user], subject="会议提醒", text="请于周五召开支委会。")
    (sms,) = vendors.aliyun.sent()
    assert sms["template"] == {"link": f"{SITE}/meetings/7/"}
    assert "会议" not in json.dumps(sms["params"], ensure_ascii=False).replace("党建平台", "")
