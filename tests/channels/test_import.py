"""The address import (core/imports) by employee number, as the system administrator: checked (an unknown number, a
wrong mobile, a channel named twice), previewed, then written through the service (audited); nobody else may use it."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.channels.models import ChannelAddress
from dangjian.core.models import AuditLog
from tests.core.imports_support import (  # noqa: F401 - private_media is a fixture
    confirm,
    last_job,
    messages_of,
    private_media,
    upload,
    xlsx_bytes,
)
from tests.factories import account_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
HEADER = ["工号", "渠道", "地址"]


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def accounts(company):
    liming = account_with_role("member", company["branch_a"], person=company["person_a"], username="liming")
    wangfang = account_with_role("member", company["branch_b"], person=company["person_b"], username="wangfang")
    ChannelAddress.objects.create(account=wangfang, channel="sms", address="13900000000")
    return {"liming": liming, "wangfang": wangfang, "sysadmin": account_with_role("system_admin", None, username="sys")}


def test_the_system_administrator_imports_addresses(company, accounts, django_capture_on_commit_callbacks):
    client = client_for(accounts["sysadmin"])
    a, b = company["person_a"].employee_no, company["person_b"].employee_no
    good = [HEADER, [a, "企业微信", "liming"], [a, "短信", "13800138000"], [b, "短信", ""]]
    response = upload(
        client, "channel-addresses", "addresses.xlsx", xlsx_bytes(good), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job = last_job()
    assert job.status == "ready" and messages_of(job) == []
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "done"
    assert sorted(ChannelAddress.objects.values_list("account__username", "channel", "address")) == [
        ("liming", "sms", "13800138000"),
        ("liming", "wecom", "liming"),
    ]
    assert AuditLog.objects.filter(object_type="channels.channeladdress", actor=accounts["sysadmin"]).count() == 3


def test_wrong_rows_are_named_and_nothing_is_written(company, accounts, django_capture_on_commit_callbacks):
    client = client_for(accounts["sysadmin"])
    a = company["person_a"].employee_no
    rows = [
        HEADER,
        ["NOSUCH", "短信", "13800138000"],
        [a, "短信", "12345"],
        [a, "微博", "x"],
        [a, "企业微信", "li"],
        [a, "企业微信", "li2"],
    ]
    upload(client, "channel-addresses", "addresses.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == "invalid"
    problems = messages_of(job)
    assert len(problems) == 4
    assert problems[0].startswith("第 2 行") and "NOSUCH" in problems[0]
    assert problems[1].startswith("第 3 行") and "12345" in problems[1]
    assert problems[2].startswith("第 4 行") and "微博" in problems[2]
    assert problems[3].startswith("第 6 行") and "第 5 行" in problems[3]
    assert ChannelAddress.objects.filter(account=accounts["liming"]).count() == 0


def test_only_the_system_administrator_may_import_addresses(company, accounts):
    office = account_with_role("party_office", company["root"], username="office")
    assert client_for(office).get(reverse("core:import_new", args=["channel-addresses"])).status_code == 403
    assert (
        client_for(accounts["sysadmin"]).get(reverse("core:import_new", args=["channel-addresses"])).status_code == 200
    )
    assert client_for(accounts["sysadmin"]).get(reverse("core:import_new", args=["people"])).status_code == 403
