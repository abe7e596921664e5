"""Generated requests against every operation of the OpenAPI document (schemathesis), as two roles — the 党群工作部
(party office, company-wide) and a branch secretary — on a small world made of the app tests' fixtures: no answer
may be a 5xx, use a status the operation does not document, or have a body that does not match the documented schema.

The app is called in-process (WSGI, same database transaction as the test): no server. Generation is derandomised, so
a failure reproduces. The run is bounded by the examples per operation and mode, not by a clock, so that a slow machine
cannot make it fail: a few per operation and role (over 300 operations), since this run is a large share of the CI
budget — about 9,300 requests and 420 s with 8+4+6 examples, about 4,000 and 100 s with 3+2+3."""

import time
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dangjian.accounts.models import ApiToken
from dangjian.wsgi import application
from tests.indicators.conftest import catalogue, tree, values  # noqa: F401 - fixtures
from tests.projects.factories import GoalFactory, ProjectFactory
from tests.service.conftest import make_request, people  # noqa: F401 - fixtures
from tests.value.conftest import accounting  # noqa: F401 - fixtures

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 2}
KNOWN_EXAMPLES = 3  # per operation whose path names objects of the world
# Random generation seldom reaches the ends of the 64-bit range (finding 8: offset=2**63 was a 500 on 14 lists), so
# every integer parameter, in the query or the path, is also sent these once (as the first role only: parsing a number
# does not depend on who asks).
EDGES = (2**63, -(2**63) - 1)
EDGE_LABELS = tuple(f"={value}" for value in EDGES)
TOKEN_LOGIN = "POST /api/v1/auth/token"
# Revokes the token it is called with: run last, or every later request would only test the 401.
TOKEN_REVOKE = "DELETE /api/v1/auth/token"


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes "old" connections at each request's start and end, which on PostgreSQL closes the
    test's own connection (Django's test client switches this off the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(company, values, accounting, make_request):  # noqa: F811 - fixtures imported above
    """The company with indicator values, a value-accounting group, a project with a goal and a service request.
    Returns the path parameters that name them, for a pass of generated requests on real objects."""
    project = ProjectFactory(owner=company["branch_a"], state="proposed")
    goal = GoalFactory(project=project)
    service_request = make_request()
    return {
        "project_id": project.pk,
        "goal_id": goal.pk,
        "request_id": service_request.pk,
        "employee_no": company["person_a"].employee_no,
        # {code} names an org, a unit or an indicator, by the path it is in
        "/api/v1/orgs/": {"code": "BA"},
        "/api/v1/units/": {"code": "W1"},
        "/api/v1/indicators/": {"code": "OUT"},
    }


@pytest.fixture
def tokens(office, secretary_a):
    return {user.username: ApiToken.issue(user)[1] for user in (office, secretary_a)}


def _is_integer(parameter) -> bool:
    schema = parameter.definition.get("schema", {})
    return schema.get("type") == "integer" or any(s.get("type") == "integer" for s in schema.get("anyOf", []))


def _known_path(operation, world: dict) -> dict | None:
    """Path parameters naming objects of the world, or None when the operation has one the world does not name."""
    known = {}
    for parameter in operation.path_parameters:
        by_path = next((v for prefix, v in world.items() if operation.path.startswith(prefix)), {})
        value = by_path.get(parameter.name, world.get(parameter.name))
        if value is None or isinstance(value, dict):
            return None
        known[parameter.name] = value
    return known or None


def _strategies(operation, world: dict):
    """(label, strategy, examples): generated requests in each mode, on the world's objects, then the edge values of
    each integer parameter."""
    for mode, examples in EXAMPLES.items():
        yield mode.value, operation.as_strategy(generation_mode=mode), examples
    known = _known_path(operation, world)
    if known:
        yield f"known {known}", operation.as_strategy(path_parameters=known), KNOWN_EXAMPLES
    for location, keyword in (("query", "query"), ("path_parameters", "path_parameters")):
        for parameter in getattr(operation, location):
            if _is_integer(parameter):
                for value in EDGES:
                    yield f"{parameter.name}={value}", operation.as_strategy(**{keyword: {parameter.name: value}}), 1


def _run(operation, label: str, strategy, examples: int, tokens, failures: list, statuses: Counter) -> int:
    calls = 0

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal calls
        for who, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
            response = case.call(headers=headers)
            calls += 1
            statuses[response.status_code] += 1
            if response.status_code == 401 and operation.label not in (TOKEN_LOGIN, TOKEN_REVOKE):
                failures.append(f"{who} {label} {case.as_curl_command(headers=headers)}\n    401 with a valid token")
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as exc:  # collected, and all reported at the end
                failures.append(f"{who} {label} {case.as_curl_command(headers=headers)}\n    {exc}"[:2000])

    run()
    return calls


@pytest.mark.django_db
@pytest.mark.slow
def test_generated_requests_get_documented_answers(world, tokens, keep_test_connection):
    # the document is for signed-in callers only: load it with one of the tokens
    bearer = {"Authorization": f"Bearer {next(iter(tokens.values()))}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=bearer)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=lambda o: o.label == TOKEN_REVOKE)
    failures: list[str] = []
    statuses: Counter = Counter()
    started, calls = time.monotonic(), 0
    first = dict([next(iter(tokens.items()))])
    for operation in operations:
        for label, strategy, examples in _strategies(operation, world):
            who = first if label.endswith(EDGE_LABELS) else tokens
            calls += _run(operation, label, strategy, examples, who, failures, statuses)
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {calls} requests in {elapsed:.0f} s, {len(failures)} failures")
    print("statuses:", dict(sorted(statuses.items())))
    assert len(operations) >= 60
    assert failures == [], "\n".join(failures[:40]) + f"\n… {len(failures)} failures in all"
    # the run reached the handlers: many answers were successes, not only refusals of the generated input
    assert statuses[200] + statuses[201] > calls // 10, statuses
