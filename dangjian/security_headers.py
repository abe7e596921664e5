"""Content-Security-Policy and Permissions-Policy on every response, from settings.

Django 5.2 sends the other security headers itself (SecurityMiddleware: HSTS, nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware). These two it does not, until Django 6.0's built-in CSP. The
policy is fixed — no nonces, since no template has inline script — so a few lines here serve better than a dependency
(django-csp 4 plus django-permissions-policy) whose nonce machinery the site would not use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings


def csp_header(directives: Mapping[str, Sequence[str]]) -> str:
    """`{"default-src": ["'self'"], ...}` as the header value `default-src 'self'; ...`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_policy_header(features: Mapping[str, Sequence[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` as `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Adds the two headers unless a view set its own (a view may narrow the policy for itself)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = csp_header(getattr(settings, "CONTENT_SECURITY_POLICY", {}))
        self.permissions_policy = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = self.csp
        if self.permissions_policy and "Permissions-Policy" not in response.headers:
            response.headers["Permissions-Policy"] = self.permissions_policy
        return response
