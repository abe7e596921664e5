"""WeCom (企业微信) sign-in, as WeCom documents it for a company's self-built app:

1. the browser goes to the OAuth page (inside the WeCom client: open.weixin.qq.com/connect/oauth2/authorize, scope
   snsapi_base) or the QR page (elsewhere: login.work.weixin.qq.com/wwlogin/sso/login, login_type CorpApp), which sends
   it back with `code` and our `state`;
2. the app's access token: GET cgi-bin/gettoken?corpid&corpsecret (kept in the cache until shortly before it expires;
   a token the server calls expired or invalid — errcode 42001 / 40014 — is fetched again once);
3. GET cgi-bin/auth/getuserinfo?access_token&code → the member's userid (a non-member gets only an openid: refused);
4. GET cgi-bin/user/get?access_token&userid → the member, whose WECOM_EMPLOYEE_NUMBER_FIELD is the employee number.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from dangjian.accounts.sso.http import Identity, ProviderError, call

TOKEN_EXPIRED = {40014, 42001}


def configured() -> bool:
    return bool(settings.WECOM_CORP_ID)


def authorize_url(*, redirect_uri: str, state: str, in_client: bool) -> str:
    if in_client or not settings.WECOM_QR_LOGIN:
        query = urlencode(
            {
                "appid": settings.WECOM_CORP_ID,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "snsapi_base",
                "state": state,
                "agentid": settings.WECOM_AGENT_ID,
            }
        )
        return f"{settings.WECOM_OAUTH_URL}?{query}#wechat_redirect"
    query = urlencode(
        {
            "login_type": "CorpApp",
            "appid": settings.WECOM_CORP_ID,
            "agentid": settings.WECOM_AGENT_ID,
            "redirect_uri": redirect_uri,
            "state": state,
        }
    )
    return f"{settings.WECOM_QR_URL}?{query}"


def _cache_key() -> str:
    return f"sso:wecom:token:{settings.WECOM_CORP_ID}:{settings.WECOM_AGENT_ID}"


def _get(path: str, **params) -> dict:
    status, body = call("GET", settings.WECOM_API_URL.rstrip("/") + path, params=params)
    if status != 200:
        raise ProviderError(f"WeCom {path}: HTTP {status}")
    return body


def _token(*, fresh: bool) -> str:
    if not fresh and (token := cache.get(_cache_key())):
        return token
    body = _get("/cgi-bin/gettoken", corpid=settings.WECOM_CORP_ID, corpsecret=settings.WECOM_SECRET)
    if body.get("errcode", 0) != 0 or not body.get("access_token"):
        raise ProviderError(f"WeCom gettoken: errcode {body.get('errcode')} {body.get('errmsg', '')}")
    # Five minutes early: a token that expires between our check and WeCom's is fetched again, but not every time.
    cache.set(_cache_key(), body["access_token"], max(60, int(body.get("expires_in", 7200)) - 300))
    return body["access_token"]


def _api(path: str, **params) -> dict:
    for fresh in (False, True):
        body = _get(path, access_token=_token(fresh=fresh), **params)
        if body.get("errcode") in TOKEN_EXPIRED and not fresh:
            continue
        if body.get("errcode", 0) != 0:
            raise ProviderError(f"WeCom {path}: errcode {body.get('errcode')} {body.get('errmsg', '')}")
        return body
    raise AssertionError("unreachable")  # pragma: no cover


def identity(code: str) -> Identity:
    """The member who signed in with `code` (valid once, for five minutes)."""
    info = _api("/cgi-bin/auth/getuserinfo", code=code)
    userid = info.get("userid") or info.get("UserId")
    if not userid:
        raise ProviderError("WeCom getuserinfo: not a member of the company (no userid)")
    member = _api("/cgi-bin/user/get", userid=userid)
    return Identity(employee_no=str(member.get(settings.WECOM_EMPLOYEE_NUMBER_FIELD) or ""), name=userid)
