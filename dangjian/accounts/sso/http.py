"""The one way the vendor clients (wecom.py, dingtalk.py) talk to their servers: JSON over HTTPS with `requests`
(already a dependency of mozilla-django-oidc), a timeout on every call, and one error type for whatever goes wrong."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings


class ProviderError(Exception):
    """The identity provider refused or could not be reached; the text is for the audit log, not for the user."""


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: the employee number that finds the person, and a name for the log."""

    employee_no: str
    name: str


def call(method: str, url: str, *, params=None, json=None, headers=None) -> tuple[int, dict]:
    """(status, JSON body) of one request; ProviderError when the server is unreachable or answers no JSON object."""
    try:
        response = requests.request(
            method, url, params=params, json=json, headers=headers, timeout=settings.SSO_TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        raise ProviderError(f"{method} {url}: {exc.__class__.__name__}") from exc
    try:
        body = response.json()
    except ValueError as exc:
        raise ProviderError(f"{method} {url}: HTTP {response.status_code}, not JSON") from exc
    if not isinstance(body, dict):
        raise ProviderError(f"{method} {url}: HTTP {response.status_code}, not a JSON object")
    return response.status_code, body
