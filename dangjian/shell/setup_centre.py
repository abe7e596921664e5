"""The set-up centre (基础设置): one page for the party office listing, per capability, what is configured and what is
missing, with counts and a link to where each is done — a new company's path from empty to working.

It keeps no list of apps: every installed app of the project may keep `dangjian/<app>/setup.py` with
`setup_items(user) -> list[dict]`, read through the registry (core/capabilities.py) in INSTALLED_APPS order; an app
without the module is skipped. Each dict has the keys label (str), count (int), done (bool), url (str or None: where
it is done, None when another role does it) and hint (str: what to do next, or who does it). Counts are the user's
own company only (every read goes through the app's scoped selectors).

A module may set `STEP` (an int) to place its section on a new company's path where INSTALLED_APPS would not: the
org tree and its people (org, STEP 10) come before the accounts made for them (accounts, STEP 20); modules without
it follow, in INSTALLED_APPS order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps

from dangjian.core.capabilities import capability_modules

KEYS = ("label", "count", "done", "url", "hint")
LAST_STEP = 1000


@dataclass
class Section:
    app: str
    title: str
    items: list[dict] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item["done"])


def sections(user) -> list[Section]:
    """Every app's set-up items for `user`, by STEP then INSTALLED_APPS order; apps with nothing to say are left out."""
    found = []
    modules = capability_modules("setup")
    for module in sorted(modules, key=lambda m: getattr(m, "STEP", LAST_STEP)):  # stable: ties keep app order
        app = module.__name__.split(".")[-2]  # the app folder, also its label (dangjian.affairs.dues.setup → dues)
        items = []
        for item in module.setup_items(user):
            missing = [k for k in KEYS if k not in item]
            if missing:
                raise ValueError(f"{module.__name__}: item {item.get('label')!r} lacks {', '.join(missing)}")
            items.append({k: item[k] for k in KEYS})
        if items:
            found.append(Section(app=app, title=str(apps.get_app_config(app).verbose_name), items=items))
    return found
