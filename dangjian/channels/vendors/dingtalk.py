"""DingTalk (钉钉) work notices, as published at open.dingtalk.com:

- `GET {base}/gettoken?appkey=KEY&appsecret=SECRET` → `{"errcode": 0, "access_token": …, "expires_in": 7200}`
- `POST {base}/topapi/message/corpconversation/asyncsend_v2?access_token=TOKEN` with `{"agent_id": 123,
  "userid_list": "userid", "msg": {"msgtype": "action_card", "action_card": {"title", "markdown", "single_title",
  "single_url"}}}` (an action card when the message has an absolute link; `{"msgtype": "text", "text": {"content"}}`
  otherwise) → `{"errcode": 0, "errmsg": "ok", "task_id": …, "request_id": …}`.

An expired or invalid token (88, 40014, 42001) is fetched again once. The send is asynchronous on DingTalk's side:
errcode 0 means the notice was accepted."""

from __future__ import annotations

from django.conf import settings

from dangjian.channels.base import Channel, Message, SendError
from dangjian.channels.vendors.http import AccessToken, get_json, post_json
from dangjian.channels.vendors.limits import cut

TOKEN_ERRORS = frozenset({88, 40014, 42001})
# an unknown userid
ADDRESS_ERRORS = frozenset({33012, 60121})


def _fetch_token() -> tuple[str, int]:
    answer = get_json(
        f"{settings.DINGTALK_BASE_URL}/gettoken",
        {"appkey": settings.DINGTALK_APP_KEY, "appsecret": settings.DINGTALK_APP_SECRET},
    )
    if answer.get("errcode") != 0 or not answer.get("access_token"):
        raise SendError(f"DingTalk gettoken: {answer.get('errcode')} {answer.get('errmsg', '')}"[:300])
    return answer["access_token"], int(answer.get("expires_in", 7200))


def payload(*, address: str, message: Message) -> dict:
    if message.link.startswith(("http://", "https://")):
        markdown = "\n\n".join(p for p in (f"### {message.subject}", message.text, *message.lines) if p)
        msg = {
            "msgtype": "action_card",
            "action_card": {
                "title": cut(message.subject, 128),
                "markdown": cut(markdown, 4000),
                "single_title": "查看详情",
                "single_url": message.link,
            },
        }
    else:
        msg = {"msgtype": "text", "text": {"content": cut(f"{message.subject}\n{message.body()}", 4000)}}
    return {"agent_id": settings.DINGTALK_AGENT_ID, "userid_list": address, "msg": msg}


class DingTalk(Channel):
    name = "dingtalk"

    def __init__(self):
        self.token = AccessToken(f"channels:dingtalk:token:{settings.DINGTALK_APP_KEY}", _fetch_token)

    def configured(self) -> bool:
        return bool(settings.DINGTALK_APP_KEY and settings.DINGTALK_APP_SECRET and settings.DINGTALK_AGENT_ID)

    def send(self, *, address: str, message: Message) -> None:
        body = payload(address=address, message=message)
        url = f"{settings.DINGTALK_BASE_URL}/topapi/message/corpconversation/asyncsend_v2"
        answer = self.token.call(lambda token: post_json(url, {"access_token": token}, body), TOKEN_ERRORS)
        code = answer.get("errcode")
        if code in ADDRESS_ERRORS:
            raise SendError(f"DingTalk does not know user {address} ({code})", permanent=True)
        if code != 0:
            raise SendError(f"DingTalk asyncsend_v2: {code} {answer.get('errmsg', '')}"[:300])
