"""The run order's last word: the longest work first (a plugin of its own, tests/conftest.py, so that its hook runs
after every other reordering — pytest-randomly's shuffle, the shared worlds' grouping, pytest-django's sort).

xdist (`--dist loadgroup --no-loadscope-reorder`, see the Makefile) deals out units of work — a group, or a single
test — in this order as workers become free. Longest first: the shared worlds (the seeded demo and its readers take
seven minutes on one worker, each matrix world about five), then the module groups and the single tests that take ten
seconds or more, then the quick ones. Dealt out late, one long unit leaves a worker running it alone at the end of
the run while the others wait (xdist's own order, by number of tests, put the demo's 24 tests after every larger
module group; the random order put a 3-minute test anywhere)."""

import pytest

# The shared worlds (tests/conftest.py's groups), longest first.
LONGEST = ("demo-world", "matrix-world", "matrix-world-2")


def group_of(item) -> str | None:
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return None
    return marker.args[0] if marker.args else marker.kwargs.get("name")


def slow(item) -> bool:
    """Ten seconds or more: a browser journey, or a test marked `slow`."""
    return bool(item.get_closest_marker("slow") or "tests/browser/" in str(item.fspath))


def rank(item) -> int:
    group = group_of(item)
    if group in LONGEST:
        return LONGEST.index(group)
    if group is not None or slow(item):  # a module's matrix, or a long single test
        return len(LONGEST)
    return len(LONGEST) + 1


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=rank)  # stable: the random order holds within each part, and a group's tests stay together
