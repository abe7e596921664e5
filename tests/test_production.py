"""The documented production install, smoke-tested: DEBUG off, manifest static storage, a strong key, behind the TLS
proxy. `check --deploy` is clean, `collectstatic` succeeds, and gunicorn serves the login page and a static file by its
hashed name. The rest of the suite runs with DEBUG on and the manifest off (tests/settings.py), which is how a missing
vendored file once made every production page a 500 without any test noticing."""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.appdirs import in_apps

BASE_DIR = Path(__file__).resolve().parent.parent
STATIC_SOURCES = [BASE_DIR / "static", *in_apps("static")]
# Variables of the test run that must not leak into the production processes.
# What the test run sets for itself: the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in the
# same process, and `check --deploy` rightly refuses it (async.E001).
DROPPED = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_MANIFEST_STATIC",
    "DATABASE_URL",
    "TASKS_EAGER",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def referenced_files(path: Path) -> list[str]:
    """Files a CSS or JS file points at by a relative URL: source maps and CSS url(...) (not data:, not absolute)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    names = re.findall(r"[#@]\s*sourceMappingURL=([^\s*'\"]+)", text)
    if path.suffix == ".css":
        names += [m.strip("'\"") for m in re.findall(r"url\(\s*([^)]+?)\s*\)", text)]
        names += re.findall(r"@import\s+[\"']([^\"']+)[\"']", text)
    return [n.split("?")[0].split("#")[0] for n in names if n and not re.match(r"^(data:|[a-z]+:|/|#)", n)]


def test_static_files_reference_only_files_that_are_shipped():
    """Every vendored and own CSS/JS file: a source map or url() it names must exist beside it, else the manifest
    storage's collectstatic fails (finding 3: Bootstrap's .map files)."""
    missing = []
    checked = 0
    for root in STATIC_SOURCES:
        for path in sorted(root.rglob("*")):
            if path.suffix not in {".css", ".js"}:
                continue
            checked += 1
            missing += [
                f"{path.relative_to(BASE_DIR)} → {name}"
                for name in referenced_files(path)
                if not (path.parent / name).exists()
            ]
    assert checked > 10
    assert missing == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, *, https: bool = True) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "127.0.0.1", "Accept-Language": "en"}
    if https:
        headers["X-Forwarded-Proto"] = "https"  # what the documented nginx sets
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def run(args: list[str], env: dict, timeout: int = 240) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_production_settings_serve_pages_and_hashed_static_files(tmp_path):
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the embedded task queue's SQLite file lives there
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BEHIND_TLS_PROXY="true",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        # the login page reads no table; an empty database proves it and keeps the test quick
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )

    check = run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert "System check identified no issues" in check.stdout + check.stderr

    run(["collectstatic", "--noinput", "-v", "0"], env)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["css/site.css"]
    assert hashed_css != "css/site.css"
    assert "ninja/redoc.standalone.js" not in manifest  # unused library files are left out

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dangjian.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "30", "--log-level", "warning"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                login = get(port, "/accounts/login/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{server.stdout.read().decode(errors='replace')}")
                time.sleep(0.3)

        assert login.status == 200, login.body[:2000]
        html = login.body.decode()
        assert f"/static/{hashed_css}" in html  # pages link the hashed names from the manifest
        assert "script-src 'self'" in login.getheader("Content-Security-Policy")
        assert login.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        assert "csrftoken=" in login.getheader("Set-Cookie") and "Secure" in login.getheader("Set-Cookie")

        css = get(port, f"/static/{hashed_css}")
        assert css.status == 200
        assert b".dj-navbar" in css.body
        assert "immutable" in css.getheader("Cache-Control")  # whitenoise: hashed names are cached for ever
        bootstrap = get(port, "/static/" + manifest["vendor/bootstrap-5.3.8/bootstrap.bundle.min.js"])
        assert bootstrap.status == 200

        # plain HTTP (no proxy header) is sent to HTTPS
        plain = get(port, "/accounts/login/", https=False)
        assert plain.status == 301
        assert plain.getheader("Location").startswith("https://")
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # gunicorn's master and its worker
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        server.stdout.close()
