"""The channel pages and API: the delivery log (党群工作部 sees its company's rows, another company's are 404, a
member is refused; filters; a bounded number of queries), one's own preferences (page and API, audited), the
system administrator's address pages and API (checked before saved; 403 to others)."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.channels.models import ChannelAddress, ChannelPreference, Delivery
from dangjian.core.models import AuditLog, Notification
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def delivery(user, *, channel="wecom", state="sent", kind="meetings.due"):
    notification = Notification.objects.create(recipient=user, kind=kind, subject="会议提醒", text="t", link="/m/")
    org = user.person.branch if user.person_id else None
    return Delivery.objects.create(notification=notification, channel=channel, recipient=user, org=org, state=state)


@pytest.fixture
def log(company):
    """Deliveries to people of company A (branches BA and BB) and of company B; the readers."""
    other_root = PartyOrgFactory(code="R2", name="另一公司党委", kind="committee")
    other_branch = PartyOrgFactory(code="R2B", name="另一支部", parent=other_root)
    a1 = account_with_role("member", company["branch_a"], person=company["person_a"], username="a1")
    a2 = account_with_role("member", company["branch_b"], person=company["person_b"], username="a2")
    b1 = account_with_role("member", other_branch, person=PersonFactory(branch=other_branch), username="b1")
    return {
        "a_sent": delivery(a1),
        "a_failed": delivery(a2, channel="sms", state="failed"),
        "a_email": delivery(a1, channel="email", state="pending"),
        "b_sent": delivery(b1),
        "office": account_with_role("party_office", company["root"], username="office"),
        "office_b": account_with_role("party_office", other_root, username="office_b"),
        "member": a1,
        "sysadmin": account_with_role("system_admin", None, username="sys"),
    }


def test_the_office_reads_its_companys_log_and_not_anothers(log):
    client = client_for(log["office"])
    response = client.get(reverse("channels:deliveries"))
    assert response.status_code == 200
    shown = [d.pk for d in response.context["page"].object_list]
    assert shown == [log["a_email"].pk, log["a_failed"].pk, log["a_sent"].pk]
    assert client.get(reverse("channels:delivery", args=[log["a_failed"].pk])).status_code == 200
    assert client.get(reverse("channels:delivery", args=[log["b_sent"].pk])).status_code == 404
    other = client_for(log["office_b"])
    assert [d.pk for d in other.get(reverse("channels:deliveries")).context["page"].object_list] == [log["b_sent"].pk]
    assert other.get(reverse("channels:delivery", args=[log["a_sent"].pk])).status_code == 404


def test_the_log_filters_by_channel_and_state(log):
    client = client_for(log["office"])
    response = client.get(reverse("channels:deliveries"), {"channel": "sms", "state": "failed"})
    assert [d.pk for d in response.context["page"].object_list] == [log["a_failed"].pk]
    response = client.get(reverse("channels:deliveries"), {"state": "pending"})
    assert [d.pk for d in response.context["page"].object_list] == [log["a_email"].pk]


def test_the_system_administrator_reads_every_row_and_a_member_none(log):
    response = client_for(log["sysadmin"]).get(reverse("channels:deliveries"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 4
    member = client_for(log["member"])
    assert member.get(reverse("channels:deliveries")).status_code == 403
    assert member.get(reverse("channels:delivery", args=[log["a_sent"].pk])).status_code == 404


@pytest.mark.parametrize("extra", [0, 20])
def test_the_log_page_reads_a_bounded_number_of_queries(log, extra, django_assert_max_num_queries):
    for _ in range(extra):
        delivery(log["member"])
    client = client_for(log["office"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("channels:deliveries"))
    assert len(response.context["page"].object_list) == 3 + extra


def test_the_log_in_the_api(log):
    office = client_for(log["office"])
    response = office.get(reverse("api:channel_delivery_list"), {"channel": "sms"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    (row,) = response.json()["items"]
    assert row == {
        "id": log["a_failed"].pk,
        "notification": log["a_failed"].notification_id,
        "kind": "meetings.due",
        "recipient": "a2",
        "channel": "sms",
        "mode": "immediate",
        "state": "failed",
        "attempts": 0,
        "next_try_at": None,
        "last_error": "",
        "created_at": row["created_at"],
        "sent_at": None,
    }
    assert office.get(reverse("api:channel_delivery", args=[log["b_sent"].pk])).status_code == 404
    assert office.get(reverse("api:channel_delivery", args=[log["a_sent"].pk])).json()["recipient"] == "a1"
    assert client_for(log["member"]).get(reverse("api:channel_delivery_list")).json() == {"count": 0, "items": []}
    assert office.get(reverse("api:channel_delivery_list"), {"state": "lost"}).status_code == 400


def test_preferences_page_shows_my_channels_and_saves_them_audited(company, django_assert_max_num_queries):
    user = account_with_role("member", company["branch_a"], person=company["person_a"], username="me", email="m@x.cn")
    ChannelAddress.objects.create(account=user, channel="sms", address="13800138000")
    client = client_for(user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("channels:preferences"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "138****8000" in page and "m***@x.cn" in page and "13800138000" not in page
    before = AuditLog.objects.count()
    response = client.post(
        reverse("channels:preferences"), {"email": "digest", "wecom": "immediate", "dingtalk": "off", "sms": "off"}
    )
    assert response.status_code == 302
    assert dict(ChannelPreference.objects.filter(account=user).values_list("channel", "mode")) == {
        "email": "digest",
        "wecom": "immediate",
        "dingtalk": "off",
        "sms": "off",
    }
    assert AuditLog.objects.count() == before + 4
    client.post(
        reverse("channels:preferences"), {"email": "digest", "wecom": "immediate", "dingtalk": "off", "sms": "digest"}
    )
    assert AuditLog.objects.count() == before + 5  # only the change is audited
    assert client.post(reverse("channels:preferences"), {"email": "loud"}).status_code == 400


def test_preferences_in_the_api(company):
    user = account_with_role("member", company["branch_a"], person=company["person_a"], username="me", email="m@x.cn")
    client = client_for(user)
    response = client.put(reverse("api:channel_preferences_set"), {"sms": "digest"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == [
        {"channel": "email", "mode": "immediate", "reachable": True},
        {"channel": "wecom", "mode": "immediate", "reachable": False},
        {"channel": "dingtalk", "mode": "immediate", "reachable": False},
        {"channel": "sms", "mode": "digest", "reachable": False},
    ]
    bad = client.put(reverse("api:channel_preferences_set"), {"sms": "loud"}, content_type="application/json")
    assert bad.status_code == 400


def test_the_system_administrator_keeps_addresses_checked_before_saved(company):
    sysadmin = account_with_role("system_admin", None, username="sys")
    target = account_with_role("member", company["branch_a"], person=company["person_a"], username="liming")
    client = client_for(sysadmin)
    listing = client.get(reverse("channels:addresses"), {"q": company["person_a"].employee_no})
    assert listing.status_code == 200 and [a.pk for a in listing.context["page"].object_list] == [target.pk]
    url = reverse("channels:address_edit", args=[target.pk])
    assert client.post(url, {"wecom": "liming", "dingtalk": "", "sms": "13800138000"}).status_code == 302
    assert dict(target.channel_addresses.values_list("channel", "address")) == {"wecom": "liming", "sms": "13800138000"}
    response = client.post(url, {"wecom": "li.ming", "dingtalk": "", "sms": "12345"})
    assert response.status_code == 400 and "sms" in response.context["form"].errors
    assert dict(target.channel_addresses.values_list("channel", "address")) == {"wecom": "liming", "sms": "13800138000"}
    assert client.post(url, {"wecom": "", "dingtalk": "", "sms": "13800138000"}).status_code == 302
    assert list(target.channel_addresses.values_list("channel", flat=True)) == ["sms"]
    assert AuditLog.objects.filter(object_type="channels.channeladdress").count() == 3
    assert client.get(reverse("channels:address_edit", args=[999999])).status_code == 404


def test_addresses_are_the_system_administrators_only(company):
    office = account_with_role("party_office", company["root"], username="office")
    target = account_with_role("member", company["branch_a"], username="liming")
    client = client_for(office)
    assert client.get(reverse("channels:addresses")).status_code == 403
    assert client.post(reverse("channels:address_edit", args=[target.pk]), {"wecom": "x"}).status_code == 403
    api = reverse("api:channel_addresses_set", args=[target.pk])
    assert client.put(api, {"wecom": "x"}, content_type="application/json").status_code == 403
    assert ChannelAddress.objects.count() == 0
    assert client.get(reverse("api:channel_address_list")).json() == {"count": 0, "items": []}


def test_addresses_in_the_api(company):
    sysadmin = account_with_role("system_admin", None, username="sys")
    target = account_with_role("member", company["branch_a"], username="liming")
    client = client_for(sysadmin)
    url = reverse("api:channel_addresses_set", args=[target.pk])
    response = client.put(url, {"dingtalk": "liming01", "sms": "13800138000"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "account": target.pk,
        "username": "liming",
        "wecom": "",
        "dingtalk": "liming01",
        "sms": "13800138000",
    }
    bad = client.put(url, {"dingtalk": "李明", "sms": ""}, content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["dingtalk"]
    assert ChannelAddress.objects.filter(account=target, channel="sms").exists()  # nothing of the refused call saved
    listed = client.get(reverse("api:channel_address_list"), {"q": "liming"}).json()["items"]
    assert [row["username"] for row in listed] == ["liming"]
    assert (
        client.put(reverse("api:channel_addresses_set", args=[999999]), {}, content_type="application/json").status_code
        == 404
    )


@pytest.mark.parametrize("extra", [0, 15])
def test_the_other_pages_read_a_bounded_number_of_queries(log, company, extra, django_assert_max_num_queries):
    office = client_for(log["office"])
    with django_assert_max_num_queries(8):
        assert office.get(reverse("channels:delivery", args=[log["a_sent"].pk])).status_code == 200
    sysadmin = client_for(log["sysadmin"])
    for n in range(extra):
        account = account_with_role("member", company["branch_a"], username=f"many{n}")
        ChannelAddress.objects.create(account=account, channel="sms", address=f"138000000{n:02d}")
    with django_assert_max_num_queries(10):  # the same with 6 accounts and with 21: addresses are prefetched
        response = sysadmin.get(reverse("channels:addresses"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 6 + extra
    with django_assert_max_num_queries(8):
        assert sysadmin.get(reverse("channels:address_edit", args=[log["member"].pk])).status_code == 200
