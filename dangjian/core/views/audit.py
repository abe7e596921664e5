"""The audit log, for the audit administrator only: filter, page through, export. There is no way to edit or delete a
row here (or anywhere): the pages only read, and the export itself is audited."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dangjian.core import audit, audit_display, audit_masking, exports, selectors
from dangjian.core.models import AuditLog
from dangjian.core.scoping import scope_for

# An export is one workbook built in memory; past this many rows, ask for a narrower date range instead.
EXPORT_MAX_ROWS = 100_000


def _object_type_choices():
    """Our own models, by label (no query: the audit table can be large and DISTINCT on it is slow)."""
    models = [m for m in apps.get_models() if m.__module__.startswith("dangjian.")]
    choices = sorted((m._meta.label_lower, f"{m._meta.verbose_name} ({m._meta.label_lower})") for m in models)
    return [("", gettext_lazy("All object types")), *choices]


class AuditFilterForm(forms.Form):
    """Filters on the audit log; every one is optional."""

    actor = forms.CharField(label=gettext_lazy("Actor"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[("", gettext_lazy("All actions")), *AuditLog.Action.choices],
        required=False,
    )
    object_type = forms.ChoiceField(label=gettext_lazy("Object type"), choices=_object_type_choices, required=False)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=gettext_lazy("Object or comment"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _audit_rows(request):
    """The filter form and the filtered queryset (empty when the filters are invalid)."""
    if not scope_for(request.user, "audit", "view").everywhere:
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return form, selectors.audit_list(user=request.user).none()
    return form, selectors.audit_list(user=request.user, **form.cleaned_data)


def _change_list(row: AuditLog) -> list[tuple[str, object, object]]:
    """(field, before, after) for what changed. A creation lists only the filled-in values, a deletion what was lost:
    "— → x" for every field of a new row would bury the few that matter."""
    items = [(key, old, new) for key, (old, new) in audit.changes(row.before, row.after).items()]
    if row.before is None:
        items = [(key, None, new) for key, _old, new in items if new not in (None, "")]
    elif row.after is None:
        items = [(key, old, None) for key, old, _new in items if old not in (None, "")]
    # Personal fields are masked here, the one place changes are listed for the page and the export.
    return audit_masking.masked_changes(row.object_type, items)


def _change_text(row: AuditLog) -> str:
    parts = []
    for key, old, new in _change_list(row):
        if row.before is None:
            parts.append(f"{key}={new}")
        elif row.after is None:
            parts.append(f"{key}={old}")
        else:
            parts.append(f"{key}: {old} → {new}")
    return "; ".join(parts)


@require_GET
@login_required
def audit_list(request):
    form, rows = _audit_rows(request)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        audit_masking.mask(row)
        row.change_list = _change_list(row)
        # Named and written out for reading (core/audit_display.py); the export keeps the raw keys and values.
        row.changes_shown = audit_display.changes(
            row.object_type, row.change_list, created=row.before is None, deleted=row.after is None
        )
    context = {"form": form, "page": page}
    template = "core/audit_table.html" if request.htmx else "core/audit_list.html"
    return render(request, template, context)


@require_GET
@login_required
def audit_export(request):
    form, rows = _audit_rows(request)
    if not scope_for(request.user, "audit", "export").everywhere:
        raise PermissionDenied
    if rows.count() > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("More than %(limit)s rows match. Choose a shorter date range and export again.")
            % {"limit": f"{EXPORT_MAX_ROWS:,}"},
        )
        return redirect(reverse("core:audit") + "?" + request.GET.urlencode())
    filters = {k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    # Who took a copy of the log, and of which part, is itself an audit event.
    audit.record(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        object_type=AuditLog._meta.label_lower,
        object_repr=str(AuditLog._meta.verbose_name_plural),
        comment=", ".join(f"{k}={v}" for k, v in filters.items()),
    )
    columns = [
        (_("Time"), lambda r: r.at),
        (_("Actor"), lambda r: r.actor_name),
        (_("Action"), lambda r: r.get_action_display()),
        (_("Object type"), lambda r: r.object_type),
        (_("Object id"), lambda r: r.object_id),
        (_("Object"), lambda r: r.object_repr),
        (_("Changes"), _change_text),
        (_("Comment"), lambda r: r.comment),
        (_("Client address"), lambda r: r.client_address),
    ]
    filename = f"audit-log-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    # The export masks exactly what the page masks (core/audit_masking.py).
    return exports.columns_export(_Masked(rows), columns, filename, sheet_title=str(_("Audit log")))


class _Masked:
    """The queryset's rows, each through `audit_masking.mask()`, in chunks as `columns_export` reads them."""

    def __init__(self, queryset):
        self.queryset = queryset

    def iterator(self, chunk_size: int = 2000):
        for row in self.queryset.iterator(chunk_size=chunk_size):
            yield audit_masking.mask(row)
