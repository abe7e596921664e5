"""One place maps errors to JSON: {"message": <a translated sentence>, "errors": {field: [messages]}}."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dangjian.core.concurrency import conflict_for
from dangjian.core.errors import DomainError


class RowErrorOut(Schema):
    """One bad field of one row of a batch (POST /indicators/values lists them under `errors.rows`)."""

    row: int = Field(description="1-based position of the row in the batch.")
    field: str
    message: str


class ErrorOut(Schema):
    """What every error response looks like (400, 401, 403, 404, 409 and 500 alike)."""

    message: str = Field(description="A sentence the caller can act on, in the request's language.")
    errors: dict[str, list[str | RowErrorOut]] = Field(
        {},
        description="Messages per field (`__all__` for the whole request). A batch's bad rows are under `rows`, "
        "one {row, field, message} each.",
    )


logger = logging.getLogger(__name__)

# The error statuses an endpoint may answer with, for the OpenAPI document: any request can fail validation (400)
# or authentication (401); a visible object may still be refused (403, and 403 for a session without its CSRF
# token); anything looked up may be out of scope (404); a write may meet a concurrent one (409).
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
LIST_ERRORS = READ_ERRORS
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}

# Where a request value came from, and the name of the parameter holding a schema: not part of the field name.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
# Endpoints name their schema parameters with these words, so "body.payload.name" reports as "name".
SCHEMA_PARAMS = {"payload", "filters", "pagination"}


def _field_name(loc: list, param_names: set[str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in param_names:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _message(error: dict) -> str:
    """A translated sentence for a pydantic error type (pydantic's own messages are English only)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind == "string_too_long":
        return _("Use at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Use at least %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Use a value of at least %(min)s.") % {"min": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Use a value of at most %(max)s.") % {"max": ctx.get("le", ctx.get("lt"))}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in ("string_type", "model_type", "dict_type", "model_attributes_type"):
        return _("This value has the wrong type.")
    return _("Enter a valid value.")


def validation_errors(exc: NinjaValidationError, param_names: set[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", []), param_names), []).append(_message(error))
    return errors


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance (ninja's defaults answer {"detail": ...})."""

    def json_error(request, status: int, message: str, errors: dict | None = None):
        return api.create_response(request, {"message": str(message), "errors": errors or {}}, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        errors = exc.errors if isinstance(exc.errors, dict) else {"__all__": [str(e) for e in exc.errors]}
        errors = {k: [str(m) for m in (v if isinstance(v, (list, tuple)) else [v])] for k, v in errors.items()}
        return json_error(request, exc.status, exc.message, errors)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        errors = validation_errors(exc, SCHEMA_PARAMS)
        return json_error(request, 400, _("Some of the values are not valid; see the errors for each field."), errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = json_error(request, 401, _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'."))
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):
            return json_error(request, 403, _("The CSRF token is missing or wrong; reload the page and try again."))
        return json_error(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return json_error(request, 404, _("Not found, or you do not have access to it."))

    @api.exception_handler(DatabaseError)
    def database_error(request, exc: DatabaseError):
        if isinstance(exc, DataError):
            # A value the database cannot hold (PostgreSQL: a NUL character, a number out of range, text too long
            # for its column) that no check before it caught: the caller's input, so 400, not 500.
            logger.warning("API data error on %s %s: %s", request.method, request.path, exc)
            message = _(
                "One of the values cannot be stored: it is too long, out of range or contains a NUL character. "
                "Correct it and send it again."
            )
            return json_error(request, 400, message)
        # The last line against races: a service that did not guard its insert, or the write lock not had in time.
        conflict = conflict_for(exc)
        if conflict is None:
            return unexpected(request, exc)
        logger.warning("API conflict on %s %s: %s", request.method, request.path, exc)
        return domain_error(request, conflict)

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        # With DEBUG on, ninja's default (the traceback as text) helps more; otherwise log it and say so in JSON.
        if settings.DEBUG:
            raise exc
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        message = _("Something went wrong on our side. Try again later, and tell the administrator if it persists.")
        return json_error(request, 500, message)


def unknown_paths() -> Router:
    """Add this router last: any other path under the API answers 404 in JSON rather than with the site's HTML page."""
    router = Router()

    @router.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
    def unknown_path(request, rest: str):
        raise Http404

    return router
