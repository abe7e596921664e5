"""Each vendor adapter against its fake: the exact request the vendor documents (payload, token, signature), the
token cached and fetched again once when the vendor says it expired, and the fakes refusing what the vendor would."""

import datetime as dt
import json

import pytest

from dangjian.channels.base import Message, SendError
from dangjian.channels.vendors import aliyun_sms, tencent_sms
from dangjian.channels.vendors.dingtalk import DingTalk
from dangjian.channels.vendors.wecom import WeCom

CARD = Message(subject="会议提醒", text="请于周五召开支委会。", link="https://dj.example.com/meetings/7/")
PLAIN = Message(subject="会议提醒", text="请于周五召开支委会。", link="/meetings/7/")


def test_aliyun_signature_matches_the_documented_example():
    # Aliyun's RPC signature documentation: AccessKeySecret "testsecret", DescribeRegions, this nonce and timestamp.
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert aliyun_sms.signature("GET", params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    assert aliyun_sms.percent_encode("a b*c~d/é") == "a%20b%2Ac~d%2F%C3%A9"


def test_wecom_sends_a_text_card_with_the_token_it_fetched_once(vendors):
    channel = WeCom()
    channel.send(address="zhangsan", message=CARD)
    channel.send(address="lisi", message=PLAIN)
    tokens = [r for r in vendors.wecom.received if r["kind"] == "token"]
    assert [r["query"] for r in tokens] == [{"corpid": "ww-test-corp", "corpsecret": "wecom-secret"}]
    sent = vendors.wecom.sent()
    assert [r["query"]["access_token"] for r in sent] == [list(vendors.wecom.tokens)[0]] * 2
    assert sent[0]["payload"] == {
        "touser": "zhangsan",
        "agentid": 1000002,
        "safe": 0,
        "msgtype": "textcard",
        "textcard": {
            "title": "会议提醒",
            "description": "请于周五召开支委会。",
            "url": "https://dj.example.com/meetings/7/",
            "btntxt": "详情",
        },
    }
    assert sent[1]["payload"] == {
        "touser": "lisi",
        "agentid": 1000002,
        "safe": 0,
        "msgtype": "text",
        "text": {"content": "会议提醒\n请于周五召开支委会。\n/meetings/7/"},
    }


def test_wecom_fetches_a_new_token_once_when_the_old_one_expired(vendors):
    channel = WeCom()
    channel.send(address="zhangsan", message=CARD)
    vendors.wecom.expire_tokens()
    channel.send(address="zhangsan", message=CARD)
    kinds = [r["kind"] for r in vendors.wecom.received]
    assert kinds == ["token", "send", "send", "token", "send"]
    first, refused, retried = (r["query"]["access_token"] for r in vendors.wecom.sent())
    assert first == refused != retried
    assert vendors.wecom.issued == 2


def test_wecom_unknown_user_is_a_permanent_failure_and_busy_a_transient_one(vendors):
    with pytest.raises(SendError) as unknown:
        WeCom().send(address="nobody", message=CARD)
    assert unknown.value.permanent is True and "81013" in str(unknown.value)
    vendors.wecom.fail_next(1)
    with pytest.raises(SendError) as busy:
        WeCom().send(address="zhangsan", message=CARD)
    assert busy.value.permanent is False and "-1 system busy" in str(busy.value)


def test_wecom_fake_refuses_a_wrong_secret_and_a_wrong_agent(vendors, settings):
    settings.WECOM_CORP_SECRET = "wrong"
    with pytest.raises(SendError, match="40001"):
        WeCom().send(address="zhangsan", message=CARD)
    settings.WECOM_CORP_SECRET, settings.WECOM_AGENT_ID = "wecom-secret", 999
    with pytest.raises(SendError, match="40056 invalid agentid"):
        WeCom().send(address="zhangsan", message=CARD)


def test_dingtalk_sends_an_action_card_and_refreshes_an_expired_token(vendors):
    channel = DingTalk()
    channel.send(address="wangfang", message=CARD)
    vendors.dingtalk.expire_tokens()
    channel.send(address="wangfang", message=PLAIN)
    assert [r["kind"] for r in vendors.dingtalk.received] == ["token", "send", "send", "token", "send"]
    assert vendors.dingtalk.received[0]["query"] == {"appkey": "ding-app-key", "appsecret": "ding-secret"}
    sent = vendors.dingtalk.sent()
    assert sent[0]["payload"] == {
        "agent_id": 2233445566,
        "userid_list": "wangfang",
        "msg": {
            "msgtype": "action_card",
            "action_card": {
                "title": "会议提醒",
                "markdown": "### 会议提醒\n\n请于周五召开支委会。",
                "single_title": "查看详情",
                "single_url": "https://dj.example.com/meetings/7/",
            },
        },
    }
    assert sent[2]["payload"]["msg"] == {
        "msgtype": "text",
        "text": {"content": "会议提醒\n请于周五召开支委会。\n/meetings/7/"},
    }
    with pytest.raises(SendError) as unknown:
        channel.send(address="nobody", message=CARD)
    assert unknown.value.permanent is True


def test_aliyun_sms_is_signed_as_documented_and_carries_only_the_link(vendors):
    aliyun_sms.AliyunSms().send(address="13800138000", message=CARD)
    (request,) = vendors.aliyun.sent()
    params = request["params"]
    assert request["method"] == "POST" and request["query"] == {}
    assert {k: v for k, v in params.items() if k not in ("SignatureNonce", "Timestamp", "Signature")} == {
        "AccessKeyId": "LTAI-test-key",
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "Version": "2017-05-25",
        "PhoneNumbers": "13800138000",
        "SignName": "党建平台",
        "TemplateCode": "SMS_900000001",
        "TemplateParam": '{"link":"https://dj.example.com/meetings/7/"}',
    }
    assert request["template"] == {"link": "https://dj.example.com/meetings/7/"}
    assert "会议" not in json.dumps(params, ensure_ascii=False).replace("党建平台", "")


def test_aliyun_fake_refuses_a_wrong_signature_a_reused_nonce_and_an_old_timestamp(vendors, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "wrong"
    with pytest.raises(SendError, match="SignatureDoesNotMatch"):
        aliyun_sms.AliyunSms().send(address="13800138000", message=CARD)
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = vendors.aliyun.SECRET
    from dangjian.channels.vendors.http import request_json

    def post(params):
        import urllib.parse

        return request_json("POST", vendors.aliyun.url + "/", body=urllib.parse.urlencode(params).encode())

    params = aliyun_sms.signed_params(phone="13800138000", link="https://x/", nonce="n-1")
    assert post(params)["Code"] == "OK"
    assert post(params)["Code"] == "SignatureNonceUsed"
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    assert post(aliyun_sms.signed_params(phone="13800138000", link="x", now=old))["Code"] == "InvalidTimeStamp.Expired"
    with pytest.raises(SendError) as illegal:
        aliyun_sms.AliyunSms().send(address="12345", message=CARD)
    assert illegal.value.permanent is True and "isv.MOBILE_NUMBER_ILLEGAL" in str(illegal.value)


def test_tencent_sms_is_signed_with_tc3_and_refused_with_a_wrong_key(vendors, settings):
    tencent_sms.TencentSms().send(address="13800138000", message=CARD)
    (request,) = vendors.tencent.sent()
    assert request["payload"] == {
        "PhoneNumberSet": ["+8613800138000"],
        "SmsSdkAppId": "1400006666",
        "SignName": "党建平台",
        "TemplateId": "449739",
        "TemplateParamSet": ["https://dj.example.com/meetings/7/"],
    }
    assert request["headers"]["x-tc-action"] == "SendSms" and request["headers"]["x-tc-region"] == "ap-guangzhou"
    settings.TENCENT_SMS_SECRET_KEY = "wrong"
    with pytest.raises(SendError, match="AuthFailure.SignatureFailure"):
        tencent_sms.TencentSms().send(address="13800138000", message=CARD)


def test_an_unreachable_vendor_is_a_transient_failure(vendors, settings):
    settings.WECOM_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(SendError) as down:
        WeCom().send(address="zhangsan", message=CARD)
    assert down.value.permanent is False
