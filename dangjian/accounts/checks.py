"""`manage.py check --database default` reports accounts that break 三员分立 (an install from before the rule)."""

from __future__ import annotations

from django.core.checks import Warning, register
from django.db import DatabaseError


@register("database")
def separation_of_duties(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from dangjian.accounts.separation import breaches

    try:
        found = breaches()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Warning(
            f"Account {username} holds {', '.join(roles)}: the system, security and audit administrator roles must "
            "each be held alone (三员分立).",
            hint="Take the extra roles away on the roles page (security administrator).",
            id="accounts.W001",
        )
        for username, roles in found
    ]


# Each way of single sign-on is switched on by one variable; these are the others it cannot work without.
SSO_NEEDS = {
    "AUTH_LDAP_SERVER_URI": ("LDAP_SERVER_URI", ["LDAP_USER_SEARCH_BASE"]),
    "OIDC_RP_CLIENT_ID": (
        "OIDC_RP_CLIENT_ID",
        [
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        ],
    ),
    "WECOM_CORP_ID": ("WECOM_CORP_ID", ["WECOM_AGENT_ID", "WECOM_SECRET"]),
    "DINGTALK_CLIENT_ID": ("DINGTALK_CLIENT_ID", ["DINGTALK_CLIENT_SECRET"]),
}


@register()
def single_sign_on_settings(app_configs=None, **kwargs):
    """A way of single sign-on switched on without the rest of its variables fails at the first sign-in: say so at
    start-up (`manage.py check`, also run by `migrate` and `runserver`) instead."""
    from django.conf import settings

    errors = []
    for setting, (variable, needed) in SSO_NEEDS.items():
        if not getattr(settings, setting, ""):
            continue
        missing = [name for name in needed if not getattr(settings, name, "")]
        if missing:
            errors.append(
                Warning(
                    f"{variable} is set but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty: "
                    "that sign-in way cannot work.",
                    hint="Set them in the environment (see .env.example and docs/operations.md, 'Single sign-on').",
                    id="accounts.W002",
                )
            )
    return errors
