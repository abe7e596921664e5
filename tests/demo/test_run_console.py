"""What `make run` shows: the site starts after the company (seed_demo --stage first), the rest loads beside it in
small transactions with progress in the console's language, client errors log one line, and the README lists the
same demo logins as the printed table."""

import contextlib
import datetime as dt
import logging
import re
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection, transaction
from django.utils import translation

from dangjian.demo.logins import all_logins
from dangjian.demo.management.commands import seed_demo
from dangjian.demo.progress import (
    Phase,
    chunk_size,
    chunks,
    committing_small,
    console_language,
    phase_atomic,
    small_transactions,
)
from dangjian.indicators.models import IndicatorValue
from dangjian.org.models import PartyOrg
from dangjian.projects.projects.models import Project
from dangjian.settings import ClientErrorsOneLine

README = Path(__file__).resolve().parents[2] / "README.md"
TODAY = dt.date(2026, 3, 15)


def test_a_phase_says_what_it_loads_and_how_long_then_speaks_at_least_every_heartbeat():
    out = StringIO()
    with translation.override("zh-hans"):
        label = str(seed_demo.PHASES["points"][0])
        with Phase(OutputWrapper(out), label, 140, heartbeat=0.05):
            time.sleep(0.3)
    lines = out.getvalue().splitlines()
    assert lines[0] == "正在载入党员积分（约 140 秒）……"
    beats = [line for line in lines if line.startswith("……仍在载入党员积分（已用 ")]
    assert len(beats) >= 2 and beats[0].endswith("共约 140 秒）")
    assert lines[-1] == "党员积分已载入（用时 0 秒）。"


def test_every_phase_of_seed_demo_has_a_label_and_an_estimate():
    from dangjian.core.capabilities import capability_apps

    assert capability_apps("demo") == [
        "value", "meetings", "service", "points", "posts", "recruitment", "dues", "transfers", "talent", "channels",
        "handbook", "assessment", "publicity", "archive", "indices", "cockpit",
    ]  # fmt: skip
    assert set(capability_apps("demo")) | {"company", "indicators", "projects"} <= set(seed_demo.PHASES)
    with translation.override("zh-hans"):
        for label, estimate in seed_demo.PHASES.values():
            assert re.search(r"[\u4e00-\u9fff]", str(label)) and not str(label).startswith("the ")
            assert 0 < estimate < 600


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "zh-hans"),
        ({"LANG": "C.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"DJANGO_LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"DJANGO_LANGUAGE": "zh-hans", "LANG": "en_US.UTF-8"}, "zh-hans"),
    ],
)
def test_the_console_speaks_chinese_unless_the_user_asks_for_english(environ, language):
    assert console_language(environ) == language


def test_in_the_background_a_phase_commits_in_small_transactions():
    assert not small_transactions()
    assert isinstance(phase_atomic(), transaction.Atomic)
    assert chunk_size(5000) == 5000
    with committing_small():
        assert small_transactions()
        assert isinstance(phase_atomic(), contextlib.nullcontext)
        assert chunk_size(5000) == 1000 and chunk_size(20) == 20
        assert [len(c) for c in chunks(list(range(2500)), 5000)] == [1000, 1000, 500]
    assert not small_transactions()


def test_the_background_loader_leaves_the_database_alone_now_and_then():
    """Between transactions, at least once a second, a pause long enough for a waiting login's busy retry."""
    pause = seed_demo.Yield(every=0.0, pause=0.12)
    assert not connection.in_atomic_block
    started = time.monotonic()
    assert pause(lambda *args: "done", "SELECT 1", None, False, {}) == "done"
    assert time.monotonic() - started >= 0.12
    pause = seed_demo.Yield(every=60.0, pause=0.5)  # not yet due: no pause
    started = time.monotonic()
    pause(lambda *args: None, "SELECT 1", None, False, {})
    assert time.monotonic() - started < 0.1


@pytest.mark.django_db
def test_the_site_can_start_after_the_company_and_the_rest_loads_beside_it(monkeypatch, tmp_path):
    monkeypatch.delenv("DJANGO_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    marker = tmp_path / "db.sqlite3.demo-incomplete"
    monkeypatch.setattr(seed_demo, "incomplete_marker", lambda: marker)
    marker.touch()  # left over from a database since deleted
    out = StringIO()
    call_command("seed_demo", stage="first", today=TODAY.isoformat(), stdout=out, url="http://127.0.0.1:8000/")
    text = out.getvalue()
    assert not marker.exists() and "中断" not in text
    assert text.startswith("正在载入演示企业及账号（约 30 秒）……")
    assert "演示企业及账号已载入" in text and "panel_hr" in text and "secretary" in text
    assert PartyOrg.objects.filter(code="QNDL").exists()
    assert not Project.objects.exists() and not IndicatorValue.objects.exists()

    seen = []

    def seed_rest(self, anchor, chosen):
        seen.append((small_transactions(), marker.exists(), anchor))

    monkeypatch.setattr(seed_demo.Command, "seed_rest", seed_rest)
    options = dict(connection.settings_dict.get("OPTIONS", {}))
    out = StringIO()
    call_command("seed_demo", stage="rest", today=TODAY.isoformat(), stdout=out, quiet=True)
    assert seen == [(True, True, TODAY)]
    assert "演示企业（QNDL）已载入" not in out.getvalue()  # the rest stage does not touch the company
    minutes = round(sum(seconds for key, (_label, seconds) in seed_demo.PHASES.items() if key != "company") / 60)
    assert f"网站已启动，可以登录。其余演示数据正在后台载入（约 {minutes} 分钟）。" in out.getvalue()
    assert 5 <= minutes <= 15  # the phases' estimates, added up
    assert "演示数据已全部载入" in out.getvalue()
    assert not small_transactions()
    assert not any(isinstance(w, seed_demo.Yield) for w in connection.execute_wrappers)
    assert connection.settings_dict.get("OPTIONS", {}) == options
    assert not marker.exists()  # set while the rest loads, removed when it is all in

    marker.touch()  # as if that load had been cut short
    out = StringIO()
    call_command("seed_demo", stage="first", today=TODAY.isoformat(), stdout=out, quiet=True)
    assert "上次载入演示数据时被中断" in out.getvalue() and str(tmp_path / "db.sqlite3") in out.getvalue()


def record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        exc_info = sys.exc_info()
    item = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /x", None, exc_info)
    item.status_code = status
    return item


def test_client_errors_are_one_line_server_errors_keep_their_traceback():
    for status in (400, 403, 404):
        item = record(status)
        assert ClientErrorsOneLine().filter(item) and item.exc_info is None
        assert "Traceback" not in logging.Formatter().format(item)
    item = record(500)
    assert ClientErrorsOneLine().filter(item)
    assert "Traceback" in logging.Formatter().format(item)


@pytest.mark.django_db
def test_a_403_reaches_the_console_in_one_line(rf, caplog):
    """Django logs a refused request (PermissionDenied) as a warning with the exception: without the filter, every
    403 printed a full traceback in `make run`'s console."""
    request = rf.get("/projects/1/edit/")
    request.user = AnonymousUser()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = response_for_exception(request, PermissionDenied())
    assert response.status_code == 403
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[-1].status_code == 403 and logged[-1].exc_info is None


def readme_logins(heading: str) -> set[str]:
    section = README.read_text(encoding="utf-8").split(heading, 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for cell in rows for name in re.findall(r"`([a-z_]+)`", cell)}


@pytest.mark.parametrize("heading", ["### 演示企业与演示账号", "### The demo company and its logins"])
def test_the_readme_lists_the_same_logins_as_the_printed_table(heading):
    assert readme_logins(heading) == {login.username for login in all_logins()}


def test_on_sqlite_a_login_waits_for_the_loader_instead_of_failing():
    """A login reads, then writes (axes, session, audit): deferred, it would be refused at once whenever the loader
    committed in between; IMMEDIATE takes the write lock first and waits for it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 10


def test_an_english_console_still_writes_the_data_in_the_sites_language(monkeypatch, db):
    """The console follows DJANGO_LANGUAGE / LANG; points reasons and assessment explanations do not (#16 item 2)."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    from dangjian.demo.builder import DemoBuilder

    seen = []

    class Built:
        people, orgs, units = {}, {}, []

    def build(self):
        seen.append(translation.get_language())
        return Built()

    monkeypatch.setattr(DemoBuilder, "build", build)
    monkeypatch.setenv("DJANGO_LANGUAGE", "en")
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("seed_demo", "--stage", "first", "--quiet", stdout=out)
        assert translation.get_language() == "zh-hans"  # nothing left switched to English
    assert seen == ["zh-hans"]
    assert "Loading" in out.getvalue()  # while the console speaks English
