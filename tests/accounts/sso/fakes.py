"""Local stand-ins for the WeCom and DingTalk servers (an http.server in a thread): they check each request as the
vendor documents it — method, path, parameters, the app's secret, the tokens — and answer with the vendor's shapes and
error codes. A test issues codes (as if the user had scanned the QR code) and can expire the current token."""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WECOM_CORP_ID = "ww-test-corp"
WECOM_AGENT_ID = "1000002"
WECOM_SECRET = "wecom-app-secret"
DINGTALK_CLIENT_ID = "ding-test-app"
DINGTALK_CLIENT_SECRET = "ding-app-secret"
DINGTALK_CORP_ID = "ding-test-corp"


class FakeVendor:
    """The state both fakes share: issued codes (single use), live and expired tokens, and the calls received."""

    def __init__(self):
        self.codes: dict[str, str] = {}  # code → the vendor's user id
        self.tokens: set[str] = set()
        self.expired: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def reset(self):
        with self._lock:
            self.codes.clear()
            self.tokens.clear()
            self.expired.clear()
            self.calls.clear()

    def issue_code(self, user_id: str) -> str:
        code = f"code-{next(self._numbers)}"
        self.codes[code] = user_id
        return code

    def new_token(self, prefix: str) -> str:
        token = f"{prefix}-{next(self._numbers)}"
        self.tokens.add(token)
        return token

    def expire_tokens(self):
        self.expired |= self.tokens
        self.tokens.clear()

    def paths(self) -> list[str]:
        return [path for _, path in self.calls]


class WeCom(FakeVendor):
    """cgi-bin/gettoken, cgi-bin/auth/getuserinfo, cgi-bin/user/get (GET, query parameters, errcode in the body)."""

    # userid → the member's details (the employee number is the userid by default, or a field the company chose).
    MEMBERS = {
        "E1001": {"userid": "E1001", "name": "王工", "department": [1], "position": "电解工"},
        "E1002": {"userid": "E1002", "name": "赵工", "department": [1], "position": "电解工"},
        "E9999": {"userid": "E9999", "name": "孙工", "department": [1], "position": "电解工"},
    }

    def handle(self, method, path, query, headers, body):
        if method != "GET":
            return 405, {"errcode": 40000, "errmsg": "method not allowed"}
        if path == "/cgi-bin/gettoken":
            if query.get("corpid") != WECOM_CORP_ID or query.get("corpsecret") != WECOM_SECRET:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            return 200, {"errcode": 0, "errmsg": "ok", "access_token": self.new_token("wecom"), "expires_in": 7200}
        token = query.get("access_token", "")
        if token in self.expired:
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        if token not in self.tokens:
            return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
        if path == "/cgi-bin/auth/getuserinfo":
            user_id = self.codes.pop(query.get("code", ""), None)
            if user_id is None:
                return 200, {"errcode": 40029, "errmsg": "invalid code"}
            if user_id not in self.MEMBERS:  # someone outside the company: only an openid
                return 200, {"errcode": 0, "errmsg": "ok", "openid": f"o-{user_id}", "external_userid": ""}
            return 200, {"errcode": 0, "errmsg": "ok", "userid": user_id, "user_ticket": "ticket"}
        if path == "/cgi-bin/user/get":
            member = self.MEMBERS.get(query.get("userid", ""))
            if member is None:
                return 200, {"errcode": 60111, "errmsg": "userid not found"}
            return 200, {"errcode": 0, "errmsg": "ok", **member}
        return 404, {"errcode": 404, "errmsg": "no such API"}


class DingTalk(FakeVendor):
    """api.dingtalk.com's OAuth 2 (JSON bodies, HTTP status for errors) and oapi's member lookups (errcode)."""

    # unionId → (userid in the organisation or None, the member's details)
    MEMBERS = {
        "union-wang": ("uid-wang", {"userid": "uid-wang", "name": "王工", "job_number": "E1001"}),
        "union-sun": ("uid-sun", {"userid": "uid-sun", "name": "孙工", "job_number": "E9999"}),
        "union-outsider": (None, {}),
    }

    def __init__(self):
        super().__init__()
        self.user_tokens: dict[str, str] = {}  # user access token → unionId

    def reset(self):
        super().reset()
        self.user_tokens.clear()

    def handle(self, method, path, query, headers, body):
        if (method, path) == ("POST", "/v1.0/oauth2/userAccessToken"):
            if headers.get("Content-Type", "").split(";")[0] != "application/json":
                return 400, {"code": "InvalidParameter", "message": "body must be JSON"}
            expected = {"clientId": DINGTALK_CLIENT_ID, "clientSecret": DINGTALK_CLIENT_SECRET}
            if any(body.get(key) != value for key, value in expected.items()):
                return 400, {"code": "invalidClientIdOrSecret", "message": "无效的clientId或者clientSecret"}
            if body.get("grantType") != "authorization_code":
                return 400, {"code": "invalidGrantType", "message": "grantType"}
            union_id = self.codes.pop(body.get("code", ""), None)
            if union_id is None:
                return 400, {"code": "invalidAuthCode", "message": "不合法的临时授权码"}
            token = self.new_token("ding-user")
            self.user_tokens[token] = union_id
            return 200, {"accessToken": token, "refreshToken": "r", "expireIn": 7200, "corpId": DINGTALK_CORP_ID}
        if (method, path) == ("GET", "/v1.0/contact/users/me"):
            union_id = self.user_tokens.get(headers.get("x-acs-dingtalk-access-token", ""))
            if union_id is None:
                return 401, {"code": "InvalidAuthentication", "message": "不合法的access_token"}
            return 200, {"nick": union_id, "unionId": union_id, "openId": f"open-{union_id}", "stateCode": "86"}
        if (method, path) == ("GET", "/gettoken"):
            if query.get("appkey") != DINGTALK_CLIENT_ID or query.get("appsecret") != DINGTALK_CLIENT_SECRET:
                return 200, {"errcode": 40089, "errmsg": "不合法的appKey或appSecret"}
            return 200, {"errcode": 0, "errmsg": "ok", "access_token": self.new_token("ding-app"), "expires_in": 7200}
        if method == "POST" and path in ("/topapi/user/getbyunionid", "/topapi/v2/user/get"):
            token = query.get("access_token", "")
            if token in self.expired:
                return 200, {"errcode": 42001, "errmsg": "access_token超时"}
            if token not in self.tokens:
                return 200, {"errcode": 40014, "errmsg": "不合法的access_token"}
            if path == "/topapi/user/getbyunionid":
                userid, _ = self.MEMBERS.get(body.get("unionid", ""), (None, {}))
                if userid is None:
                    return 200, {"errcode": 60121, "errmsg": "找不到该用户"}
                return 200, {"errcode": 0, "errmsg": "ok", "result": {"contact_type": 0, "userid": userid}}
            for _, (userid, member) in self.MEMBERS.items():
                if userid and userid == body.get("userid"):
                    return 200, {"errcode": 0, "errmsg": "ok", "result": member}
            return 200, {"errcode": 60121, "errmsg": "找不到该用户"}
        return 404, {"code": "NotFound", "message": "no such API"}


def serve(vendor: FakeVendor) -> tuple[ThreadingHTTPServer, str]:
    """Start `vendor` on a free local port in a daemon thread; (server, base URL)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method):
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            with vendor._lock:
                vendor.calls.append((method, parts.path))
            status, answer = vendor.handle(method, parts.path, query, self.headers, body)
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
