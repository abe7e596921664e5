"""Template context shared by every page: the navigation the user may see."""

import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import pgettext_lazy

from dangjian.core.capabilities import capability_modules
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import assignments, scope_of

# A nav action that asks for the view grant over some org subtree: one's own record (SELF) alone does not count.
LIST = "list"


# The menu's groups, by the entries' order numbers (each app's nav.py): (first number, last number, label). An entry
# below 100 (home, notifications) stands alone; a group with one entry the user may see shows as that entry alone.
GROUP_LABELS = {
    "overview": pgettext_lazy("menu", "Cockpit"),
    "org": pgettext_lazy("menu", "Organisation"),
    "production": pgettext_lazy("menu", "Production"),
    "projects": pgettext_lazy("menu", "Party building + X"),
    "publicity": pgettext_lazy("menu", "Publicity"),
    "talent": pgettext_lazy("menu", "Talent"),
    "life": pgettext_lazy("menu", "Organisational life"),
    "concerns": pgettext_lazy("menu", "Concerns"),
    "points": pgettext_lazy("menu", "Points"),
    "affairs": pgettext_lazy("menu", "Party affairs"),
    "assessment": pgettext_lazy("menu", "Assessment"),
    "system": pgettext_lazy("menu", "System"),
}
GROUPS = [
    (6, 99, "overview"),
    (100, 199, "org"),
    (200, 299, "production"),
    (300, 399, "projects"),
    (400, 449, "publicity"),
    (450, 499, "talent"),
    (500, 599, "life"),
    (600, 699, "concerns"),
    (700, 799, "points"),
    (800, 849, "affairs"),
    (850, 889, "assessment"),
    (890, 999, "system"),
]


def _group(order: int) -> str | None:
    return next((key for first, last, key in GROUPS if first <= order <= last), None)


@functools.cache
def _sorted_entries() -> tuple[tuple, ...]:
    entries = [entry for module in capability_modules("nav") for entry in module.NAV]
    return tuple(sorted(entries, key=lambda entry: entry[0]))


def nav_entries() -> tuple[tuple, ...]:
    """(url name, label, resource, action) of every app's `nav.py` (core/capabilities.py), by their order numbers;
    entries with the same number keep the apps' order."""
    return tuple(entry[1:] for entry in _sorted_entries())


def _shown(held: tuple, resource: str | None, action: str | None) -> bool:
    """Whether a nav entry shows to the holder of these assignments: everyone signed in (resource None), the holders
    of `action` on `resource` somewhere (SELF counts for "view": one's own concerns), or for LIST those who see
    others' records."""
    if resource is None:
        return True
    if action == LIST:
        scope = scope_of(held, resource, VIEW)
        return scope.everywhere or bool(scope.paths)
    return not scope_of(held, resource, action).empty


def navigation(request):
    """`nav`: the entries the user may see, in order, as (url name, label); `nav_groups`: the same entries as the menu
    shows them — a group (label, entries) per kind of work, or (None, [entry]) for one that stands alone — each entry
    (url name, label, href)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "nav_groups": []}
    nav, groups = _menu(tuple(assignments(user)), get_script_prefix())
    return {"nav": nav, "nav_groups": groups}


@functools.lru_cache(maxsize=2048)
def _menu(held: tuple, script_prefix: str) -> tuple[tuple, tuple]:
    """The menu for one set of role assignments, built once per process and reused for every request of every user
    who holds the same ones (the assignments are read on each request, so a role change shows at once); the URLs
    reversed here once, not per entry and request in the template. Labels stay lazy: each request shows its own
    language."""
    nav, groups, by_key = [], [], {}
    for order, name, label, res, act in _sorted_entries():
        if not _shown(held, res, act):
            continue
        nav.append((name, label))
        entry = (name, label, reverse(name))
        key = _group(order)
        if key is None:
            groups.append([None, [entry]])
        elif key in by_key:
            by_key[key][1].append(entry)
        else:
            by_key[key] = [GROUP_LABELS[key], [entry]]
            groups.append(by_key[key])
    # A group of one is that one entry, without a dropdown to open.
    return tuple(nav), tuple(
        (None, tuple(entries)) if len(entries) == 1 else (label, tuple(entries)) for label, entries in groups
    )
