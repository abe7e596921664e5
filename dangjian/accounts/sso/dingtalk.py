"""DingTalk (钉钉) sign-in for a company's internal app, as DingTalk documents it:

1. the browser goes to login.dingtalk.com/oauth2/auth (scope "openid corpid", so the organisation is chosen too), which
   sends it back with `authCode` (older apps: `code`) and our `state`;
2. POST api.dingtalk.com/v1.0/oauth2/userAccessToken {clientId, clientSecret, code, grantType} → the user's token
   (and the organisation's corpId, checked against DINGTALK_CORP_ID when set);
3. GET api.dingtalk.com/v1.0/contact/users/me with x-acs-dingtalk-access-token → the user's unionId;
4. the employee number is not in the user's own profile: with the app's token (GET oapi gettoken?appkey&appsecret,
   cached, fetched again once on errcode 40014 / 42001), POST topapi/user/getbyunionid → userid, then
   POST topapi/v2/user/get → the member, whose DINGTALK_EMPLOYEE_NUMBER_FIELD (job_number, 工号) is the number.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from dangjian.accounts.sso.http import Identity, ProviderError, call

TOKEN_EXPIRED = {40014, 42001}


def configured() -> bool:
    return bool(settings.DINGTALK_CLIENT_ID)


def authorize_url(*, redirect_uri: str, state: str) -> str:
    params = {
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "client_id": settings.DINGTALK_CLIENT_ID,
        "scope": "openid corpid",
        "state": state,
        "prompt": "consent",
    }
    if settings.DINGTALK_CORP_ID:
        params["corpId"] = settings.DINGTALK_CORP_ID
    return f"{settings.DINGTALK_AUTH_URL}?{urlencode(params)}"


def _cache_key() -> str:
    return f"sso:dingtalk:token:{settings.DINGTALK_CLIENT_ID}"


def _app_token(*, fresh: bool) -> str:
    if not fresh and (token := cache.get(_cache_key())):
        return token
    url = settings.DINGTALK_OAPI_URL.rstrip("/") + "/gettoken"
    _, body = call(
        "GET", url, params={"appkey": settings.DINGTALK_CLIENT_ID, "appsecret": settings.DINGTALK_CLIENT_SECRET}
    )
    if body.get("errcode", 0) != 0 or not body.get("access_token"):
        raise ProviderError(f"DingTalk gettoken: errcode {body.get('errcode')} {body.get('errmsg', '')}")
    cache.set(_cache_key(), body["access_token"], max(60, int(body.get("expires_in", 7200)) - 300))
    return body["access_token"]


def _oapi(path: str, payload: dict) -> dict:
    url = settings.DINGTALK_OAPI_URL.rstrip("/") + path
    for fresh in (False, True):
        _, body = call("POST", url, params={"access_token": _app_token(fresh=fresh)}, json=payload)
        if body.get("errcode") in TOKEN_EXPIRED and not fresh:
            continue
        if body.get("errcode", 0) != 0:
            raise ProviderError(f"DingTalk {path}: errcode {body.get('errcode')} {body.get('errmsg', '')}")
        return body.get("result") or {}
    raise AssertionError("unreachable")  # pragma: no cover


def identity(code: str) -> Identity:
    """The organisation's member who signed in with `code`."""
    api = settings.DINGTALK_API_URL.rstrip("/")
    status, token = call(
        "POST",
        api + "/v1.0/oauth2/userAccessToken",
        json={
            "clientId": settings.DINGTALK_CLIENT_ID,
            "clientSecret": settings.DINGTALK_CLIENT_SECRET,
            "code": code,
            "grantType": "authorization_code",
        },
    )
    if status != 200 or not token.get("accessToken"):
        raise ProviderError(
            f"DingTalk userAccessToken: HTTP {status} {token.get('code', '')} {token.get('message', '')}"
        )
    if settings.DINGTALK_CORP_ID and token.get("corpId") != settings.DINGTALK_CORP_ID:
        raise ProviderError(f"DingTalk userAccessToken: organisation {token.get('corpId')!r} is not ours")
    status, me = call(
        "GET", api + "/v1.0/contact/users/me", headers={"x-acs-dingtalk-access-token": token["accessToken"]}
    )
    if status != 200 or not me.get("unionId"):
        raise ProviderError(f"DingTalk users/me: HTTP {status} {me.get('code', '')} {me.get('message', '')}")
    userid = _oapi("/topapi/user/getbyunionid", {"unionid": me["unionId"]}).get("userid")
    if not userid:
        raise ProviderError("DingTalk getbyunionid: not a member of the organisation")
    member = _oapi("/topapi/v2/user/get", {"userid": userid, "language": "zh_CN"})
    return Identity(
        employee_no=str(member.get(settings.DINGTALK_EMPLOYEE_NUMBER_FIELD) or ""),
        name=member.get("name") or me.get("nick") or userid,
    )
