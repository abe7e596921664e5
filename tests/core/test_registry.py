"""The one registry (core/capabilities.py): every app plugs its grants, navigation, home and project-page sections,
audit masking and the accounts behind scoping into core and the shell; core names none of them."""

from __future__ import annotations

import pathlib
import re

import pytest

from dangjian.core import capabilities
from dangjian.core.api.auth import push_endpoints
from dangjian.core.permissions import GRANTS, Role
from dangjian.shell.context import nav_entries

CORE = pathlib.Path(capabilities.__file__).parent
DOMAIN_APPS = (
    "accounts org indicators projects reviews acceptance boards costs effects value meetings service points posts "
    "channels assessment demo shell"
).split()


def test_the_project_apps_come_from_installed_apps_in_order():
    labels = [name.split(".")[1] for name in capabilities.project_apps()]
    assert labels[0] == "core" and labels[-1] == "shell"
    assert labels.index("meetings") < labels.index("points") < labels.index("assessment")


def test_the_navigation_keeps_its_order():
    assert [entry[0] for entry in nav_entries()] == [
        "home",
        "core:notifications",
        "cockpit:page",
        "cockpit:map",
        "org:tree",
        "org:people",
        "org:units",
        "indicators:catalogue",
        "value:overview",
        "projects:list",
        "boards:home",
        "boards:compilations",
        "acceptance:list",
        "costs:list",
        "publicity:news",
        "publicity:forums",
        "talent:index",
        "talent:drills",
        "talent:mine",
        "meetings:list",
        "meetings:matrix",
        "handbook:procedures",
        "handbook:duties",
        "service:mine",
        "service:dashboard",
        "points:mine",
        "points:leaderboard",
        "points:stars",
        "indices:list",
        "indices:mine",
        "indices:weights",
        "posts:registers",
        "recruitment:board",
        "dues:sheet",
        "transfers:list",
        "dues:mine",
        "dues:bases",
        "archive:index",
        "archive:categories",
        "assessment:index",
        "assessment:keytasks",
        "drafts:draft",
        "burden:meter",
        "setup",
        "core:imports",
        "accounts:list",
        "channels:addresses",
        "accounts:roles",
        "core:tasks",
        "accounts:tokens",
        "core:audit",
        "channels:deliveries",
    ]


def test_each_app_grants_its_own_resources():
    owners: dict[str, set[str]] = {}
    for module in capabilities.capability_modules("grants"):
        for resources in module.GRANTS.values():
            for resource in resources:
                owners.setdefault(resource, set()).add(module.__name__.split(".")[1])
    assert {resource: apps for resource, apps in owners.items() if len(apps) > 1} == {}
    assert owners["person"] == {"org"} and owners["token"] == {"accounts"} and owners["project"] == {"projects"}
    # The merged table still holds what the roles had when core named them by hand.
    assert GRANTS[Role.PARTY_OFFICE]["org"] == GRANTS[Role.PARTY_OFFICE]["import"]
    assert GRANTS[Role.SECURITY_ADMIN] == {
        "role": frozenset({"view", "add", "change", "delete", "import", "export"}),
        "account": frozenset({"view"}),
        "token": frozenset({"view", "delete"}),
    }
    assert GRANTS[Role.INTEGRATION]["indicator"] == frozenset({"view", "add", "change", "import"})


def test_push_tokens_reach_the_endpoints_the_apps_name():
    assert push_endpoints() == {
        ("POST", "/indicators/values"),
        ("POST", "/value/records"),
        ("POST", "/value/records/batch"),
        ("POST", "/dues/bases"),
    }


def test_one_app_provides_the_accounts_behind_scoping():
    assert capabilities.provider("access").__name__ == "dangjian.accounts.access"


def test_the_apps_with_demo_data():
    assert capabilities.capability_apps("demo") == [
        "value", "meetings", "service", "points", "posts", "recruitment", "dues", "transfers", "talent", "channels",
        "handbook", "assessment", "publicity", "archive", "indices", "cockpit",
    ]  # fmt: skip


def test_the_project_page_sections_in_app_order():
    assert capabilities.capability_apps("project_sections") == ["reviews", "acceptance", "effects"]


@pytest.mark.parametrize("path", sorted(p for p in CORE.rglob("*.py") if "migrations" not in p.parts), ids=str)
def test_core_imports_no_app(path):
    """Also checked by `lint-imports` (.importlinter); this catches a string import (importlib) as well."""
    text = path.read_text(encoding="utf-8")
    pattern = r"dangjian\.(" + "|".join(DOMAIN_APPS) + r")\b"
    found = re.findall(pattern, text)
    assert found == [], f"{path} names {found}"
