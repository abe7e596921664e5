"""The set-up centre (基础设置): one page for the party office listing, per capability, what is configured and what is
missing, with counts and a link to where each is done — a new company's path from empty to working.

Pluggable: each domain app may have `dangjian/<app>/setup.py` with `setup_items(user) -> list[dict]`, each dict with
the keys label (str), count (int), done (bool), url (str or None: where it is done, None when another role does it)
and hint (str: what to do next, or who does it). The page calls them in SETUP_APPS order; an app without the module
is skipped. Counts are the user's own company only (every read goes through the app's scoped selectors).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

from django.apps import apps

# The order a new company sets itself up in: structure and people first, then accounts, then each capability.
SETUP_APPS = [
    "org",
    "accounts",
    "indicators",
    "projects",
    "value",
    "meetings",
    "points",
    "assessment",
    "service",
    "posts",
]
KEYS = ("label", "count", "done", "url", "hint")


@dataclass
class Section:
    app: str
    title: str
    items: list[dict] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item["done"])


def setup_module(app: str):
    """`dangjian.<app>.setup`, or None when the app has none."""
    dotted = f"dangjian.{app}.setup"
    if importlib.util.find_spec(f"dangjian.{app}") is None or importlib.util.find_spec(dotted) is None:
        return None
    return importlib.import_module(dotted)


def sections(user) -> list[Section]:
    """Every app's set-up items for `user`, in SETUP_APPS order; apps with nothing to say are left out."""
    found = []
    for app in SETUP_APPS:
        module = setup_module(app)
        if module is None:
            continue
        items = []
        for item in module.setup_items(user):
            missing = [k for k in KEYS if k not in item]
            if missing:
                raise ValueError(f"dangjian.{app}.setup: item {item.get('label')!r} lacks {', '.join(missing)}")
            items.append({k: item[k] for k in KEYS})
        if items:
            found.append(Section(app=app, title=str(apps.get_app_config(app).verbose_name), items=items))
    return found
