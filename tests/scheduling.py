"""The run order's last word: the long tests first (a plugin of its own, tests/conftest.py, so that its hook runs
after every other reordering — pytest-randomly's shuffle, the shared worlds' grouping, pytest-django's sort)."""

import pytest


def slow(item) -> bool:
    """Ten seconds or more: a browser journey, or a test marked `slow`. Grouped tests do not count: a group is one
    unit of work for xdist, dealt out before the single tests anyway (most tests first)."""
    if item.get_closest_marker("xdist_group"):
        return False
    return bool(item.get_closest_marker("slow") or "tests/browser/" in str(item.fspath))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Longest first. xdist (`--dist loadgroup`) deals out the groups, then the single tests in this order; a long
    test dealt out last would leave one worker running it alone at the end of the run (a minute and more of wall
    time, depending on the random order)."""
    items.sort(key=lambda item: not slow(item))  # stable: the random order holds within each part
