"""The capabilities that plug into the shared shell: each keeps its grants, navigation, home-page section and demo
data beside its own code, so the shell reads them from one list instead of every app editing shared files.

A capability `dangjian/<app>/` may define any of these modules:
- `grants.py`: `GRANTS = {role: {resource: actions}}`, merged into `core.permissions.GRANTS` (a resource is owned by
  one capability; a clash is a configuration error).
- `nav.py`: `NAV = [(url name, label, resource, action), ...]`, appended to the main navigation.
- `home.py`: `home_sections(request) -> list[tuple[template name, context dict]]`, shown on the home page.
- `demo.py`: `seed(*, today, stdout) -> None`, run by `manage.py seed_demo` in the order below; idempotent.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

# Order matters for the demo: points read meetings, teams and requests; the assessment reads all of them.
CAPABILITIES = ["value", "meetings", "service", "points", "posts", "assessment"]


def capability_modules(name: str) -> Iterator[ModuleType]:
    """`dangjian.<app>.<name>` for every capability that has such a module, in CAPABILITIES order."""
    for app in CAPABILITIES:
        dotted = f"dangjian.{app}.{name}"
        if importlib.util.find_spec(f"dangjian.{app}") is None or importlib.util.find_spec(dotted) is None:
            continue
        yield importlib.import_module(dotted)
