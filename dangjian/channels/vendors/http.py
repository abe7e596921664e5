"""The small HTTP client the vendor adapters share (stdlib urllib: no extra dependency), and the access-token cache.

A network failure, a timeout, a 5xx or a body that is not JSON is a (transient) SendError; a 4xx with a JSON body
is returned for the adapter to read, since vendors answer refusals that way (Aliyun's signature errors are 400s)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from dangjian.channels.base import SendError


def request_json(method: str, url: str, *, params: dict | None = None, body: bytes | None = None, headers=None):
    """`method` `url`?`params` with `body`; the answer's JSON (a dict)."""
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=settings.CHANNELS_HTTP_TIMEOUT) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        if exc.code >= 500:
            raise SendError(f"HTTP {exc.code} from {urllib.parse.urlsplit(url).netloc}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}"[:300]) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SendError(f"not JSON from {urllib.parse.urlsplit(url).netloc}") from exc
    if not isinstance(data, dict):
        raise SendError(f"unexpected answer from {urllib.parse.urlsplit(url).netloc}")
    return data


def get_json(url: str, params: dict) -> dict:
    return request_json("GET", url, params=params)


def post_json(url: str, params: dict, payload: dict) -> dict:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return request_json("POST", url, params=params, body=body, headers={"Content-Type": "application/json"})


class AccessToken:
    """An access token kept in Django's cache until shortly before it expires (WeCom and DingTalk issue them for
    7200 s and limit how often one may be fetched), shared by every worker; `forget` drops a token the vendor
    refused, so the next `get` fetches a new one."""

    # Fetched again this long before the vendor's expiry: a message sent at the last second must not carry it.
    MARGIN = 300

    def __init__(self, key: str, fetch: Callable[[], tuple[str, int]]):
        self.key = key
        self.fetch = fetch

    def get(self) -> str:
        token = cache.get(self.key)
        if token is None:
            token, expires_in = self.fetch()
            cache.set(self.key, token, max(60, int(expires_in) - self.MARGIN))
        return token

    def forget(self) -> None:
        cache.delete(self.key)

    def call(self, send: Callable[[str], dict], expired: frozenset[int]) -> dict:
        """`send(token)`; when the vendor answers that the token is expired or invalid (`expired` errcodes), fetch a
        new one and try once more."""
        answer = send(self.get())
        if answer.get("errcode") in expired:
            self.forget()
            answer = send(self.get())
        return answer
