"""Forms of the channels pages: one's own preferences (a choice per external channel) and an account's addresses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.channels.models import ChannelPreference


class PreferencesForm(forms.Form):
    """A choice per external channel; the fields are made from the rows the page shows."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row["channel"]] = forms.ChoiceField(
                label=row["label"],
                choices=ChannelPreference.Mode.choices,
                initial=row["mode"],
                widget=forms.Select(attrs={"class": "form-select"}),
            )


class AddressesForm(forms.Form):
    """An account's WeCom userid, DingTalk userid and mobile number; an empty field removes the address."""

    wecom = forms.CharField(label=_("WeCom userid"), max_length=64, required=False)
    dingtalk = forms.CharField(label=_("DingTalk userid"), max_length=64, required=False)
    sms = forms.CharField(label=_("Mobile number (SMS)"), max_length=20, required=False)

    def __init__(self, *args, account, **kwargs):
        initial = {a.channel: a.address for a in account.channel_addresses.all()}
        super().__init__(*args, initial=initial, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
