"""Secure production defaults: browser policies on every response, no inline script anywhere, settings that refuse a
weak key and make cookies Secure, and uploaded files that no URL serves."""

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches

from tests.appdirs import in_apps

BASE_DIR = Path(django_settings.BASE_DIR)
TEMPLATE_DIRS = [BASE_DIR / "templates", *in_apps("templates")]
STRONG_KEY = "r8Qe-3vY_kP1wZt6sLx0mN2bC7dH5fJ9gA4uE_iO-qW1yT3zXcV"


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/me", "/no/such/page/"])
@pytest.mark.django_db
def test_every_response_carries_the_browser_policies(client, path):
    response = client.get(path)
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def template_files():
    for directory in TEMPLATE_DIRS:
        yield from sorted(p for p in directory.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)
# an event-handler attribute (onclick=, onchange= …) or htmx's hx-on, which htmx runs through eval
HANDLER = re.compile(r"""<[a-zA-Z][^>]*?\s(on[a-zA-Z]+|hx-on[\w:.-]*|data-hx-on[\w:.-]*)\s*=""")
JS_URL = re.compile(r"""\b(href|src|action|formaction)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def inline_code(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if not re.search(r"\bsrc\s*=", attributes, re.IGNORECASE) and not DATA_SCRIPT.search(attributes):
            found.append(match.group(0))
    found += [m.group(0)[-60:] for m in HANDLER.finditer(text)]
    found += [m.group(0) for m in JS_URL.finditer(text)]
    return found


def test_the_template_scan_finds_what_the_policy_forbids():
    assert inline_code('<script>alert(1)</script><script type="module">x</script>') == [
        "<script>",
        '<script type="module">',
    ]
    assert inline_code('<select name="y" onchange="this.form.submit()">')
    assert inline_code('<form onsubmit="return confirm(1)" method="post">')
    assert inline_code('<button hx-on:click="go()">')
    assert inline_code('<a href="javascript:go()">')
    ok = '<script src="/static/a.js" defer></script><script type="application/json" id="d">{}</script>'
    assert inline_code(ok + '<input data-autosubmit name="online"><p>Donation = 3</p>') == []


def test_no_template_has_inline_script_or_event_handlers():
    """The Content-Security-Policy allows scripts only from the site's static files: behaviour lives in static JS
    (static/js/site.js handles data-confirm and data-autosubmit), data reaches it through json_script."""
    offenders = {}
    for path in template_files():
        found = inline_code(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(BASE_DIR))] = found
    assert offenders == {}
    assert len(list(template_files())) > 100  # the scan really reads the templates


def test_every_page_that_loads_htmx_turns_its_eval_and_injected_style_off():
    pages = [p for p in template_files() if "{% htmx_script" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", path.read_text(encoding="utf-8"))
        assert config, f"{path} loads htmx without <meta name=htmx-config>"
        assert json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False}, path


def test_site_scripts_use_no_eval():
    own_scripts = [p for p in [*BASE_DIR.glob("static/js/*.js"), *in_apps("static/**/*.js")] if p.is_file()]
    assert own_scripts
    for path in own_scripts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*[\"']", text), path


@pytest.mark.django_db
def test_uploaded_files_are_not_served_by_url_even_under_debug(client, settings):
    """A meeting attachment at a guessable /media/ path must 404 even with DEBUG on: files go out only through views
    that check permission (e.g. meetings:attachment)."""
    import dangjian.urls

    stored = Path(settings.MEDIA_ROOT) / "meetings" / "probe-attachment.txt"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text("confidential minutes", encoding="utf-8")
    settings.DEBUG = True
    try:
        importlib.reload(dangjian.urls)  # urls.py decides its patterns on import, so import it with DEBUG on
        clear_url_caches()
        response = client.get("/" + settings.MEDIA_URL.lstrip("/") + "meetings/probe-attachment.txt")
        assert response.status_code == 404
        assert b"confidential minutes" not in b"".join(getattr(response, "streaming_content", [response.content]))
    finally:
        stored.unlink()
        settings.DEBUG = False
        importlib.reload(dangjian.urls)
        clear_url_caches()


# --- settings.py read under different environments, each in a fresh interpreter state ---------------------------

PROBE = """
import importlib, json, os, sys
results = []
for env in json.loads(sys.argv[1]):
    os.environ.clear()
    os.environ.update(env)
    sys.modules.pop("dangjian.settings", None)
    try:
        s = importlib.import_module("dangjian.settings")
    except Exception as exc:
        results.append({"error": type(exc).__name__, "message": str(exc)})
        continue
    results.append({
        "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
        "hsts": s.SECURE_HSTS_SECONDS, "hsts_subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        "ssl_redirect": s.SECURE_SSL_REDIRECT, "proxy_header": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
        "key": s.SECRET_KEY,
    })
print(json.dumps(results))
"""


def settings_under(*environments: dict) -> list[dict]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    envs = [{**base, **env} for env in environments]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(envs)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, "PYTHONPATH": str(BASE_DIR)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_settings_secure_cookies_and_transport_defaults():
    production, behind_tls, debug, debug_tls, opted_out, long_hsts = settings_under(
        {"DJANGO_SECRET_KEY": STRONG_KEY},
        {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_BEHIND_TLS_PROXY": "true"},
        {"DJANGO_DEBUG": "true"},
        {"DJANGO_DEBUG": "true", "DJANGO_BEHIND_TLS_PROXY": "true"},
        {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_SECURE_COOKIES": "false"},
        {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_BEHIND_TLS_PROXY": "true", "DJANGO_HSTS_SECONDS": "600"},
    )
    # without DEBUG, cookies are Secure even when nobody said so
    assert production["session_secure"] is production["csrf_secure"] is True
    assert (production["hsts"], production["ssl_redirect"], production["proxy_header"]) == (0, False, None)
    # behind the documented TLS proxy: HTTPS is known from the proxy's header, enforced, and remembered (HSTS)
    assert behind_tls["session_secure"] is True
    assert behind_tls["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert (behind_tls["ssl_redirect"], behind_tls["hsts"], behind_tls["hsts_subdomains"]) == (True, 31536000, True)
    # local development over plain HTTP keeps working; behind TLS even DEBUG gets Secure cookies
    assert debug["session_secure"] is False and debug["key"] == "insecure-local-development-only"
    assert debug_tls["session_secure"] is True
    assert opted_out["session_secure"] is opted_out["csrf_secure"] is False
    assert long_hsts["hsts"] == 600


def test_settings_refuse_a_weak_or_missing_secret_key_without_debug():
    one_char, missing, repeated = settings_under(
        {"DJANGO_SECRET_KEY": "x"},
        {},
        {"DJANGO_SECRET_KEY": "a" * 60},
    )
    assert one_char["error"] == "EnvError"  # an ImproperlyConfigured: Django stops with the message
    assert "DJANGO_SECRET_KEY is too weak for production" in one_char["message"]
    assert "secrets.token_urlsafe(50)" in one_char["message"]
    assert missing["error"] == "EnvError" and "Set DJANGO_SECRET_KEY" in missing["message"]
    assert "different characters" in repeated["message"]
