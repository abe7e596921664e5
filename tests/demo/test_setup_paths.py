"""Every model the demo seeder writes has a set-up path without the seeder (issue 15, "The rule from now on").

The table is tests/demo/setup_paths.py. One test reads the shared demo (tests/demo/world.py) and fails when a model
with demo rows is not in the table, or the table names a model the seeder no longer writes. The other cases need no
data, one per model: the paths it names exist (routes reverse, operations are in the OpenAPI document, import kinds
are registered and open to the owner, whose role reaches the create page in the permission matrix), and together they
meet the rule — a page to create and one to change it, an API operation, and an import when it comes as a list.
A model listed in MISSING is an expected failure (strict), so closing a gap without updating the table fails too.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangjian.api import api
from dangjian.core.imports.kinds import get_kind
from dangjian.core.permissions import GRANTS, IMPORT, role_grants
from tests.demo.setup_paths import MISSING, PATHS, REASONS, Child, Paths

TESTS = Path(__file__).resolve().parent.parent
LABELS = sorted(PATHS.keys() | REASONS.keys())


@cache
def url_patterns() -> dict[str, list]:
    """Every named route: its converters (those of the including resolvers too), by its namespaced name."""
    found: dict[str, list] = {}

    def walk(patterns, namespace="", converters=()):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = namespace + (f"{p.namespace}:" if p.namespace else "")
                walk(p.url_patterns, inner, (*converters, *p.pattern.converters.items()))
            elif isinstance(p, URLPattern) and p.name:
                found.setdefault(namespace + p.name, [*converters, *p.pattern.converters.items()])

    walk(get_resolver().url_patterns)
    return found


def reverses(name: str) -> bool:
    """The route exists and reverses with a plausible value for each of its arguments."""
    converters = url_patterns().get(name)
    if converters is None:
        return False
    kwargs = {}
    for arg, converter in converters:
        kwargs[arg] = next(v for v in ("1", "x", "x.y") if re.fullmatch(converter.regex, v))
    return bool(reverse(name, kwargs=kwargs))


@cache
def operations() -> set[tuple[str, str]]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}


@cache
def matrix_routes() -> dict:
    """The permission matrix's routes (tests/test_permission_matrix.py and each capability's tests/<app>/matrix.py)."""
    routes = dict(importlib.import_module("tests.test_permission_matrix").ROUTES)
    # tests/<app>/matrix.py, and a family's apps one level down (tests/affairs/<app>/matrix.py)
    for path in sorted([*TESTS.glob("*/matrix.py"), *TESTS.glob("affairs/*/matrix.py")]):
        module = ".".join(path.relative_to(TESTS).with_suffix("").parts)
        routes.update(importlib.import_module(f"tests.{module}").ROUTES)
    return routes


def gaps(label: str) -> list[str]:
    """What keeps a model from meeting the rule, by the table's own account (empty: it meets it)."""
    entry = PATHS.get(label) or REASONS[label]
    if isinstance(entry, Child):
        parent = gaps(entry.parent) if entry.parent in PATHS.keys() | REASONS.keys() else ["not in the table"]
        return [f"its parent {entry.parent}: {gap}" for gap in parent]
    if not isinstance(entry, Paths):
        return [] if entry.why else ["no reason given"]
    found = []
    if not entry.page:
        found.append("no page to create it")
    if not entry.edit:
        found.append("no page to change it (nor a reason why it never changes)")
    if not entry.api:
        found.append("no API operation")
    if entry.listed and not entry.imports:
        found.append("it comes as a list but has no import")
    return found


def test_every_model_the_seeder_writes_is_in_the_table(demo_world, db):
    seeded = {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("dangjian.") and model._base_manager.exists()
    }
    assert len(seeded) > 60, seeded  # the walk itself works: the demo writes some seventy models
    table = PATHS.keys() | REASONS.keys()
    assert not seeded - table, f"the seeder writes these: add them to tests/demo/setup_paths.py: {seeded - table}"
    assert not table - seeded, f"the seeder no longer writes these: take them out of the table: {table - seeded}"


def test_the_table_is_consistent():
    assert not PATHS.keys() & REASONS.keys(), "a model has paths or a reason, not both"
    assert not MISSING.keys() - PATHS.keys() - REASONS.keys(), "a MISSING model must be in PATHS or REASONS"
    assert all(MISSING.values()), "say what is missing"
    for label in LABELS:
        model = apps.get_model(label)
        assert model.__module__.startswith("dangjian."), label


@pytest.mark.parametrize("label", sorted(PATHS))
def test_the_paths_named_exist(label):
    """Never an expected failure: what the table names is real, for a complete entry and a MISSING one alike."""
    entry = PATHS[label]
    assert entry.owner in GRANTS, f"{label}: unknown role {entry.owner}"
    routes = [*entry.page, *(entry.edit if isinstance(entry.edit, tuple) else ())]
    assert isinstance(entry.edit, tuple) or entry.edit.strip(), label
    for name in routes:
        assert reverses(name), f"{label}: no route {name}"
    for operation in entry.api:
        assert operation in operations(), f"{label}: {operation} is not in the OpenAPI document"
    for slug in entry.imports:
        kind = get_kind(slug)
        assert kind is not None, f"{label}: no import kind {slug}"
        assert role_grants(entry.owner, kind.resource, IMPORT), f"{label}: {entry.owner} may not import {slug}"
    # The owner reaches the create pages that name no object (the matrix checks each such cell's status).
    matrix = matrix_routes()
    for name in entry.page:
        assert name in matrix, f"{label}: {name} is not in the permission matrix"
        kind, rule, _method = matrix[name]
        if rule is not None and (kind is None or isinstance(kind, dict)):
            assert rule(entry.owner, "-") is True, f"{label}: {entry.owner} cannot open {name}"


@pytest.mark.parametrize("label", sorted(REASONS))
def test_the_reasons_name_real_pages(label):
    entry = REASONS[label]
    route = getattr(entry, "route", "")
    assert not route or reverses(route), f"{label}: no route {route}"
    assert entry.why.strip(), label


@pytest.mark.parametrize(
    "label",
    [
        pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=MISSING[label])) if label in MISSING else label
        for label in LABELS
    ],
)
def test_each_model_has_its_setup_paths(label):
    """A page to create it and one to change it, an API operation, an import when it comes as a list — or a reason
    it needs none. A MISSING model fails here until its gap is closed; then its MISSING line must go."""
    assert gaps(label) == [], f"{label}: {'; '.join(gaps(label))}"
