from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

from tests.demo.world import close_world, open_world, uses_world
from tests.factories import account_with_role, build_company
from tests.matrix.world import close_base, open_base, uses_base

pytest_plugins = ["tests.scheduling"]

# The matrix world's readers take about as long as all the other tests together: as one xdist group (one worker) they
# would decide the wall time alone. The cross-company matrix, about half of them, is a group of its own, so the two
# workers can share the load; each builds the world at most once.
MATRIX_GROUPS = {"tests.test_cross_company": "matrix-world-2", "tests.talent.test_matrix": "matrix-world-2"}


def matrix_group(item) -> str:
    return MATRIX_GROUPS.get(item.module.__name__, "matrix-world")


# The worlds shared across modules: (whether a test reads it, its xdist group, how to roll it back). Each group's
# readers run one after the other on one worker; after the last reader in a row the world is rolled back.
SHARED_WORLDS = (
    (uses_world, lambda item: "demo-world", close_world),
    (uses_base, matrix_group, lambda blocker: close_base()),
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A module whose tests share a module-scoped world (a permission matrix) runs on ONE xdist worker (`--dist
    loadgroup`, see the Makefile): otherwise each worker would build the same world again. The tests that read the
    seeded demo (tests/demo/world.py), and those that read the shared matrix world (tests/matrix/world.py), share one
    world across modules: each set forms one group (the matrix world's readers two, see MATRIX_GROUPS), kept together
    in the run order too (after pytest-randomly's shuffle), so the world is built once per group at most and rolled
    back after the last of them."""
    for item in items:
        shared_world = next((group(item) for reads, group, _close in SHARED_WORLDS if reads(item)), None)
        if shared_world:
            item.add_marker(pytest.mark.xdist_group(shared_world))
            continue
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        shared = any(
            definition.scope == "module"
            for definitions in info.name2fixturedefs.values()
            for definition in definitions
            if definition.baseid  # pytest's own fixtures have no base id
        )
        if shared:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    for reads, group, _close in SHARED_WORLDS:
        readers = sorted((item for item in items if reads(item)), key=group)  # stable: each group's in a row
        if readers:
            first = next(n for n, item in enumerate(items) if reads(item))
            others = [item for item in items if not reads(item)]
            items[:] = others[:first] + readers + others[first:]


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The full demo as of tests/demo/world.TODAY (what seed_demo printed), seeded once for all the tests that read
    it; each test runs in its own savepoint, so what a test writes is gone before the next."""
    return open_world(django_db_blocker)


@pytest.fixture(scope="module")
def matrix_base(django_db_setup, django_db_blocker, tmp_path_factory):
    """The shared world of the permission matrices (tests/matrix/world.py), built once for all the modules that read
    it (through tests/matrix/runner.base_world, which hands each module a copy and a savepoint of its own)."""
    return open_base(django_db_blocker, tmp_path_factory)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test in a row that reads a shared world, roll the world back."""
    result = yield
    for reads, _group, close in SHARED_WORLDS:
        if reads(item) and not reads(nextitem):
            close(item.config.stash[blocking_manager_key])
    return result


def pytest_collection_finish(session):
    """On an xdist worker under `--dist loadgroup`, a grouped test's id carries "@group" (xdist renames it after the
    hook above). If a pytest or xdist upgrade stops that, each worker would build every shared world again and the
    suite would take twice as long without failing: fail instead."""
    if not hasattr(session.config, "workerinput") or not session.config.getvalue("loadgroup"):
        return
    lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        raise pytest.UsageError(f"--dist loadgroup did not group {len(lost)} tests (e.g. {lost[0]}): check the pins")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Every test starts in the site's language, before any fixture (a module-scoped world too) is built. A request in
    English leaves its thread in English (LocaleMiddleware activates, nothing deactivates), so without this a demo
    seeded after such a test on the same worker would store its texts in English, depending on the order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def pytest_terminal_summary(terminalreporter, config):
    """Print pytest-randomly's seed even under -q, so an order-dependent failure in CI can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and not getattr(config.option, "randomly_dont_reorganize", False):
        terminalreporter.write_line(f"test order: -p randomly --randomly-seed={seed}")


@pytest.fixture
def company(db):
    """A small company: a committee with two branches (one with a party group) and a unit tree.

    Returns a dict of named objects so tests can say what they mean: in scope (branch_a) and out of scope (branch_b).
    """
    return build_company()


@pytest.fixture
def office(company):
    return account_with_role("party_office", company["root"], username="office")


@pytest.fixture
def secretary_a(company):
    return account_with_role("secretary", company["branch_a"], username="sec_a")


@pytest.fixture
def member_a(company):
    return account_with_role("member", company["branch_a"], person=company["person_a"], username="mem_a")


_playwright: list = []  # the worker's Playwright and Chromium, stopped when pytest ends (pytest_unconfigure)


@pytest.fixture(scope="session")
def browser():
    """One Chromium per worker for every test that drives a browser (tests/browser/, the demo's page check):
    Playwright's sync API runs one event loop per thread, so a second `sync_playwright()` beside it would fail. It is
    stopped after the run, not in some test's teardown: stopping switches Playwright's greenlet, which must not happen
    while a shared world's transaction is being rolled back."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not _playwright:
        if not Path(CHROMIUM).exists():
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (see .ci/run).")
        playwright = sync_playwright().start()
        _playwright.extend(
            [playwright, playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)]
        )
    return _playwright[1]


def pytest_unconfigure(config):
    if _playwright:
        playwright, chromium = _playwright
        chromium.close()
        playwright.stop()
