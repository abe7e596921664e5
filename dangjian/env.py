"""Small typed parsers for settings read from environment variables (tested in tests/core/test_env.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured, ValueError):
    """A variable is set to something its parser cannot read (Django refuses to start with the message)."""


# Django's own rule for a usable key (check --deploy, security.W009): long, varied, and not a generated placeholder.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_INSECURE_PREFIX = "django-insecure-"


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    return (environ if environ is not None else os.environ).get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise EnvError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_decimal(name: str, default: str, environ: Mapping[str, str] | None = None) -> Decimal:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None or raw.strip() == "":
        return Decimal(default)
    try:
        value = Decimal(raw.strip())
    except InvalidOperation as exc:
        raise EnvError(f"{name} must be a decimal number such as 0.10, not {raw!r}") from exc
    if not value.is_finite():
        raise EnvError(f"{name} must be a finite decimal number, not {raw!r}")
    return value


def secret_key_problem(value: str) -> str | None:
    """Why `value` is too weak to sign sessions and tokens, or None when it is strong enough."""
    if len(value) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(value)} characters; it needs at least {SECRET_KEY_MIN_LENGTH}"
    if len(set(value)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"it has only {len(set(value))} different characters; it needs at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS}"
        )
    if value.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"it starts with {SECRET_KEY_INSECURE_PREFIX!r}, the mark of a key generated for development"
    return None


def env_secret_key(name: str, *, debug: bool, development_key: str, environ: Mapping[str, str] | None = None) -> str:
    """The signing key. With debug on, any key (or none: `development_key`); with debug off, only a strong one."""
    value = (environ if environ is not None else os.environ).get(name, "")
    if debug:
        return value or development_key
    if not value:
        raise EnvError(f"Set {name} (or DJANGO_DEBUG=true for local development).")
    problem = secret_key_problem(value)
    if problem:
        raise EnvError(
            f"{name} is too weak for production: {problem}. Generate one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    return value
