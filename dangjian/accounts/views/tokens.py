"""API tokens, for the security administrator: who holds which token, with what scope, when it expires and when it
was last used (never its secret), and a button to revoke one. Revoking is audited by the service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import selectors, services
from dangjian.accounts.views.common import OWN, grant_required, safe_next
from dangjian.core.views.pages import paginate, refusal_as_message


@grant_required("token", "view")
def token_list(request):
    account = request.GET.get("account", "").strip()[:150]
    tokens = selectors.token_list(user=request.user, account=account)
    context = {
        "page": paginate(request, tokens),
        "account": account,
        "can_delete": selectors.may(request.user, "token", "delete"),
    }
    return render(request, "accounts/token_list.html", context)


@require_POST
@grant_required("token", "delete")
def token_revoke(request):
    """POST token=<id>. An unknown or malformed id answers with a message, not an error page."""
    raw = request.POST.get("token", "")
    token = selectors.token_get(user=request.user, pk=int(raw)) if raw.isdigit() and len(raw) < 19 else None
    if token is None:
        messages.error(request, _("No such token: it may have been revoked already."))
    else:
        label = f"{token.user.username} #{token.pk}"
        with refusal_as_message(request, also=OWN) as refused:
            services.token_revoke(actor=request.user, token=token)
        if not refused:
            messages.success(request, _("Token %(token)s revoked.") % {"token": label})
    return redirect(safe_next(request, reverse("accounts:tokens")))
