"""LDAP / Active Directory sign-in through the normal username and password form (django-auth-ldap).

The directory checks the password; the account is the one of the person whose employee number the directory entry
holds (LDAP_EMPLOYEE_NUMBER_ATTRIBUTE: employeeNumber in OpenLDAP, employeeID in AD), never one named after the
directory's username. Nothing is copied from the directory into the account and no group grants anything: roles stay
in this system. The backend comes after the local one (settings.AUTHENTICATION_BACKENDS): see settings for why.
"""

from __future__ import annotations

import ldap
from django.conf import settings
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_auth_ldap.backend import LDAPBackend, ldap_error
from django_auth_ldap.config import LDAPSearch

from dangjian.accounts.backends import AccountBackend
from dangjian.accounts.sso.matching import Refused, account_for, refuse

# The refusal's sentence travels to the login form on the request (the form shows it instead of "wrong password").
REFUSAL_ATTRIBUTE = "sso_refusal"


class DirectoryBackend(LDAPBackend):
    @property
    def default_settings(self):
        # Built per backend instance (Django makes one per sign-in), so tests can override the plain settings.
        options = {
            ldap.OPT_NETWORK_TIMEOUT: settings.SSO_TIMEOUT_SECONDS,
            ldap.OPT_TIMEOUT: settings.SSO_TIMEOUT_SECONDS,
            # AD answers searches with referrals to servers this host may not reach; following them would hang.
            ldap.OPT_REFERRALS: 0,
        }
        if settings.LDAP_CA_CERT_FILE:
            # A connection's own TLS options take effect only with a new TLS context made after them (last).
            options[ldap.OPT_X_TLS_CACERTFILE] = settings.LDAP_CA_CERT_FILE
            options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
            options[ldap.OPT_X_TLS_NEWCTX] = 0
        return {
            "USER_SEARCH": LDAPSearch(settings.LDAP_USER_SEARCH_BASE, ldap.SCOPE_SUBTREE, settings.LDAP_USER_FILTER),
            "USER_ATTRLIST": [settings.LDAP_EMPLOYEE_NUMBER_ATTRIBUTE, "cn"],
            "CONNECTION_OPTIONS": options,
            # Accounts are found by employee number below, never created or updated from the entry; no groups.
            "ALWAYS_UPDATE_USER": False,
            "FIND_GROUP_PERMS": False,
            "MIRROR_GROUPS": None,
        }

    def get_or_build_user(self, username, ldap_user):
        """Called once the directory accepted the password: the matched account (never built here)."""
        values = (ldap_user.attrs or {}).get(settings.LDAP_EMPLOYEE_NUMBER_ATTRIBUTE) or [""]
        request = ldap_user._request
        try:
            user = account_for(way="ldap", employee_no=values[0], name=username)
        except Refused as refused:
            if request is not None:
                setattr(request, REFUSAL_ATTRIBUTE, refused.message)
            raise ldap_user.AuthenticationFailed(refused.message) from refused
        if request is not None:
            request.sso_way = "ldap"  # named in the login's audit row (accounts/signals.py)
        return user, False

    def get_user(self, user_id):
        # The session names this backend: read the account as the local backend does (with the person, active only).
        return AccountBackend().get_user(user_id)


@receiver(ldap_error, sender=DirectoryBackend)
def directory_unreachable(sender, context, user, request, exception, **kwargs):
    """django-auth-ldap swallows a directory that is down or refuses the service account: say so on the form instead
    of "wrong password", and audit it with the reason (the administrators' local passwords still work)."""
    if request is None or context not in ("authenticate", "search_for_user_dn"):
        return
    name = request.POST.get("username", "") if hasattr(request, "POST") else ""
    refused = refuse(
        way="ldap",
        name=name,
        why=f"directory error {exception.__class__.__name__}",
        message=_(
            "The company directory could not be reached. Please try again later, or ask the system administrator."
        ),
    )
    setattr(request, REFUSAL_ATTRIBUTE, refused.message)
