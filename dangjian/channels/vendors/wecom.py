"""WeCom (企业微信) application messages, as published at developer.work.weixin.qq.com:

- `GET {base}/cgi-bin/gettoken?corpid=ID&corpsecret=SECRET` → `{"errcode": 0, "access_token": …, "expires_in": 7200}`
- `POST {base}/cgi-bin/message/send?access_token=TOKEN` with `{"touser": "userid", "msgtype": "textcard",
  "agentid": 1000002, "textcard": {"title", "description", "url", "btntxt"}}` (a text card when the message has an
  absolute link; `{"msgtype": "text", "text": {"content"}}` otherwise) → `{"errcode": 0, "errmsg": "ok",
  "invaliduser": "", "msgid": …}`.

An expired or invalid token (42001, 40014, 40001) is fetched again once; an unknown user (`invaliduser` names it, or
81013) fails at once."""

from __future__ import annotations

from django.conf import settings

from dangjian.channels.base import Channel, Message, SendError
from dangjian.channels.vendors.http import AccessToken, get_json, post_json
from dangjian.channels.vendors.limits import cut

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# userid not found / every recipient invalid: sending again cannot help.
ADDRESS_ERRORS = frozenset({60111, 81013})


def _fetch_token() -> tuple[str, int]:
    answer = get_json(
        f"{settings.WECOM_BASE_URL}/cgi-bin/gettoken",
        {"corpid": settings.WECOM_CORP_ID, "corpsecret": settings.WECOM_CORP_SECRET},
    )
    if answer.get("errcode") != 0 or not answer.get("access_token"):
        raise SendError(f"WeCom gettoken: {answer.get('errcode')} {answer.get('errmsg', '')}"[:300])
    return answer["access_token"], int(answer.get("expires_in", 7200))


def payload(*, address: str, message: Message) -> dict:
    """The message/send body for one recipient."""
    body = {"touser": address, "agentid": settings.WECOM_AGENT_ID, "safe": 0}
    if message.link.startswith(("http://", "https://")):
        description = "\n".join(p for p in (message.text, *message.lines) if p)
        body["msgtype"] = "textcard"
        body["textcard"] = {
            "title": cut(message.subject, 128),
            "description": cut(description, 512),
            "url": message.link,
            "btntxt": "详情",
        }
    else:
        body["msgtype"] = "text"
        body["text"] = {"content": cut(f"{message.subject}\n{message.body()}", 2048)}
    return body


class WeCom(Channel):
    name = "wecom"

    def __init__(self):
        self.token = AccessToken(f"channels:wecom:token:{settings.WECOM_CORP_ID}", _fetch_token)

    def configured(self) -> bool:
        return bool(settings.WECOM_CORP_ID and settings.WECOM_CORP_SECRET and settings.WECOM_AGENT_ID)

    def send(self, *, address: str, message: Message) -> None:
        body = payload(address=address, message=message)
        url = f"{settings.WECOM_BASE_URL}/cgi-bin/message/send"
        answer = self.token.call(lambda token: post_json(url, {"access_token": token}, body), TOKEN_ERRORS)
        code = answer.get("errcode")
        if code in ADDRESS_ERRORS or (code == 0 and address in str(answer.get("invaliduser", "")).split("|")):
            raise SendError(f"WeCom does not know user {address} ({code})", permanent=True)
        if code != 0:
            raise SendError(f"WeCom message/send: {code} {answer.get('errmsg', '')}"[:300])
