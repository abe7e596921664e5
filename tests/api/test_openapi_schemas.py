"""The OpenAPI document names each schema once and documents every error with the one error shape (finding 9).

django-ninja files every schema under its class name in `components.schemas`: two classes of the same name and the
second silently replaces the first (`/projects/{id}/transitions` was documented with the concern actions' body).
The document cannot show that, so the walk below collects the pydantic models each operation really uses."""

import collections
import json
import typing

import pytest
from pydantic import BaseModel

from dangjian.api import api
from dangjian.core.api.errors import ErrorOut
from tests.api.conftest import ApiClient
from tests.factories import UserFactory, account_with_role


def _models(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def operations():
    for router in api._get_bound_routers():
        for path, view in router.path_operations.items():
            for operation in view.operations:
                if operation.include_in_schema:
                    yield path, operation


def schema_classes_by_name() -> dict[str, set[type]]:
    """Every request and response model of every operation (nested ones included), by the name it is filed under."""
    by_name: dict[str, set[type]] = collections.defaultdict(set)
    for _path, operation in operations():
        found: set = set()
        for model in [*operation.models, *operation.response_models.values()]:
            _models(model, found)
        for model in found:
            by_name[model.__name__].add(model)
    return by_name


def test_the_walk_sees_the_schemas():
    names = schema_classes_by_name()
    # a request body, a response, a nested response and the error schema: if these go missing, the walk is blind
    assert {"ProjectTransitionIn", "ServiceTransitionResult", "RankOut", "ErrorOut"} <= set(names), sorted(names)


# ninja's own per-operation wrappers: never filed in components.schemas, so their names may repeat
WRAPPERS = {"NinjaResponseSchema", "BodyParams", "QueryParams", "PathParams", "FormParams", "FileParams"}


def test_no_schema_name_is_used_by_two_classes():
    """Two classes under one name clash unless they are the same schema (ninja builds a Paged<Item> per list)."""
    clashes = {}
    for name, classes in schema_classes_by_name().items():
        if name in WRAPPERS:
            continue
        shapes = {json.dumps(c.model_json_schema(), sort_keys=True) for c in classes}
        if len(shapes) > 1:
            clashes[name] = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
    assert clashes == {}


@pytest.mark.django_db
def test_transitions_are_documented_with_their_own_bodies(client):
    client.force_login(UserFactory())  # the document is for signed-in callers only
    document = json.loads(client.get("/api/v1/openapi.json").content)
    paths, schemas = document["paths"], document["components"]["schemas"]

    def body(path):
        ref = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return schemas[ref.rsplit("/", 1)[1]]

    project = body("/api/v1/projects/{project_id}/transitions")
    service = body("/api/v1/service/requests/{request_id}/transitions")
    assert project != service
    assert project["title"] == "ProjectTransitionIn"
    assert service["title"] == "ServiceTransitionIn"


ERROR_REF = f"#/components/schemas/{ErrorOut.__name__}"


@pytest.mark.django_db
def test_every_error_status_is_documented_with_the_error_schema(client):
    """Each operation documents 400/401/403/404 (409 for writes) with ErrorOut, and nothing else for an error."""
    client.force_login(UserFactory())  # the document is for signed-in callers only
    document = json.loads(client.get("/api/v1/openapi.json").content)
    wrong = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status, response in responses.items():
                if int(status) >= 400:
                    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
                    if ref != ERROR_REF:
                        wrong.append((method, path, status, ref))
            if path.startswith("/api/v1/auth/") or path == "/api/v1/me":
                continue  # the token endpoints and /me have no parameters to refuse or objects to find
            expected = {"400", "401", "403", "404"} | ({"409"} if method != "get" else set())
            missing = expected - set(responses)
            if missing:
                wrong.append((method, path, "missing", sorted(missing)))
    assert wrong == []


@pytest.mark.django_db
def test_a_bad_row_of_indicator_values_matches_the_error_schema(client, company):
    """The body-level 400 of POST /indicators/values (errors.rows of {row, field, message}) is an ErrorOut."""
    mes = ApiClient(client, account_with_role("integration", company["root"], username="mes"))
    response = mes.post(
        "/indicators/values", {"values": [{"indicator": "NOPE", "unit": "CO", "period": "2026-12-06", "value": "1"}]}
    )
    assert response.status_code == 400, response.content
    ErrorOut.model_validate(response.json())
    assert response.json()["errors"]["rows"][0]["row"] == 1


@pytest.mark.django_db
def test_a_malformed_body_of_indicator_values_matches_the_error_schema(as_user, company):
    response = as_user("office").post("/indicators/values", {"values": "not a list"})
    assert response.status_code == 400, response.content
    ErrorOut.model_validate(response.json())
    assert response.json()["errors"]["values"]
