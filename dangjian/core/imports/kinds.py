"""The registry of import kinds. A kind declares its columns, who may use it, how a row is checked and how it is
written. Apps register kinds in their own `imports.py` module, which is discovered the first time a kind is looked up.

    @register
    class PeopleImport(ImportKind):
        slug, label, resource = "people", _("People"), "person"
        columns = [Column("employee_no", _("employee number"), "工号", Text(30), required=True), ...]
        def check_row(self, row, ctx): ...    # add row.error(...), set row.action / row.target
        def commit_row(self, row, ctx): ...   # call the domain services as ctx.actor
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from dangjian.core.imports.columns import Column
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


def row_sentence(number: int | None, message: str) -> str:
    """'第 12 行：…' — or the message alone for a problem with the whole file."""
    return _("Row %(row)s: %(error)s") % {"row": number, "error": message} if number else message


@dataclass(slots=True)
class Row:
    """One data row on its way in: the raw cells, the parsed values of the columns present, and what is wrong."""

    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    action: str = ""
    target: Any = None
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str, column: Column | None = None) -> None:
        title = column.title if column else ""
        self.errors.append({"row": self.number, "column": title, "message": row_sentence(self.number, message)})

    def validation_errors(self, exc: ValidationError, kind: ImportKind) -> None:
        """Model validation messages, each named by the column its field comes from."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.error(message)
            return
        for name, messages in exc.message_dict.items():
            column = kind.column(name)
            for message in messages:
                if column is None:
                    self.error(message)
                else:
                    self.error(_("%(column)s: %(error)s") % {"column": column.title, "error": message}, column)


class Context:
    """What one pass over a file shares: the acting user, the columns present, parsers' lookups and the kind's
    memory of earlier rows (codes seen, orgs created by this import)."""

    def __init__(self, *, actor, kind: ImportKind, present: set[str]):
        self.actor = actor
        self.kind = kind
        self.present = present
        self.cache: dict = {}
        self.state: dict = {}
        self.row: Row | None = None  # the row being written, named in the sentence if the commit fails


class ImportKind(abc.ABC):
    """One kind of import. Subclasses set slug, label, resource, columns and implement check_row and commit_row."""

    slug: str = ""
    label: Any = ""
    description: Any = ""
    # The uploader needs the "import" grant on this resource somewhere (and "add" on the "import" resource).
    resource: str = ""
    columns: list[Column] = []
    # Where to look at the imported rows afterwards (a URL name without arguments), shown when the import is done.
    result_url: str = ""

    def allowed(self, user) -> bool:
        if is_system(user):
            return True
        return can_anywhere(user, "import", "add") and can_anywhere(user, self.resource, "import")

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def first_in_file(self, row: Row, ctx: Context, code: str) -> bool:
        """Whether `code` (the row's code column) is named here for the first time in the file; if an earlier row
        named it, the row gets the error that says which (a file names each thing once)."""
        seen = ctx.state.setdefault("seen", {})
        if code in seen:
            row.error(
                _("code “%(code)s” is also in row %(other)s.") % {"code": code, "other": seen[code]},
                self.column("code"),
            )
            return False
        seen[code] = row.number
        return True

    def check_rows(self, rows: list[Row], ctx: Context) -> None:
        """Check a chunk of parsed rows, in file order. Override to fetch what the chunk needs in one query."""
        for row in rows:
            self.check_row(row, ctx)

    @abc.abstractmethod
    def check_row(self, row: Row, ctx: Context) -> None:
        """Add errors to `row`; set row.action (CREATE/UPDATE/UNCHANGED) and row.target for commit_row."""

    @abc.abstractmethod
    def commit_row(self, row: Row, ctx: Context) -> None:
        """Write one checked row through the domain services as ctx.actor; raise DomainError to undo the import."""

    def commit_all(self, rows: list[Row], ctx: Context) -> None:
        """Write the checked rows to change (in file order), inside the commit's one transaction. By default one
        commit_row each; a kind whose rows are many and alike overrides this to write them in one go."""
        for row in rows:
            ctx.row = row
            self.commit_row(row, ctx)
        ctx.row = None

    def reference_sheets(self, user) -> list[tuple[str, list[str], list[list]]]:
        """Extra sheets for the .xlsx template, e.g. the codes the user may import into: (title, headers, rows)."""
        return []


_KINDS: dict[str, ImportKind] = {}
_discovered = False


def register(cls):
    """Class decorator: add an ImportKind to the registry."""
    _KINDS[cls.slug] = cls()
    return cls


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("imports")
        _discovered = True


def get_kind(slug: str) -> ImportKind | None:
    _discover()
    return _KINDS.get(slug)


def all_kinds() -> list[ImportKind]:
    _discover()
    return list(_KINDS.values())


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in all_kinds() if kind.allowed(user)]
