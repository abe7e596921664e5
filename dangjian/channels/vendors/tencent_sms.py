"""Tencent Cloud SMS (腾讯云短信, API 3.0, version 2021-01-11) SendSms, as published at cloud.tencent.com: a JSON POST
to `{base}/` with the headers X-TC-Action: SendSms, X-TC-Version, X-TC-Region, X-TC-Timestamp and an Authorization
signed with TC3-HMAC-SHA256:

    CanonicalRequest = lines POST, /, (empty query), "content-type:…\\nhost:…\\n", "content-type;host",
                       hex(SHA256(body))
    StringToSign     = lines TC3-HMAC-SHA256, timestamp, date/sms/tc3_request, hex(SHA256(CanonicalRequest))
    key = HMAC("TC3" + SecretKey, date) → HMAC(·, "sms") → HMAC(·, "tc3_request")
    Signature = hex(HMAC(key, StringToSign))

The answer is `{"Response": {"SendStatusSet": [{"Code": "Ok", …}], "RequestId": …}}`, or `{"Response": {"Error":
{"Code", "Message"}}}`. Like Aliyun's, the SMS carries only the template's generic line and the link."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse

from django.conf import settings

from dangjian.channels.base import Channel, Message, SendError
from dangjian.channels.vendors.http import request_json

SERVICE = "sms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"
PERMANENT = frozenset({"InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.TemplateIncorrectOrUnapproved"})


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def authorization(*, secret_id: str, secret_key: str, host: str, body: str, timestamp: int) -> str:
    date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(body.encode("utf-8")).hexdigest(),
        ]
    )
    scope = f"{date}/{SERVICE}/tc3_request"
    string_to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


def phone_e164(phone: str) -> str:
    phone = phone.strip().replace(" ", "")
    return phone if phone.startswith("+") else f"+86{phone}"


class TencentSms(Channel):
    name = "sms"

    def configured(self) -> bool:
        return bool(
            settings.TENCENT_SMS_SECRET_ID
            and settings.TENCENT_SMS_SECRET_KEY
            and settings.TENCENT_SMS_SDK_APP_ID
            and settings.TENCENT_SMS_SIGN_NAME
            and settings.TENCENT_SMS_TEMPLATE_ID
        )

    def send(self, *, address: str, message: Message) -> None:
        body = json.dumps(
            {
                "PhoneNumberSet": [phone_e164(address)],
                "SmsSdkAppId": settings.TENCENT_SMS_SDK_APP_ID,
                "SignName": settings.TENCENT_SMS_SIGN_NAME,
                "TemplateId": settings.TENCENT_SMS_TEMPLATE_ID,
                "TemplateParamSet": [message.link],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        base = settings.TENCENT_SMS_BASE_URL.rstrip("/")
        host = urllib.parse.urlsplit(base).netloc
        timestamp = int(time.time())
        headers = {
            "Authorization": authorization(
                secret_id=settings.TENCENT_SMS_SECRET_ID,
                secret_key=settings.TENCENT_SMS_SECRET_KEY,
                host=host,
                body=body,
                timestamp=timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": settings.TENCENT_SMS_REGION,
        }
        answer = request_json("POST", f"{base}/", body=body.encode("utf-8"), headers=headers).get("Response", {})
        if "Error" in answer:
            code = answer["Error"].get("Code", "")
            raise SendError(f"Tencent SendSms: {code} {answer['Error'].get('Message', '')}"[:300])
        statuses = answer.get("SendStatusSet") or [{}]
        code = statuses[0].get("Code")
        if code != "Ok":
            raise SendError(
                f"Tencent SendSms: {code} {statuses[0].get('Message', '')}"[:300], permanent=code in PERMANENT
            )
