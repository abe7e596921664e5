"""Logins, logouts and failed logins go to the audit log (a cross-cutting concern, so a signal is right here)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from dangjian.core import audit
from dangjian.core.models import AuditLog


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # A single sign-on names its way (accounts/sso/); a password sign-in has no comment.
    way = getattr(request, "sso_way", "")
    audit.record(actor=user, action=AuditLog.Action.LOGIN, obj=user, comment=f"sso:{way}" if way else "")


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action=AuditLog.Action.LOGOUT, obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "sso_refusal", None):
        # The directory accepted the password and accounts/sso/matching.py already audited why it was refused.
        return
    username = str(credentials.get("username", ""))[:150]
    # The failed attempt is recorded even if the surrounding request is rolled back.
    with transaction.atomic():
        audit.record(
            actor=None,
            action=AuditLog.Action.LOGIN_FAILED,
            actor_name=username,
            object_type="accounts.user",
            object_repr=username,
        )
