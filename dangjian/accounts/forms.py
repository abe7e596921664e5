"""Forms for logging in, passwords, accounts and role assignments. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from dangjian.core.errors import DomainError
from dangjian.core.permissions import ROLE_CHOICES

# Evaluated per request, in the user's language (help texts are ours, so templates mark them safe).
_validators_help = lazy(password_validation.password_validators_help_text_html, str)()


class BootstrapMixin:
    """Gives every widget the Bootstrap class it needs, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def add_domain_error(form: forms.Form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's error on the form: on the field it names (mapped to the form's field name), else on top."""
    field_map = field_map or {}
    for key in exc.errors if isinstance(exc.errors, dict) else ():
        name = field_map.get(key, key)
        if name in form.fields:
            # The service's sentence is the readable one; its per-field entries may be short codes.
            form.add_error(name, exc.message)
            return
    form.add_error(None, exc.message)


class LoginForm(BootstrapMixin, AuthenticationForm):
    """Django's login form (it calls authenticate(), so django-axes counts failures) with our widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def get_invalid_login_error(self):
        # The directory accepted the password but the person cannot sign in here (accounts/sso/ldap.py): say why.
        refusal = getattr(self.request, "sso_refusal", None)
        if refusal:
            return forms.ValidationError(refusal, code="sso_refused")
        return super().get_invalid_login_error()


class PasswordChangeForm(BootstrapMixin, forms.Form):
    """The user's own password change; the strength rules are checked by the service (Django's validators)."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_validators_help,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class SetPasswordForm(BootstrapMixin, forms.Form):
    """A password set by the system administrator for someone else."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_validators_help,
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class AccountCreateForm(SetPasswordForm):
    """A new login, optionally linked to a person found by employee number."""

    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    employee_no = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        required=False,
        help_text=_("Links the account to this person. Leave empty for the three system administrators."),
    )
    field_order = ["username", "employee_no", "email", "password1", "password2"]

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean_employee_no(self):
        return self.cleaned_data["employee_no"].strip()


class AccountFilterForm(BootstrapMixin, forms.Form):
    """Search on the account list."""

    STATUS_CHOICES = [("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Username, name or employee number"), "type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class RoleAssignForm(BootstrapMixin, forms.Form):
    """Give an account a role over an org (picked by code), or over the whole system for a system role."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    org_code = forms.CharField(
        label=_("Organisation code"),
        max_length=40,
        required=False,
        help_text=_("The role reaches this organisation and everything under it. Empty for system roles."),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean_org_code(self):
        return self.cleaned_data["org_code"].strip()


class RoleFilterForm(BootstrapMixin, forms.Form):
    """Filters on the role-assignment list."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *ROLE_CHOICES], required=False)
    org = forms.CharField(label=_("Organisation code"), required=False, max_length=40)
    subtree = forms.BooleanField(label=_("Include sub-organisations"), required=False)
    user = forms.CharField(label=_("Account"), required=False, max_length=150)


def split_names(text: str) -> list[str]:
    """Names pasted one per line (or separated by commas, 、 or spaces), in order, without repeats."""
    import re

    return list(dict.fromkeys(n for n in re.split(r"[\s,，、;；]+", text or "") if n))


class LinkPersonForm(BootstrapMixin, forms.Form):
    """Link an account to a person by employee number (empty: unlink)."""

    employee_no = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        required=False,
        help_text=_("The person this account belongs to. Leave empty to unlink."),
    )

    def clean_employee_no(self):
        return self.cleaned_data["employee_no"].strip()


BULK_MAX = 500


class BulkAccountsForm(BootstrapMixin, forms.Form):
    """Accounts for many people at once, by employee number."""

    employee_nos = forms.CharField(
        label=_("Employee numbers"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line (or separated by commas), e.g. copied from the people list or a spreadsheet. Each person "
            "gets an account named by their employee number and a one-time password."
        ),
    )

    def clean_employee_nos(self):
        names = split_names(self.cleaned_data["employee_nos"])
        if not names:
            raise forms.ValidationError(_("Give at least one employee number."))
        if len(names) > BULK_MAX:
            raise forms.ValidationError(_("At most %(n)s at a time.") % {"n": BULK_MAX})
        return names


class BulkRoleForm(BootstrapMixin, forms.Form):
    """The same role over the same org for many accounts."""

    names = forms.CharField(
        label=_("Accounts"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Usernames or employee numbers, one per line (or separated by commas)."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    org_code = forms.CharField(
        label=_("Organisation code"),
        max_length=40,
        required=False,
        help_text=_("The role reaches this organisation and everything under it. Empty for system roles."),
    )

    def clean_names(self):
        names = split_names(self.cleaned_data["names"])
        if not names:
            raise forms.ValidationError(_("Give at least one account."))
        if len(names) > BULK_MAX:
            raise forms.ValidationError(_("At most %(n)s at a time.") % {"n": BULK_MAX})
        return names

    def clean_org_code(self):
        return self.cleaned_data["org_code"].strip()
