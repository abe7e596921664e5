"""A signed-in page kept for its viewer until the data changes: the pages people open again and again (home pages,
the lists they work from, the boards) answer a repeated visit from the cache instead of querying and rendering again.

`@kept_page` on a GET view. What a kept page is keyed by — everything its body can depend on:

- the data version (core/freshness.py): every committed change (anything audited, any notification written or read)
  makes every kept page stale at once, so a user sees their own change on the page they are sent back to;
- the viewer (account id) and their CSRF secret: the body holds that viewer's name, menu and masked CSRF tokens,
  which stay valid for as long as the secret does (a new login rotates it, and with it the key);
- the full path and query, the host, the language, htmx's request headers, and today's date (overdue flags, "this
  month");
- at most settings.PAGE_CACHE_SECONDS old (60 s by default): what no service writes and only the clock moves (an
  item's "5 minutes ago") is never older than that, but for the moment one request takes to render it again (the
  others meanwhile get the page as it was: a minute's end must not send every open connection to the database).
  Likewise, when the same viewer's same page is not there yet, one request renders it and the others wait for it.

Never kept: a response other than a 200 page, one that sets a cookie or was rendered for pending messages (a kept
body would show them twice or lose them), anything for an anonymous visitor. Pages whose content moves without a
service write (an import's progress, polled) do not use it. The middleware still runs around a kept page (security
headers, the session's refresh, the burden meter's form tokens).
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from dangjian.core import freshness

PREFIX = "page:"
HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_BOOSTED")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "HX-Trigger", "HX-Push-Url", "HX-Retarget")


def page_key(request) -> str | None:
    """The cache key of this request's page, or None when it must not be kept or read."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None  # the page would hand out a new CSRF secret: render it
    if len(get_messages(request)):
        return None  # messages waiting: they are shown once, by a page rendered now
    parts = [
        freshness.current(),
        str(request.user.pk),
        secret,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        *(request.META.get(h, "") for h in HTMX_HEADERS),
    ]
    return PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def kept_page(view):
    """Serve `view`'s page from the cache while the data and the viewer's session stay the same (see above)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = page_key(request) if freshness.enabled() else None
        if key is None:
            return view(request, *args, **kwargs)
        kept = cache.get(key)
        if not isinstance(kept, tuple) or len(kept) != 4:
            kept = None  # nothing, or what another release kept in another shape: render it
        if kept is not None and (time.time() < kept[3] or not _claim(key)):
            return _served(request, kept)  # fresh, or another request is rendering it again right now
        if kept is None and not _claim(key):
            kept = _wait_for(key)  # the same page is being rendered by a request of the same viewer: take that
            if kept is not None:
                return _served(request, kept)
        try:
            return _render_and_keep(request, key, view, *args, **kwargs)
        finally:
            cache.delete(key + LOCK)

    return wrapper


def _served(request, kept) -> HttpResponse:
    headers, body, used_csrf, _fresh_until = kept
    if used_csrf:  # as the render would: the CSRF cookie is sent again, its expiry renewed
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    response = HttpResponse(body, headers=headers)
    response.kept_page = True
    return response


def _render_and_keep(request, key: str, view, *args, **kwargs):
    secret = request.META["CSRF_COOKIE"]
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if _keepable(request, response, secret):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        used_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        seconds = settings.PAGE_CACHE_SECONDS
        # Kept twice as long as it is fresh: past its time, one request renders it again while the others are
        # still answered with it (so a minute's end does not send every open connection to the database at once).
        cache.set(key, (headers, response.content, used_csrf, time.time() + seconds), 2 * seconds)
    return response


# One request renders a page at a time (per viewer and data version); the others wait for it at most WAIT_SECONDS.
LOCK = ":rendering"
LOCK_SECONDS = 30
WAIT_SECONDS = 2.0
WAIT_STEP = 0.02


def _claim(key: str) -> bool:
    return cache.add(key + LOCK, 1, LOCK_SECONDS)


def _wait_for(key: str):
    waited = 0.0
    while waited < WAIT_SECONDS:
        time.sleep(WAIT_STEP)
        waited += WAIT_STEP
        kept = cache.get(key)
        if isinstance(kept, tuple) and len(kept) == 4:
            return kept
    return None


def _keepable(request, response, secret: str) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and request.META.get("CSRF_COOKIE") == secret  # not a page that handed out a new secret
        and not getattr(getattr(request, "_messages", None), "added_new", False)
    )
