"""The OpenAPI document, the docs page, and error responses that are JSON with a message."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from dangjian.accounts.models import ApiToken

PATHS = {
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/me": {"get"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/inbox": {"get"},
    "/api/v1/notifications/{notification_id}/read": {"post"},
    "/api/v1/orgs": {"get", "post"},
    "/api/v1/orgs/{code}": {"get", "patch"},
    "/api/v1/orgs/{code}/members": {"get"},
    "/api/v1/orgs/{code}/warnings": {"get"},
    "/api/v1/orgs/{code}/seats": {"get", "post"},
    "/api/v1/orgs/{code}/seats/{seat_id}/end": {"post"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/units/{code}": {"get", "patch"},
    "/api/v1/accounts/{username}/person": {"post"},
    "/api/v1/accounts/bulk": {"post"},
    "/api/v1/roles/bulk": {"post"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{employee_no}": {"get", "patch"},
    "/api/v1/people/{employee_no}/status": {"post"},
    "/api/v1/people/{employee_no}/history": {"get"},
    "/api/v1/indicators": {"get", "post"},
    "/api/v1/indicators/values": {"post"},
    "/api/v1/indicators/{code}": {"get", "patch"},
    "/api/v1/indicators/{code}/series": {"get"},
    "/api/v1/indicators/{code}/targets": {"get", "post", "delete"},
    "/api/v1/panels": {"get", "post"},
    "/api/v1/panels/{panel_id}": {"get", "patch"},
    "/api/v1/panels/{panel_id}/criteria": {"put"},
    "/api/v1/panels/{panel_id}/members": {"post"},
    "/api/v1/panels/{panel_id}/members/{member_id}": {"delete"},
    "/api/v1/panels/{panel_id}/results": {"get"},
    "/api/v1/panels/{panel_id}/scores": {"post"},
    "/api/v1/projects": {"get", "post"},
    "/api/v1/projects/{project_id}": {"get", "patch"},
    "/api/v1/projects/{project_id}/transitions": {"post"},
    "/api/v1/projects/{project_id}/goals": {"get", "post"},
    "/api/v1/projects/{project_id}/goals/{goal_id}": {"patch", "delete"},
    "/api/v1/projects/{project_id}/measures": {"get", "post"},
    "/api/v1/projects/{project_id}/measures/{measure_id}": {"patch", "delete"},
    "/api/v1/projects/{project_id}/sub-plans": {"get", "post"},
    "/api/v1/projects/{project_id}/sub-plans/{sub_plan_id}": {"patch", "delete"},
    "/api/v1/projects/{project_id}/tasks": {"get", "post"},
    "/api/v1/projects/{project_id}/tasks/{task_id}": {"patch", "delete"},
    "/api/v1/projects/{project_id}/tasks/{task_id}/report": {"post"},
    "/api/v1/projects/{project_id}/rule-revisions": {"get", "post"},
    "/api/v1/projects/{project_id}/rule-revisions/{rule_id}": {"patch", "delete"},
    "/api/v1/projects/{project_id}/effects": {"get"},
    "/api/v1/projects/{project_id}/reviews": {"get", "post"},
    "/api/v1/projects/rag": {"get"},
    "/api/v1/costs/programmes": {"get", "post"},
    "/api/v1/costs/programmes/{programme_id}": {"get", "patch"},
    "/api/v1/costs/programmes/{programme_id}/items": {"get", "post"},
    "/api/v1/costs/programmes/{programme_id}/items/{item_id}": {"patch", "delete"},
    "/api/v1/costs/programmes/{programme_id}/items/{item_id}/measures": {"post"},
    "/api/v1/costs/programmes/{programme_id}/items/{item_id}/measures/{measure_id}": {"patch", "delete"},
    "/api/v1/costs/programmes/{programme_id}/results": {"get"},
    "/api/v1/value/records": {"post"},
    "/api/v1/value/records/batch": {"post"},
    "/api/v1/value/rankings": {"get"},
    "/api/v1/value/items": {"post"},
    "/api/v1/value/items/{code}/prices": {"post"},
    "/api/v1/value/groups": {"post"},
    "/api/v1/value/units": {"post"},
    "/api/v1/value/winners/{year}": {"get", "put"},
    "/api/v1/value/winners/{year}/compute": {"post"},
    "/api/v1/orgs/{code}/compliance": {"get"},
    "/api/v1/meetings": {"get", "post"},
    "/api/v1/meetings/{meeting_id}": {"get"},
    "/api/v1/service/requests": {"get", "post"},
    "/api/v1/service/requests/{request_id}": {"get"},
    "/api/v1/service/requests/{request_id}/transitions": {"post"},
    "/api/v1/service/deadlines": {"get"},
    "/api/v1/service/deadlines/{category}": {"put"},
    "/api/v1/service/calendar": {"get", "post"},
    "/api/v1/service/calendar/{day}": {"delete"},
    "/api/v1/points/entries": {"get", "post"},
    "/api/v1/points/entries/{entry_id}/decision": {"post"},
    "/api/v1/points/leaderboard": {"get"},
    "/api/v1/points/appeals": {"get", "post"},
    "/api/v1/points/appeals/{appeal_id}/decision": {"post"},
    "/api/v1/points/rules": {"get", "post"},
    "/api/v1/points/rules/{rule_id}": {"patch"},
    "/api/v1/points/rules/{rule_id}/retire": {"post"},
    "/api/v1/points/appraisal-inputs": {"get", "post"},
    "/api/v1/points/branch-templates/{year}": {"get", "put"},
    "/api/v1/points/branch-ratings": {"get", "post"},
    "/api/v1/stars": {"get"},
    "/api/v1/posts/counts": {"get"},
    **{
        path: ops
        for kind in ("zones", "pioneers", "taskforces", "pairings")
        for path, ops in {
            f"/api/v1/posts/{kind}": {"get", "post"},
            f"/api/v1/posts/{kind}/{{post_id}}": {"get", "patch"},
            f"/api/v1/posts/{kind}/{{post_id}}/end": {"post"},
        }.items()
    },
    "/api/v1/posts/pairings/{post_id}/check-ins": {"get", "post"},
    "/api/v1/posts/challenges": {"get", "post"},
    "/api/v1/posts/challenges/{challenge_id}": {"get", "patch"},
    "/api/v1/posts/challenges/{challenge_id}/cancel": {"post"},
    "/api/v1/posts/challenges/{challenge_id}/applications": {"post"},
    "/api/v1/posts/challenges/{challenge_id}/application": {"patch", "delete"},
    "/api/v1/dues/bases": {"get", "post"},
    "/api/v1/dues/sheet": {"get"},
    "/api/v1/dues/payments": {"post"},
    "/api/v1/dues/reasons": {"post"},
    "/api/v1/dues/reconciliations": {"post"},
    "/api/v1/dues/collection": {"get"},
    "/api/v1/dues/recalculation": {"post"},
    "/api/v1/channels/addresses": {"get"},
    "/api/v1/channels/addresses/{account_id}": {"put"},
    "/api/v1/channels/deliveries": {"get"},
    "/api/v1/channels/deliveries/{delivery_id}": {"get"},
    "/api/v1/channels/preferences": {"get", "put"},
    "/api/v1/transfers": {"get", "post"},
    "/api/v1/transfers/{transfer_id}": {"get"},
    "/api/v1/transfers/{transfer_id}/{step}": {"post"},
    "/api/v1/transfers/floating": {"get", "post"},
    "/api/v1/transfers/floating/{record_id}": {"get", "patch"},
    "/api/v1/assessment/periods": {"get", "post"},
    "/api/v1/assessment/periods/{period_id}": {"get"},
    "/api/v1/assessment/periods/{period_id}/lock": {"post"},
    "/api/v1/assessment/periods/{period_id}/unlock": {"post"},
    "/api/v1/assessment/production-scores": {"get", "post"},
    "/api/v1/assessment/rankings": {"get"},
    "/api/v1/assessment/sheets/{sheet_id}": {"get"},
    "/api/v1/assessment/sheets/{sheet_id}/move": {"post"},
    "/api/v1/assessment/sheets/{sheet_id}/lines/{code}/self-assessment": {"post"},
    "/api/v1/assessment/sheets/{sheet_id}/lines/{code}/deduction": {"post"},
    "/api/v1/assessment/templates": {"get", "post"},
    "/api/v1/assessment/templates/{template_id}": {"get", "patch"},
    "/api/v1/assessment/templates/{template_id}/copy": {"post"},
    "/api/v1/assessment/templates/{template_id}/categories": {"post"},
    "/api/v1/assessment/templates/{template_id}/categories/{category_id}": {"patch"},
    "/api/v1/assessment/templates/{template_id}/items": {"post"},
    "/api/v1/assessment/templates/{template_id}/items/{code}": {"patch"},
    "/api/v1/keytasks": {"get", "post"},
    "/api/v1/keytasks/{task_id}": {"patch"},
    "/api/v1/keytasks/{task_id}/close": {"post"},
    "/api/v1/keytasks/{task_id}/confirm": {"post"},
    "/api/v1/keytasks/{task_id}/cancel": {"post"},
    "/api/v1/keytasks/{task_id}/restore": {"post"},
    "/api/v1/recruitment/steps": {"get"},
    "/api/v1/recruitment/files": {"get", "post"},
    "/api/v1/recruitment/files/{file_id}": {"get"},
    "/api/v1/recruitment/files/{file_id}/steps": {"post"},
    "/api/v1/recruitment/files/{file_id}/stop": {"post"},
    "/api/v1/recruitment/files/{file_id}/extend": {"post"},
    "/api/v1/recruitment/plans": {"get", "put"},
    "/api/v1/archive/categories": {"get", "post"},
    "/api/v1/archive/categories/defaults": {"post"},
    "/api/v1/archive/categories/{category_id}": {"put"},
    "/api/v1/archive/categories/{category_id}/retire": {"post"},
    "/api/v1/archive/items": {"get", "post"},
    "/api/v1/archive/items/{item_id}": {"get", "put"},
    "/api/v1/archive/items/{item_id}/retire": {"post"},
    "/api/v1/archive/items/{item_id}/file": {"get"},
    "/api/v1/archive/file": {"post"},
    "/api/v1/archive/zips": {"post"},
    "/api/v1/archive/zips/{zip_id}": {"get"},
    "/api/v1/procedures": {"get", "post"},
    "/api/v1/procedures/standard": {"post"},
    "/api/v1/procedures/{procedure_id}": {"get"},
    "/api/v1/procedures/{procedure_id}/versions": {"post"},
    "/api/v1/procedures/{procedure_id}/retire": {"post"},
    "/api/v1/procedures/meetings/{meeting_id}": {"get"},
    "/api/v1/procedures/meetings/{meeting_id}/ticks": {"post"},
    "/api/v1/procedures/elections/{org_code}": {"get"},
    "/api/v1/procedures/elections/{org_code}/ticks": {"post"},
    "/api/v1/duties": {"get", "post"},
    "/api/v1/duties/report": {"get"},
    "/api/v1/duties/{list_id}": {"get", "patch"},
    "/api/v1/duties/{list_id}/retire": {"post"},
    "/api/v1/duties/{list_id}/items": {"post"},
    "/api/v1/duties/{list_id}/items/{item_id}": {"put", "delete"},
    "/api/v1/duties/{list_id}/items/{item_id}/done": {"post"},
    "/api/v1/talent/models": {"get", "post"},
    "/api/v1/talent/models/{model_id}": {"get", "patch"},
    "/api/v1/talent/models/{model_id}/retire": {"post"},
    "/api/v1/talent/models/{model_id}/items": {"post"},
    "/api/v1/talent/items/{item_id}": {"patch", "delete"},
    "/api/v1/talent/models/{model_id}/readiness": {"get"},
    "/api/v1/talent/ratings": {"post"},
    "/api/v1/talent/pool": {"get", "post"},
    "/api/v1/talent/pool/{member_id}": {"patch"},
    "/api/v1/talent/pool/{member_id}/leave": {"post"},
    "/api/v1/talent/criteria": {"get", "post"},
    "/api/v1/talent/criteria/{criterion_id}": {"patch"},
    "/api/v1/talent/criteria/{criterion_id}/retire": {"post"},
    "/api/v1/talent/plans": {"get", "post"},
    "/api/v1/talent/plans/{plan_id}": {"get", "patch"},
    "/api/v1/talent/plans/{plan_id}/evaluate": {"post"},
    "/api/v1/talent/plans/{plan_id}/end": {"post"},
    "/api/v1/talent/mentors": {"get"},
    "/api/v1/talent/contests": {"get", "post"},
    "/api/v1/talent/contests/{result_id}": {"patch", "delete"},
    "/api/v1/drills": {"get", "post"},
    "/api/v1/drills/per-team": {"get"},
    "/api/v1/drills/{drill_id}": {"get", "patch", "delete"},
    "/api/v1/drills/{drill_id}/attendance": {"put"},
    "/api/v1/articles/columns": {"get", "post"},
    "/api/v1/articles/columns/{column_id}": {"patch"},
    "/api/v1/articles/columns/{column_id}/retire": {"post"},
    "/api/v1/articles": {"get", "post"},
    "/api/v1/articles/{article_id}": {"get", "patch"},
    "/api/v1/articles/{article_id}/move": {"post"},
    "/api/v1/forums": {"get", "post"},
    "/api/v1/forums/{session_id}": {"get", "patch"},
    "/api/v1/forums/{session_id}/move": {"post"},
    "/api/v1/forums/{session_id}/presentations": {"post"},
    "/api/v1/forums/{session_id}/presentations/{presentation_id}": {"patch", "delete"},
    "/api/v1/forums/{session_id}/votes": {"post"},
    "/api/v1/indices/values": {"get"},
    "/api/v1/indices/values/{value_id}": {"get"},
    "/api/v1/indices/distribution": {"get"},
    "/api/v1/indices/weights": {"get", "post"},
    "/api/v1/indices/weights/{version_id}": {"delete"},
    "/api/v1/indices/recompute": {"post"},
    "/api/v1/cockpit/summary": {"get"},
    "/api/v1/burden/meter": {"get"},
    "/api/v1/burden/recompute": {"post"},
    "/api/v1/burden/rows": {"get"},
    "/api/v1/drafts": {"get"},
    "/api/v1/cockpit/map": {"get"},
    "/api/v1/cockpit/thresholds": {"get", "put"},
}


@pytest.mark.django_db
def test_openapi_document_lists_every_path(client, office):
    client.force_login(office)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert {path: set(ops) for path, ops in document["paths"].items()} == PATHS
    assert set(document["components"]["securitySchemes"]) == {"BearerAuth", "SessionAuth"}
    # the token endpoint is the one place without auth
    assert "security" not in document["paths"]["/api/v1/auth/token"]["post"]
    assert document["paths"]["/api/v1/orgs"]["get"]["security"]


@pytest.mark.django_db
def test_openapi_document_is_built_once_and_is_the_fresh_one(client, office, monkeypatch):
    """Building it takes seconds (dangjian/core/api/schema.py): the second request is served what the first built,
    and that is what ninja builds from scratch."""
    from ninja import NinjaAPI

    from dangjian.api import api

    api._schemas.clear()
    built = []
    original = NinjaAPI.get_openapi_schema

    def counting(self, **kwargs):
        built.append(kwargs)
        return original(self, **kwargs)

    monkeypatch.setattr(NinjaAPI, "get_openapi_schema", counting)
    client.force_login(office)
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert (first.status_code, second.status_code) == (200, 200)
    assert built == [{"path_prefix": "/api/v1/"}]
    assert json.loads(second.content) == json.loads(first.content)
    assert json.loads(first.content) == json.loads(json.dumps(original(api, path_prefix="/api/v1/"), default=str))


@pytest.mark.django_db
def test_docs_page_uses_local_static_files_only(client, office):
    client.force_login(office)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, html
    assert all(ref.startswith("/static/") for ref in references), references
    assert "cdn" not in html.lower()
    assert "//" not in "".join(ref.removeprefix("/static/") for ref in references)
    # and every referenced file is really shipped (vendored by django-ninja, found by the static finders)
    for ref in references:
        assert finders.find(ref.removeprefix("/static/")), ref


@pytest.mark.django_db
def test_document_and_docs_page_are_not_public(office):
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    document = anonymous.get("/api/v1/openapi.json")
    assert document.status_code == 401
    assert document.json()["message"].startswith("Sign in")
    assert "paths" not in document.json()
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/")
    # a wrong token is no way in either
    assert anonymous.get("/api/v1/openapi.json", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


@pytest.mark.django_db
def test_document_is_readable_with_a_bearer_token(office):
    _, raw = ApiToken.issue(office)
    response = Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert "/api/v1/orgs" in response.json()["paths"]


@pytest.mark.django_db
def test_invalid_json_body_is_400(as_user, company):
    client = as_user("office")
    response = client.client.post("/api/v1/orgs", data="{not json", content_type="application/json", **client.headers)
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.django_db
def test_error_messages_follow_the_language(as_user, company):
    client = as_user(None)
    english = client.client.get("/api/v1/orgs", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 401
    assert english.json()["message"].startswith("Sign in")


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.django_db
def test_unknown_api_paths_are_json_404(client, method):
    response = getattr(client, method)("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.django_db
def test_unexpected_errors_are_json_500_without_details(as_user, company, monkeypatch, caplog):
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("dangjian.org.api.orgs.services.org_update", explode)
    client = as_user("office")
    client.client.raise_request_exception = False
    response = client.patch("/orgs/BA", {"name": "x"})
    assert response.status_code == 500
    assert response.json()["message"]
    assert "secret internals" not in response.content.decode()
    assert "secret internals" in caplog.text
