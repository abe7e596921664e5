"""Local fakes of the vendors' HTTP APIs (stdlib http.server in a thread), each CHECKING the requests the way the
vendor documents them and answering like the vendor:

- WeCom: gettoken checks corpid and corpsecret and issues a token valid 7200 s; message/send checks the token (expired
  → 42001, unknown → 40014), agentid, touser, msgtype and the shape and byte limits of text / textcard.
- DingTalk: gettoken checks appkey and appsecret; asyncsend_v2 checks the token (88 when invalid or expired),
  agent_id, userid_list and msg's shape.
- Aliyun SMS: recomputes the RPC signature (HMAC-SHA1 over the percent-encoded canonical query, written here again,
  not imported from the adapter), checks every common parameter, the timestamp's age, the nonce's reuse, the sign
  name, the template and its parameters.
- Tencent SMS: recomputes the TC3-HMAC-SHA256 Authorization from the request's own headers and body, checks the
  X-TC headers and the body.

Each records what it received (`received`: the decoded requests, in order) so tests assert exact payloads, and can be
told to fail the next sends (`fail_next`) or to expire its tokens (`expire_tokens`)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Fake:
    """One vendor: a server on 127.0.0.1 with a free port, its requests recorded."""

    def __init__(self):
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.reset()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, data: dict):
                raw = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self):
                split = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = {
                    "method": self.command,
                    "path": split.path,
                    "query": dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True)),
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "raw": body,
                }
                with fake.lock:
                    status, data = fake.handle(request)
                    request.pop("raw")
                    fake.received.append(request)
                self._answer(status, data)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self):
        self.received = []
        self.failures = 0

    def fail_next(self, n: int):
        self.failures = n

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def sent(self) -> list[dict]:
        """The message sends (not the token requests) as received, payload decoded."""
        return [r for r in self.received if r.get("kind") == "send"]

    def handle(self, request) -> tuple[int, dict]:
        raise NotImplementedError


class TokenFake(Fake):
    """WeCom and DingTalk share the token dance: credentials → token valid 7200 s → the token on every call."""

    TOKEN_LIFE = 7200

    def reset(self):
        super().reset()
        self.tokens: dict[str, float] = {}
        self.issued = 0
        self.known_users = {"zhangsan", "lisi", "wangfang"}

    def issue(self) -> dict:
        self.issued += 1
        token = f"token-{self.issued}-{int(time.time() * 1000)}"
        self.tokens[token] = time.time() + self.TOKEN_LIFE
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.TOKEN_LIFE}

    def expire_tokens(self):
        for token in self.tokens:
            self.tokens[token] = 0

    def token_state(self, token: str) -> str:
        if token not in self.tokens:
            return "invalid"
        return "ok" if self.tokens[token] > time.time() else "expired"


def _utf8_len(text) -> int:
    return len(str(text).encode("utf-8"))


class WeComFake(TokenFake):
    CORP_ID, SECRET, AGENT_ID = "ww-test-corp", "wecom-secret", 1000002

    def handle(self, request):
        if request["path"] == "/cgi-bin/gettoken" and request["method"] == "GET":
            request["kind"] = "token"
            q = request["query"]
            if q.get("corpid") != self.CORP_ID:
                return 200, {"errcode": 40013, "errmsg": "invalid corpid"}
            if q.get("corpsecret") != self.SECRET:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            return 200, self.issue()
        if request["path"] == "/cgi-bin/message/send" and request["method"] == "POST":
            request["kind"] = "send"
            state = self.token_state(request["query"].get("access_token", ""))
            try:
                payload = json.loads(request["raw"].decode("utf-8"))
            except ValueError:
                return 200, {"errcode": 40058, "errmsg": "invalid json"}
            request["payload"] = payload
            if state == "expired":
                return 200, {"errcode": 42001, "errmsg": "access_token expired"}
            if state == "invalid":
                return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
            problem = self.check(payload)
            if problem:
                return 200, problem
            if self.failures:
                self.failures -= 1
                return 200, {"errcode": -1, "errmsg": "system busy"}
            users = payload["touser"].split("|")
            invalid = [u for u in users if u not in self.known_users]
            if len(invalid) == len(users):
                return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
            return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid), "msgid": "msg-1"}
        return 404, {"errcode": 404, "errmsg": "not found"}

    def check(self, p: dict) -> dict | None:
        if p.get("agentid") != self.AGENT_ID or not isinstance(p.get("agentid"), int):
            return {"errcode": 40056, "errmsg": "invalid agentid"}
        if not isinstance(p.get("touser"), str) or not p["touser"]:
            return {"errcode": 40031, "errmsg": "invalid touser"}
        kind = p.get("msgtype")
        if kind == "text":
            content = (p.get("text") or {}).get("content")
            if not isinstance(content, str) or not content or _utf8_len(content) > 2048:
                return {"errcode": 44004, "errmsg": "empty or too long content"}
        elif kind == "textcard":
            card = p.get("textcard") or {}
            if not card.get("title") or _utf8_len(card["title"]) > 128:
                return {"errcode": 44004, "errmsg": "invalid title"}
            if not card.get("description") or _utf8_len(card["description"]) > 512:
                return {"errcode": 44004, "errmsg": "invalid description"}
            if not re.match(r"^https?://", str(card.get("url", ""))):
                return {"errcode": 40022, "errmsg": "invalid url"}
        else:
            return {"errcode": 40008, "errmsg": "invalid message type"}
        return None


class DingTalkFake(TokenFake):
    APP_KEY, APP_SECRET, AGENT_ID = "ding-app-key", "ding-secret", 2233445566

    def handle(self, request):
        if request["path"] == "/gettoken" and request["method"] == "GET":
            request["kind"] = "token"
            q = request["query"]
            if q.get("appkey") != self.APP_KEY or q.get("appsecret") != self.APP_SECRET:
                return 200, {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
            return 200, self.issue()
        if request["path"] == "/topapi/message/corpconversation/asyncsend_v2" and request["method"] == "POST":
            request["kind"] = "send"
            try:
                payload = json.loads(request["raw"].decode("utf-8"))
            except ValueError:
                return 200, {"errcode": 40035, "errmsg": "缺少参数 json"}
            request["payload"] = payload
            if self.token_state(request["query"].get("access_token", "")) != "ok":
                return 200, {"errcode": 88, "errmsg": "不合法的access_token", "sub_code": "40014"}
            if payload.get("agent_id") != self.AGENT_ID:
                return 200, {"errcode": 40035, "errmsg": "不合法的参数 agent_id"}
            if not isinstance(payload.get("userid_list"), str) or not payload["userid_list"]:
                return 200, {"errcode": 40035, "errmsg": "缺少参数 userid_list"}
            msg = payload.get("msg") or {}
            kind = msg.get("msgtype")
            if kind == "text":
                ok = bool((msg.get("text") or {}).get("content"))
            elif kind == "action_card":
                card = msg.get("action_card") or {}
                ok = all(card.get(k) for k in ("title", "markdown", "single_title", "single_url"))
                ok = ok and str(card["single_url"]).startswith(("http://", "https://"))
            else:
                ok = False
            if not ok:
                return 200, {"errcode": 40035, "errmsg": "不合法的参数 msg"}
            if self.failures:
                self.failures -= 1
                return 200, {"errcode": -1, "errmsg": "系统繁忙"}
            if any(u not in self.known_users for u in payload["userid_list"].split(",")):
                return 200, {"errcode": 33012, "errmsg": "无效的USERID"}
            return 200, {"errcode": 0, "errmsg": "ok", "task_id": 256271667526, "request_id": "4jzllmte0wau"}
        return 404, {"errcode": 404, "errmsg": "not found"}


def _aliyun_encode(value: str) -> str:
    # Aliyun's documented rule, spelled out: URL-encode in UTF-8, then + → %20, * → %2A, %7E → ~.
    return (
        urllib.parse.quote_plus(str(value), encoding="utf-8")
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~")
    )


class AliyunSmsFake(Fake):
    ACCESS_KEY_ID, SECRET = "LTAI-test-key", "aliyun-test-secret"
    SIGN_NAME, TEMPLATE = "党建平台", "SMS_900000001"
    TEMPLATE_PARAMS = {"link"}
    COMMON = {
        "AccessKeyId",
        "Action",
        "Format",
        "RegionId",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureVersion",
        "Timestamp",
        "Version",
        "Signature",
    }

    def reset(self):
        super().reset()
        self.nonces: set[str] = set()

    def expected_signature(self, method: str, params: dict) -> str:
        query = "&".join(
            f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in sorted(params.items()) if k != "Signature"
        )
        to_sign = f"{method}&{_aliyun_encode('/')}&{_aliyun_encode(query)}"
        return base64.b64encode(hmac.new(f"{self.SECRET}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()

    def handle(self, request):
        request["kind"] = "send"
        params = dict(request["query"])
        if request["method"] == "POST":
            params.update(urllib.parse.parse_qsl(request["raw"].decode("utf-8"), keep_blank_values=True))
        request["params"] = params

        def error(status, code, message):
            return status, {"Code": code, "Message": message, "RequestId": "fake-request"}

        missing = sorted((self.COMMON | {"PhoneNumbers", "SignName", "TemplateCode"}) - set(params))
        if missing:
            return error(400, "MissingParameter", f"missing {', '.join(missing)}")
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return error(400, "InvalidAction.NotFound", "unknown action or version")
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return error(400, "InvalidSignatureMethod", "HMAC-SHA1 1.0 only")
        if params["Format"] != "JSON":
            return error(400, "InvalidParameter", "Format")
        if params["AccessKeyId"] != self.ACCESS_KEY_ID:
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        try:
            stamp = dt.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            return error(400, "InvalidTimeStamp.Format", "Timestamp")
        if abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) > 15 * 60:
            return error(400, "InvalidTimeStamp.Expired", "Timestamp expired")
        if params["SignatureNonce"] in self.nonces:
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        if not hmac.compare_digest(params["Signature"], self.expected_signature(request["method"], params)):
            return error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
        self.nonces.add(params["SignatureNonce"])
        if params["SignName"] != self.SIGN_NAME:
            return error(200, "isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        if params["TemplateCode"] != self.TEMPLATE:
            return error(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        if not re.match(r"^1[3-9]\d{9}$", params["PhoneNumbers"]):
            return error(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        try:
            template = json.loads(params.get("TemplateParam", "{}"))
        except ValueError:
            return error(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法")
        if not isinstance(template, dict) or set(template) != self.TEMPLATE_PARAMS:
            return error(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模版缺少变量")
        request["template"] = template
        if self.failures:
            self.failures -= 1
            return error(200, "isv.BUSINESS_LIMIT_CONTROL", "业务限流")
        return 200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "fake-request"}


class TencentSmsFake(Fake):
    SECRET_ID, SECRET_KEY = "AKID-test", "tencent-test-key"
    SDK_APP_ID, SIGN_NAME, TEMPLATE_ID = "1400006666", "党建平台", "449739"

    def expected_authorization(self, request, signed_headers: str, timestamp: int) -> str:
        headers = request["headers"]
        names = signed_headers.split(";")
        canonical_headers = "".join(f"{n}:{headers.get(n, '').strip().lower()}\n" for n in names)
        canonical = "\n".join(
            [
                request["method"],
                request["path"],
                urllib.parse.urlencode(request["query"]),
                canonical_headers,
                signed_headers,
                hashlib.sha256(request["raw"]).hexdigest(),
            ]
        )
        date = dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d")
        scope = f"{date}/sms/tc3_request"
        to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])

        def sign(key, msg):
            return hmac.new(key, msg.encode(), hashlib.sha256).digest()

        key = sign(sign(sign(("TC3" + self.SECRET_KEY).encode(), date), "sms"), "tc3_request")
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        credential = f"Credential={self.SECRET_ID}/{scope}"
        return f"TC3-HMAC-SHA256 {credential}, SignedHeaders={signed_headers}, Signature={signature}"

    def handle(self, request):
        request["kind"] = "send"
        headers = request["headers"]

        def error(code, message):
            return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "fake"}}

        if request["method"] != "POST" or request["path"] != "/":
            return error("InvalidAction", "POST / only")
        if headers.get("x-tc-action") != "SendSms" or headers.get("x-tc-version") != "2021-01-11":
            return error("InvalidAction", "action or version")
        if not headers.get("x-tc-region"):
            return error("MissingParameter", "X-TC-Region")
        try:
            timestamp = int(headers.get("x-tc-timestamp", ""))
        except ValueError:
            return error("MissingParameter", "X-TC-Timestamp")
        if abs(time.time() - timestamp) > 300:
            return error("AuthFailure.SignatureExpire", "signature expired")
        match = re.match(
            r"^TC3-HMAC-SHA256 Credential=[^,]+, SignedHeaders=([a-z;-]+), Signature=[0-9a-f]{64}$",
            headers.get("authorization", ""),
        )
        if not match or "content-type" not in match.group(1).split(";") or "host" not in match.group(1).split(";"):
            return error("AuthFailure.InvalidAuthorization", "Authorization")
        expected = self.expected_authorization(request, match.group(1), timestamp)
        if not hmac.compare_digest(headers["authorization"], expected):
            return error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
        try:
            payload = json.loads(request["raw"].decode("utf-8"))
        except ValueError:
            return error("InvalidParameter", "body")
        request["payload"] = payload
        if payload.get("SmsSdkAppId") != self.SDK_APP_ID or payload.get("SignName") != self.SIGN_NAME:
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "sign")
        if payload.get("TemplateId") != self.TEMPLATE_ID:
            return error("FailedOperation.TemplateIncorrectOrUnapproved", "template")
        numbers = payload.get("PhoneNumberSet")
        params = payload.get("TemplateParamSet")
        if not isinstance(numbers, list) or not numbers or not isinstance(params, list) or len(params) != 1:
            return error("InvalidParameterValue", "PhoneNumberSet / TemplateParamSet")
        statuses = []
        for number in numbers:
            ok = re.match(r"^\+861[3-9]\d{9}$", number)
            statuses.append(
                {
                    "SerialNo": "fake",
                    "PhoneNumber": number,
                    "Fee": 1 if ok else 0,
                    "SessionContext": "",
                    "Code": "Ok" if ok else "InvalidParameterValue.IncorrectPhoneNumber",
                    "Message": "send success" if ok else "incorrect phone number",
                    "IsoCode": "CN",
                }
            )
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": "fake"}}
