"""How the audit page shows what changed: each key under a name in the reader's language (the model field's verbose
name, or what the app that wrote it calls it), each value as readable text — a choice's label, 是/否, a local time, a
list joined with 、, a related row as its number — never raw JSON, codes or True/False.

The rows keep their raw keys and values: the filters match them and the export carries them unchanged (the record as
written, for whoever processes the log further). Values are shown after `audit_masking.masked_changes`, so what the
auditor may not read stays masked. Naming costs no query (the app registry and dictionaries only).

Apps name the keys they write beside their models' fields (a transition's step, a batch's counts) in an optional
`audit_labels.py` (core/capabilities.py): `KEYS = {audit label: {key: (name, {code: label} or None)}}` (the labels
may also be a function returning them).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from dangjian.core.capabilities import capability_modules

# Keys the services write in summary rows (an import, an export, a batch, a reminder run) rather than a model's field:
# named once here for every app.
SUMMARY_KEYS = {
    "rows": pgettext_lazy("audit key", "rows"),
    "filters": pgettext_lazy("audit key", "filters"),
    "phones_masked": pgettext_lazy("audit key", "phones masked"),
    "export": pgettext_lazy("audit key", "export"),
    "month": pgettext_lazy("audit key", "month"),
    "kind": pgettext_lazy("audit key", "kind"),
    "file": pgettext_lazy("audit key", "file"),
    "count": pgettext_lazy("audit key", "count"),
    "first_id": pgettext_lazy("audit key", "first id"),
    "last_id": pgettext_lazy("audit key", "last id"),
    "created": pgettext_lazy("audit key", "created"),
    "updated": pgettext_lazy("audit key", "updated"),
    "unchanged": pgettext_lazy("audit key", "unchanged"),
    "from": pgettext_lazy("audit key", "from"),
    "to": pgettext_lazy("audit key", "to"),
    "until": pgettext_lazy("audit key", "until"),
    "records": pgettext_lazy("audit key", "records"),
    "reminders": pgettext_lazy("audit key", "reminders"),
    "projects": pgettext_lazy("audit key", "projects"),
    "orgs": pgettext_lazy("audit key", "organisations"),
    "units": pgettext_lazy("audit key", "units"),
    "staff": pgettext_lazy("audit key", "staff"),
    "items": pgettext_lazy("audit key", "items"),
    "history": pgettext_lazy("audit key", "history"),
    "rerun": pgettext_lazy("audit key", "run again"),
    "create": pgettext_lazy("audit key", "rows to create"),
    "update": pgettext_lazy("audit key", "rows to update"),
    "unit": pgettext_lazy("audit key", "unit"),
    "year": pgettext_lazy("audit key", "year"),
}
SHOWN_CHARS = 40
SYSTEM_NAME = "system"


@dataclass(frozen=True)
class Shown:
    """A value as the page shows it: `text` (cut to SHOWN_CHARS) and, when something is left out, the whole of it
    for the hover title."""

    text: str
    detail: str = ""


@dataclass(frozen=True)
class Change:
    """One listed change: the key's name, its raw key (for the hover title) and the values before and after."""

    label: str
    key: str
    before: Shown | None
    after: Shown | None


def _import_kinds() -> dict:
    from dangjian.core.imports.kinds import all_kinds

    return {kind.slug: kind.label for kind in all_kinds()}


# Core's own rows: an import job's summary names its kind by its label.
CORE_KEYS = {"core.importjob": {"kind": (pgettext_lazy("audit key", "kind"), _import_kinds)}}


@functools.cache
def _app_keys() -> dict[str, dict[str, tuple]]:
    keys: dict[str, dict[str, tuple]] = {label: dict(named) for label, named in CORE_KEYS.items()}
    for module in capability_modules("audit_labels"):
        for label, named in getattr(module, "KEYS", {}).items():
            keys.setdefault(label, {}).update(named)
    return keys


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    """The model's field that `key` names (by name, or by attname for a foreign key's id), else None."""
    if model is None:
        return None
    for field in model._meta.get_fields():
        if field.name == key or getattr(field, "attname", None) == key:
            return field if hasattr(field, "verbose_name") else None
    return None


def key_label(label: str, key: str) -> str | None:
    """The name of `key` in a row about `label`, in the reader's language; None when nothing names it."""
    named = _app_keys().get(label, {}).get(key)
    if named:
        return str(named[0])
    field = _field(_model(label), key)
    if field is not None:
        name = field.verbose_name
        if not isinstance(name, str):
            return str(name)
        # A field without a verbose name gets one made from its name ("decided by", "template"), never passed through
        # gettext: look it up now (the app's catalogue often has the words), else name a relation by what it points at.
        translated = _(name)
        if translated == name and field.is_relation and field.related_model is not None:
            return str(field.related_model._meta.verbose_name)
        return translated
    if key in SUMMARY_KEYS:
        return str(SUMMARY_KEYS[key])
    return None


def _choices(label: str, key: str, field) -> dict:
    named = _app_keys().get(label, {}).get(key)
    if named and named[1]:
        labels = named[1]() if callable(named[1]) else named[1]
        return {code: str(text) for code, text in labels.items()}
    if field is not None and getattr(field, "choices", None):
        return {code: str(text) for code, text in field.flatchoices}
    base = getattr(field, "base_field", None)  # an array of choices
    if base is not None and getattr(base, "choices", None):
        return {code: str(text) for code, text in base.flatchoices}
    return {}


def _scalar(value, *, field, choices: dict, key: str = "") -> str:
    if value is None or value == "":
        return "—"
    if key.endswith("_name") and value == SYSTEM_NAME:
        return _("System")  # the name the services write for the system actor (core/services.SYSTEM)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and value in choices:
        return choices[value]
    if field is not None and (field.many_to_one or field.one_to_one) and str(value).isdigit():
        return f"#{value}"  # a related row by its number: naming it would take a query per row, and could unmask
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and "<" in value and ">" in value:
        return strip_tags(value).strip() or "—"  # rich text (minutes): its words, not its markup
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    return str(value)


def _entries(count: int) -> str:
    return _("%(n)s entries") % {"n": count} if count != 1 else _("1 entry")


def _text(value, *, label: str, key: str, field) -> tuple[str, str]:
    """(readable text, whole detail or "") of one value."""
    choices = _choices(label, key, field)
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return "、".join(_scalar(v, field=None, choices=choices) for v in value) or "—", ""
        return _entries(len(value)), json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        # Pairs when every key has a name (a checklist, an export's filters); a map keyed by ids (attendance by
        # person, scores by criterion) says how many entries it holds, the whole of it in the hover title.
        names = {k: key_label(label, k) for k in value}
        plain = all(not isinstance(v, (list, dict)) for v in value.values())
        if plain and all(names.values()):
            parts = [
                _("%(key)s: %(value)s") % {"key": names[k], "value": _scalar(v, field=None, choices={})}
                for k, v in value.items()
            ]
            return "；".join(parts) or "—", ""
        return _entries(len(value)), json.dumps(value, ensure_ascii=False)
    return _scalar(value, field=field, choices=choices, key=key), ""


def shown(value, *, label: str, key: str, field=None) -> Shown:
    text, detail = _text(value, label=label, key=key, field=field)
    if len(text) > SHOWN_CHARS:
        return Shown(text[: SHOWN_CHARS - 1] + "…", detail or text)
    return Shown(text, detail)


def changes(label: str, items: list[tuple[str, object, object]], *, created: bool, deleted: bool) -> list[Change]:
    """The masked (field, before, after) items of a row about `label`, named and written out for the page: a
    creation shows the new values only, a deletion the lost ones."""
    model = _model(label)
    pk = model._meta.pk.attname if model is not None else None
    listed = []
    for key, old, new in items:
        if key == pk and (created or deleted):
            continue  # the row's number is already beside its type
        field = _field(model, key)
        name = key_label(label, key) or key
        before = None if created else shown(old, label=label, key=key, field=field)
        after = None if deleted else shown(new, label=label, key=key, field=field)
        listed.append(Change(name, key, before, after))
    return listed
