"""Where a page request's time goes, in-process, under the production settings (bench/load.py's database and logins).

Drives the WSGI application directly (the one gunicorn serves: DEBUG off, cached template loader, manifest static,
behind the TLS proxy) with a signed-in session per login, and splits each request of the load test's ten pages into:

- total: the WSGI call, start to the last byte of the body; cpu: this process's CPU time in it (the app's Python
  work: less moved by other processes' load than the wall time, and without the database server's own work);
- middleware: what is left outside the view and its template render (total − view − render);
- session: reading the session (SessionStore.load);
- user: loading the signed-in user (the backend's get_user);
- scope: reading the user's role assignments (core.scoping.assignments, first call of the request);
- nav: the navigation context processor;
- view: the view function, without rendering a TemplateResponse;
- render: template rendering (the outermost Template.render, context processors included);
- SQL: number of queries and their time (wherever they run).

Timers are inclusive (the SQL of "user" is counted in "user" and in "SQL"). Usage:

    .venv/bin/python bench/page_profile.py [--only people value_board] [-n 30] [--profile people] [--app-root DIR]

Needs bench/load.py to have seeded `bench_load` (BENCH_LOAD_URL overrides). `--profile KEY` prints cProfile's top
functions for that page instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import DEFAULT_URL, PAGES, server_env  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)
COUNTS: dict[str, int] = defaultdict(int)


def timed(key: str, function, *, outermost: bool = True):
    depth = [0]

    def wrapper(*args, **kwargs):
        if outermost and depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            TIMES[key] += time.perf_counter() - started
            COUNTS[key] += 1

    wrapper.__wrapped__ = function
    return wrapper


def instrument() -> None:
    from django.contrib.auth import get_user_model  # noqa: F401
    from django.contrib.sessions.backends import base, cached_db, db
    from django.core.handlers import base as handlers
    from django.template import base as template_base

    from dangjian.accounts.backends import AccountBackend
    from dangjian.core import scoping
    from dangjian.shell import context

    for module in (db, cached_db):
        module.SessionStore.load = timed("session", module.SessionStore.load)
    del base
    AccountBackend.get_user = timed("user", AccountBackend.get_user)
    provider_assignments = scoping.provider

    def provider(name):
        found = provider_assignments(name)
        if name == "access" and not getattr(found, "_timed", False):

            class Timed:
                _timed = True

                def __getattr__(self, attr):
                    value = getattr(found, attr)
                    return timed("scope", value) if attr == "assignments" else value

            return Timed()
        return found

    scoping.provider = provider
    context.navigation = timed("nav", context.navigation)
    template_base.Template.render = timed("render", template_base.Template.render)
    original_get_response = handlers.BaseHandler._get_response

    def _get_response(self, request):
        return timed("view+render", original_get_response)(self, request)

    handlers.BaseHandler._get_response = _get_response


def environ_for(path: str, cookie: str) -> dict:
    from io import BytesIO

    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "zh-hans",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(app, path: str, cookie: str) -> tuple[str, bytes]:
    status = []
    body = b"".join(app(environ_for(path, cookie), lambda s, h, exc_info=None: status.append(s)))
    return status[0], body


def sessions(logins: set[str]) -> dict[str, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    from dangjian.accounts.models import User

    cookies = {}
    for login in logins:
        user = User.objects.get(username=login)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "dangjian.accounts.backends.AccountBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        # and the CSRF cookie a browser holds after its first page (a kept page is keyed by its secret)
        cookies[login] = f"sessionid={store.session_key}; csrftoken={get_random_string(32)}"
    return cookies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("-n", type=int, default=30, help="timed requests per page (after 5 warm-up)")
    parser.add_argument("--profile", default="", help="print cProfile's top functions for this page key")
    parser.add_argument(
        "--redis", action="store_true", help="Redis as the cache, as bench/load.py runs the app (pages kept)"
    )
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--app-root", type=Path, default=None, help="profile another checkout (before/after)")
    args = parser.parse_args(argv)
    if args.app_root:
        sys.path.insert(0, str(args.app_root.resolve()))
        for name in [m for m in sys.modules if m == "dangjian" or m.startswith("dangjian.")]:
            del sys.modules[name]

    url = os.environ.get("BENCH_LOAD_URL") or DEFAULT_URL
    env = server_env(url, ROOT / "var" / "bench_static")
    if args.redis:  # as bench/load.py runs the app: Redis as the shared cache, pages kept for their viewer
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    import django

    django.setup()
    instrument()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    app = get_wsgi_application()
    targets = [
        t for t in PAGES if (not args.only or t.key in args.only) and (not args.profile or t.key == args.profile)
    ]
    cookies = sessions({t.login for t in targets})

    sql = {"n": 0, "t": 0.0}

    def sql_timer(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["n"] += 1
            sql["t"] += time.perf_counter() - started

    print(f"{'page':<48}{'total':>7}{'cpu':>6}{'mw':>6}{'sess':>6}{'user':>6}{'scope':>6}{'nav':>6}{'view':>6}"
          f"{'render':>7}{'SQL ms':>7}{'SQL n':>6}  (ms per request, median of {args.n}; bytes)")  # fmt: skip
    with connection.execute_wrapper(sql_timer):
        for target in targets:
            cookie = cookies[target.login]
            for _ in range(5):
                status, body = call(app, target.path, cookie)
            if not status.startswith("200") or b'name="password"' in body:
                print(f"{target.label:<48} answered {status}")
                continue
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.n):
                    call(app, target.path, cookie)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.lines)
                print(out.getvalue())
                continue
            rows = defaultdict(list)
            for _ in range(args.n):
                TIMES.clear()
                sql.update(n=0, t=0.0)
                started, cpu = time.perf_counter(), time.process_time()
                call(app, target.path, cookie)
                total = time.perf_counter() - started
                rows["cpu"].append(time.process_time() - cpu)
                rows["total"].append(total)
                for key in ("session", "user", "scope", "nav", "render"):
                    rows[key].append(TIMES.get(key, 0.0))
                rows["view"].append(TIMES["view+render"] - TIMES.get("render", 0.0))
                rows["mw"].append(total - TIMES["view+render"])
                rows["sql_t"].append(sql["t"])
                rows["sql_n"].append(sql["n"])

            def ms(key, rows=rows):
                return statistics.median(rows[key]) * 1000

            print(f"{target.label:<48}{ms('total'):7.1f}{ms('cpu'):6.1f}{ms('mw'):6.1f}{ms('session'):6.1f}{ms('user'):6.1f}"
                  f"{ms('scope'):6.1f}{ms('nav'):6.1f}{ms('view'):6.1f}{ms('render'):7.1f}{ms('sql_t'):7.1f}"
                  f"{statistics.median(rows['sql_n']):6.0f}  {len(body)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
