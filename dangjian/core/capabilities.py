"""The one registry: every app of the project keeps what the shared pieces need beside its own code, in modules with
fixed names, and the shared pieces read them from here. Core names no app: the apps are the project's entries of
INSTALLED_APPS (the ones inside this package), in that order, so adding an app edits no shared file.

An app (`dangjian/<app>/`, or `dangjian/projects/<app>/` for the projects family) may define any of these modules
(all optional; see docs/architecture.md):
- `grants.py`: `GRANTS = {role: {resource: actions}}`, merged into `core.permissions.GRANTS` (a role's grants on a
  resource come from one app; a clash is a configuration error). It may also define `PUSH_ENDPOINTS`, the
  (method, path below /api/v1) pairs an API token of scope "push" may call (core/api/auth.py).
- `nav.py`: `NAV = [(order, url name, label, resource, action), ...]`: the main navigation, sorted by `order` (an entry
  shows when the user holds the grant somewhere, a "self" grant counting for "view"; action "list" asks for the view
  grant over an org subtree, one's own record alone not counting; resource None shows to everyone signed in).
  Business pages use 0–899, the system pages 900 and up.
- `home.py`: `home_sections(request) -> list[tuple[template name, context dict]]`, shown on the home page in app order
  (the template reads its data as `section.<key>`).
- `inbox.py`: `ACTIONS = {notification kind: label}`: the one-click action an inbox item of that kind offers on the
  home page and the inbox (去审批, 去评分 …; core/notifications/selectors.action_label); other kinds say 去处理.
- `project_sections.py`: `project_sections(request, project) -> list[tuple[slot, template name, context dict]]`,
  shown on a project's page in app order: `slot` is "main" (the page's column, after the tasks) or "side" (the side
  column, after the next step); the context is merged into the page's context.
- `meeting_sections.py`: `meeting_sections(request, meeting) -> list[tuple[slot, template name, context dict]]`,
  shown on a meeting's record in app order: `slot` is "side" (the side column, before the attendance) or "main" (the
  page's column); the context is merged into the page's context (a section that sets `procedure_shown` replaces the
  record's own list of ticks). The handbook shows the procedure the meeting follows, ticked from its data.
- `access.py`: the accounts behind scoping and the API, provided by exactly one app (`provider("access")`):
  `assignments(user) -> [(role, org path, org kind)]` for the user's active role assignments, and
  `find_token(secret) -> token or None` for an API bearer token (`.user`, `.scope`, `.last_used_at`).
- `privacy.py`: what the audit administrator may not read of this app's rows (core/audit_masking.py):
  `SENSITIVE_FIELDS`, `SENSITIVE_COMMENTS`, `REFERENCE_ONLY`, and optionally `ANONYMOUS_LABEL` with
  `anonymous_submitter() -> queryset` (the app's anonymous row behind an audit row that its sender acted on, over
  OuterRef("object_id") and OuterRef("actor__person_id")).
- `audit_labels.py`: how the audit page names what this app's audit rows carry beside its models' fields
  (core/audit_display.py): `KEYS = {audit label: {key: (name, {code: label} or None)}}`, e.g. a lifecycle move's
  step and its labels.
- `demo.py`: `seed(*, today, stdout) -> None`, run by `manage.py seed_demo` in app order; idempotent.
- `setup.py`: `setup_items(user) -> list[dict(label, count, done, url, hint)]`, the app's lines on the set-up centre
  (shell/setup_centre.py), in app order: what the user's company has configured and what is missing.
- `archive.py`: `SOURCES = [core.archiving.Source(...)]`, the app's finished records (meeting records, letters,
  certificates …) that the archive (党建资料档案) files by org, year and category and renders on download.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The project's package ("dangjian"): its installed apps are the ones that register.
PACKAGE = __name__.split(".", 1)[0]


def project_apps() -> list[str]:
    """The dotted names of the project's installed apps, in INSTALLED_APPS order (readable before the app registry
    is ready: the grants are merged when core.permissions is first imported)."""
    prefix = f"{PACKAGE}."
    return [name for name in settings.INSTALLED_APPS if name.startswith(prefix)]


def capability_modules(name: str) -> Iterator[ModuleType]:
    """`<app>.<name>` (`<app>` the app's dotted name, e.g. `dangjian.<app>.nav`) for every project app that has such
    a module, in INSTALLED_APPS order."""
    for app in project_apps():
        dotted = f"{app}.{name}"
        if importlib.util.find_spec(dotted) is None:
            continue
        yield importlib.import_module(dotted)


def capability_apps(name: str) -> list[str]:
    """The labels of the apps that have a `<name>` module (e.g. "demo": the apps with demo data), in order."""
    return [module.__name__.split(".")[-2] for module in capability_modules(name)]


@functools.cache
def provider(name: str) -> ModuleType:
    """The one app module `<name>` that a core mechanism delegates to (e.g. "access")."""
    modules = list(capability_modules(name))
    if len(modules) != 1:
        found = ", ".join(module.__name__ for module in modules) or "none"
        raise ImproperlyConfigured(f"Exactly one installed app must provide a {name!r} module (found: {found}).")
    return modules[0]
