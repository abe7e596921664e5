"""Template context shared by every page: the navigation the user may see."""

import functools

from dangjian.core.capabilities import capability_modules
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere, scope_for

# A nav action that asks for the view grant over some org subtree: one's own record (SELF) alone does not count.
LIST = "list"


@functools.cache
def nav_entries() -> tuple[tuple, ...]:
    """(url name, label, resource, action) of every app's `nav.py` (core/capabilities.py), by their order numbers;
    entries with the same number keep the apps' order."""
    entries = [entry for module in capability_modules("nav") for entry in module.NAV]
    return tuple(entry[1:] for entry in sorted(entries, key=lambda entry: entry[0]))


def shown(user, resource: str | None, action: str | None) -> bool:
    """Whether a nav entry shows to `user`: everyone signed in (resource None), the holders of `action` on `resource`
    somewhere (SELF counts for "view": one's own concerns), or for LIST those who see others' records."""
    if resource is None:
        return True
    if action == LIST:
        scope = scope_for(user, resource, VIEW)
        return scope.everywhere or bool(scope.paths)
    return can_anywhere(user, resource, action)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": [(name, label) for name, label, res, act in nav_entries() if shown(user, res, act)]}
