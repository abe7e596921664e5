"""Template context shared by every page: the navigation the user may see."""

import functools

from dangjian.core.capabilities import capability_modules
from dangjian.core.scoping import can_anywhere


@functools.cache
def nav_entries() -> tuple[tuple, ...]:
    """(url name, label, resource, action) of every app's `nav.py` (core/capabilities.py), by their order numbers;
    entries with the same number keep the apps' order."""
    entries = [entry for module in capability_modules("nav") for entry in module.NAV]
    return tuple(entry[1:] for entry in sorted(entries, key=lambda entry: entry[0]))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = [(name, label) for name, label, res, act in nav_entries() if res is None or can_anywhere(user, res, act)]
    return {"nav": items}
