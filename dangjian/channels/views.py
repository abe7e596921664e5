"""Channel pages: one's own channel preferences (every signed-in user, from the account menu), the delivery log
(党群工作部 and the system administrator; filter by channel and state; another's row is 404) and the accounts'
message addresses (the system administrator)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.channels import selectors, services
from dangjian.channels.forms import AddressesForm, PreferencesForm
from dangjian.channels.models import EXTERNAL, Channel, Delivery
from dangjian.core.permissions import VIEW
from dangjian.core.views.pages import paginate, refusal_on, require_anywhere


@login_required
def preferences(request):
    rows = selectors.own_channels(user=request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.preferences_set(actor=request.user, modes=form.cleaned_data)
        if not refused:
            messages.success(request, _("Your channels are saved."))
            return redirect("channels:preferences")
    status = 400 if request.method == "POST" else 200
    for row in rows:
        row["field"] = form[row["channel"]]
    context = {"form": form, "rows": rows, "quiet": settings.CHANNELS_QUIET_HOURS}
    return render(request, "channels/preferences.html", context, status=status)


@login_required
def delivery_list(request):
    require_anywhere(request.user, "channel_delivery", VIEW)
    channel = request.GET.get("channel", "")
    state = request.GET.get("state", "")
    channel = channel if channel in EXTERNAL else ""
    state = state if state in Delivery.State.values else ""
    page = paginate(request, selectors.delivery_list(user=request.user, channel=channel, state=state))
    context = {
        "page": page,
        "channel": channel,
        "state": state,
        "channels": [(c.value, c.label) for c in EXTERNAL],
        "states": Delivery.State.choices,
    }
    return render(request, "channels/delivery_list.html", context)


@login_required
def delivery_detail(request, pk: int):
    delivery = selectors.delivery_get(user=request.user, pk=pk)
    return render(request, "channels/delivery_detail.html", {"delivery": delivery})


def _require_addresses(user, action: str = VIEW) -> None:
    # Administration data: 403 to everyone without the system administrator's grant (docs: "403 or 404").
    if not selectors.may_keep_addresses(user, action):
        raise PermissionDenied


@login_required
def address_list(request):
    _require_addresses(request.user)
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(request, selectors.address_accounts(user=request.user, q=q))
    labels = dict(Channel.choices)
    for account in page.object_list:
        account.addresses = [(labels[a.channel], a.address) for a in account.channel_addresses.all()]
    return render(request, "channels/address_list.html", {"page": page, "q": q})


@login_required
def address_edit(request, pk: int):
    _require_addresses(request.user)
    account = selectors.address_account(user=request.user, pk=pk)
    form = AddressesForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.addresses_set(actor=request.user, account=account, addresses=form.cleaned_data)
        if not refused:
            messages.success(request, _("The addresses of %(name)s are saved.") % {"name": account.display_name})
            return redirect("channels:addresses")
    status = 400 if request.method == "POST" else 200
    return render(request, "channels/address_form.html", {"form": form, "account": account}, status=status)
