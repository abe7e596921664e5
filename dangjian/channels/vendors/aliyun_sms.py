"""Aliyun SMS (阿里云短信服务, dysmsapi 2017-05-25) SendSms, an RPC-style call, as published at help.aliyun.com:

the common parameters (AccessKeyId, Action=SendSms, Format=JSON, RegionId, SignatureMethod=HMAC-SHA1,
SignatureNonce, SignatureVersion=1.0, Timestamp in UTC ISO 8601, Version=2017-05-25) and SendSms's own
(PhoneNumbers, SignName, TemplateCode, TemplateParam as JSON) are sorted by name, each name and value
percent-encoded (RFC 3986: space %20, * %2A, ~ kept), joined with & into the canonical query;
StringToSign = METHOD & percentEncode("/") & percentEncode(canonical query); Signature = Base64(HMAC-SHA1(secret + "&",
StringToSign)). The parameters and the Signature are POSTed as a form (a phone number stays out of URLs and logs).
The answer is `{"Code": "OK", "Message": "OK", "BizId": …, "RequestId": …}`, or another Code.

An SMS carries only the generic line of the approved template and the link, as its one template parameter (`link`):
whatever the notification says stays in the app."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
import uuid

from django.conf import settings

from dangjian.channels.base import Channel, Message, SendError
from dangjian.channels.vendors.http import request_json

# The number or the template itself is wrong: sending again cannot help.
PERMANENT = frozenset(
    {"isv.MOBILE_NUMBER_ILLEGAL", "isv.INVALID_PARAMETERS", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL"}
)


def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="~")


def canonical_query(params: dict) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def signature(method: str, params: dict, secret: str) -> str:
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(*, phone: str, link: str, now: dt.datetime | None = None, nonce: str = "") -> dict:
    params = {
        "AccessKeyId": settings.ALIYUN_SMS_ACCESS_KEY_ID,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": settings.ALIYUN_SMS_REGION,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
        "PhoneNumbers": phone,
        "SignName": settings.ALIYUN_SMS_SIGN_NAME,
        "TemplateCode": settings.ALIYUN_SMS_TEMPLATE_CODE,
        "TemplateParam": json.dumps({"link": link}, ensure_ascii=False, separators=(",", ":")),
    }
    params["Signature"] = signature("POST", params, settings.ALIYUN_SMS_ACCESS_KEY_SECRET)
    return params


class AliyunSms(Channel):
    name = "sms"

    def configured(self) -> bool:
        return bool(
            settings.ALIYUN_SMS_ACCESS_KEY_ID
            and settings.ALIYUN_SMS_ACCESS_KEY_SECRET
            and settings.ALIYUN_SMS_SIGN_NAME
            and settings.ALIYUN_SMS_TEMPLATE_CODE
        )

    def send(self, *, address: str, message: Message) -> None:
        body = urllib.parse.urlencode(signed_params(phone=address, link=message.link)).encode()
        answer = request_json(
            "POST",
            f"{settings.ALIYUN_SMS_BASE_URL}/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        code = answer.get("Code")
        if code == "OK":
            return
        raise SendError(f"Aliyun SendSms: {code} {answer.get('Message', '')}"[:300], permanent=code in PERMANENT)
