"""Small helpers the account pages share: the grant check and the safe return address."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from dangjian.accounts.selectors import may
from dangjian.core.errors import NotPermitted

# What an administrator may not do to their own account (their own roles, password, active flag) is refused where
# they are, on the form or as a message (pass it as `also=` to core/views/pages.refusal*); the grant for the page
# itself is checked by grant_required.
OWN = (NotPermitted,)


def grant_required(resource: str, action: str = "view"):
    """Anonymous users go to the login page; signed-in users without the global grant get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not may(request.user, resource, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def safe_next(request, default: str) -> str:
    """The ?next= / POST next address if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
