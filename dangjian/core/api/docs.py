"""Who may read the API's description: the OpenAPI document and the interactive docs page at /api/v1/docs.

They list every endpoint and field, so they are not public: a signed-in session or a valid bearer token (the same two
ways in as every endpoint). Anonymous callers are sent to the login page (the docs page) or get the API's JSON 401
(the document).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _

from dangjian.core.api.auth import BearerAuth


def signed_in_only(view):
    """ninja's `docs_decorator`: wraps both the document and the docs page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated or BearerAuth()(request) is not None:
            return view(request, *args, **kwargs)
        if request.path.rstrip("/").endswith("/docs"):
            return redirect_to_login(request.get_full_path())
        response = JsonResponse(
            {"message": _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'."), "errors": {}},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    return wrapper
