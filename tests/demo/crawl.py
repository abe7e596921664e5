"""A crawl of the demo as every demo login sees it: breadth-first over the same-site links of each page, bounded.

Two passes share one crawl:
- `crawl(client)` follows links with Django's test client (fast): every page must answer 2xx/3xx, show no traceback,
  and — on a Chinese page — show no Latin words beyond a short allow-list (codes, units, product names).
- `browse(page, pages)` opens each kind of page (one URL per route) in Chromium at desktop and phone width, served by
  the same test client through Playwright's request interception, so the browser sees the demo inside the test's
  transaction (no live server, nothing committed): no console error, no uncaught script error, and no horizontal
  overflow at 375 px.
"""

from __future__ import annotations

import mimetypes
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

ORIGIN = "http://testserver"
MAX_PAGES = 45  # per login (the walk took 60; one URL per route reaches every kind of page in fewer)
PER_ROUTE = 1  # one URL of each route per login: a list of 90 people is one kind of page

# Links the crawl never follows: leaving the session, switching the language (a POST anyway), files.
SKIP_PREFIXES = ("/accounts/logout", "/i18n/", "/static/", "/media/", "/api/")
# Latin words a Chinese page may show: product names, units, file formats and the codes people type.
ALLOWED_LATIN = {
    "echarts",
    "htmx",
    "excel",
    "xlsx",
    "docx",
    "pdf",
    "csv",
    "api",
    "mes",
    "erp",
    "sla",
    "kpi",
    "id",
    "ok",
    "url",
    "kwh",
    "mwh",
    "kw",
    "mw",
    "kg",
    "km",
    "nm",
    "ppm",
    "mpa",
    "kpa",
    "mm",
    "cm",
    "ph",
    "t",
    "h",
    "m",
    "min",
    "dc",
    "ac",
    "dangjian",
    "qq",
    "app",
    "email",
    "e",
    "mail",
    "it",
    "vs",
    # the language switch names its language; Al (aluminium), mV; Word documents
    "english",
    "al",
    "mv",
    "word",
}
# A token is a run of letters, digits and the characters codes, user names, addresses and URLs are made of.
TOKEN = re.compile(r"[A-Za-z0-9_\-./:@?=&%#+]*[A-Za-z][A-Za-z0-9_\-./:@?=&%#+']*")
# A token with a digit or a joining character (QNDL-DJ3, zz_office, a URL) or all in capitals (AL, VOLTAGE) is a code
# someone typed, not an English word.
CODE_LIKE = re.compile(r"^(?=.*[\d_\-./:@?=&%#+])|^[A-Z]+$")


class _Page(HTMLParser):
    """The links, the visible text and the language of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.lang = ""
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = (attrs.get("lang") or "").lower()
        if tag in {"script", "style", "template", "noscript"}:
            self._hidden += 1
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template", "noscript"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


@dataclass
class Visit:
    url: str
    status: int
    route: str
    html: bool
    queries: int = 0  # the database queries the page ran


@dataclass
class Crawl:
    login: str
    visits: list[Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def pages(self) -> list[Visit]:
        return [v for v in self.visits if v.html and v.status == 200]


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def latin_words(text: str, allowed: set[str]) -> list[str]:
    words = []
    for token in TOKEN.findall(text):
        token = token.strip(".:'?")
        if token.lower() in ALLOWED_LATIN or token.lower() in allowed or CODE_LIKE.match(token):
            continue
        words.append(token)
    return words


def _same_site(base: str, href: str) -> str | None:
    href = urldefrag(urljoin(base, href.strip())).url
    parts = urlsplit(href)
    if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return path


def crawl(client, login: str, *, allowed_words: set[str], start: str = "/") -> Crawl:
    """Breadth-first from `start` as the client's user: at most MAX_PAGES pages, PER_ROUTE per route."""
    result = Crawl(login)
    seen = {start}
    per_route: dict[str, int] = {}
    queue = deque([start])
    while queue and len(result.visits) < MAX_PAGES:
        url = queue.popleft()
        route = route_of(urlsplit(url).path)
        if route is None:
            result.problems.append(f"{login}: {url} links to no route")
            continue
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        kind = response.get("Content-Type", "")
        html = kind.startswith("text/html")
        result.visits.append(Visit(url, response.status_code, route, html, len(queries)))
        if response.status_code >= 400:
            result.problems.append(f"{login}: {url} answered {response.status_code}")
            continue
        if not html or response.status_code != 200:
            continue
        body = response.content.decode(response.charset or "utf-8")
        if "Traceback (most recent call last)" in body:
            result.problems.append(f"{login}: {url} shows a traceback")
        parser = _Page()
        parser.feed(body)
        if parser.lang.startswith("zh"):
            words = latin_words(" ".join(parser.text), allowed_words)
            if words:
                result.problems.append(f"{login}: {url} shows Latin words {sorted(set(words))[:12]}")
        for href in parser.links:
            target = _same_site(ORIGIN + url, href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return result


def serve_with(client, static_cache: dict, connection):
    """A Playwright route handler answering every request from the test client (static files from the finders).

    Playwright calls it in another greenlet, which has its own context and so would open its own database connection
    (which cannot see the test's uncommitted demo): the handler borrows the test's connection, in the same thread."""
    from django.db import connections

    def handle(route):
        connections["default"] = connection
        request = route.request
        parts = urlsplit(request.url)
        if parts.netloc != "testserver":
            route.abort()  # nothing leaves the machine: a page that needs the internet fails its console check
            return
        if parts.path.startswith("/static/"):
            name = parts.path[len("/static/") :]
            if name not in static_cache:
                found = finders.find(name)
                static_cache[name] = Path(found).read_bytes() if found else None
            body = static_cache[name]
            if body is None:
                route.fulfill(status=404, body=b"")
            else:
                route.fulfill(status=200, body=body, content_type=mimetypes.guess_type(name)[0] or "text/plain")
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("hx-")}
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        if request.method == "GET":
            response = client.get(path, **extra)
        else:
            route.abort()  # the crawl only looks
            return
        route.fulfill(
            status=response.status_code,
            body=response.content
            if not getattr(response, "streaming", False)
            else b"".join(response.streaming_content),
            headers={k: v for k, v in response.items() if k.lower() not in {"content-length"}},
        )

    return handle


def _origin_notice(text: str) -> bool:
    """Chromium's notice that http://testserver is not a trustworthy origin (so it ignores the site's
    Cross-Origin-Opener-Policy header): a fact of the test's origin, not of the page."""
    return "Cross-Origin-Opener-Policy header has been ignored" in text


OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def browse(
    context, client, login: str, visits: list[Visit], static_cache: dict, *, phone: bool, connection
) -> list[str]:
    """Each page in Chromium: console errors, script errors and (on a phone) horizontal overflow."""
    problems: list[str] = []
    page = context.new_page()
    page.route("**/*", serve_with(client, static_cache, connection))
    errors: list[str] = []
    page.on(
        "console", lambda msg: errors.append(msg.text) if msg.type == "error" and not _origin_notice(msg.text) else None
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for visit in visits:
        errors.clear()
        page.goto(ORIGIN + visit.url, wait_until="load")
        page.wait_for_timeout(50)  # let charts and htmx's first requests settle
        if errors:
            problems.append(f"{login}: {visit.url} console: {errors[:3]}")
        if phone:
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(f"{login}: {visit.url} overflows a 375 px screen by {overflow} px")
    page.close()
    return problems
