"""Columns of an import kind: the header names accepted for each, and the parser that turns a cell into a value.

A parser raises CellError with the end of a sentence ("出生日期“1990-13-01”不是有效日期"); the job adds "第 12 行：".
"""

from __future__ import annotations

import abc
import datetime as dt
import re
from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

# Text cells a spreadsheet would run as a formula. Refused rather than stored: they would run when exported again.
FORMULA_START = "="
LIST_SEPARATORS = re.compile(r"[、,，;；]")
DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


class CellError(Exception):
    """The cell cannot be used; `message` names the column and the value and says what is expected."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """A cell as the text a person typed: 1001.0 from a number cell becomes "1001", dates become YYYY-MM-DD."""
    if value.__class__ is str:  # most cells: CSV gives nothing else
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def normalise(text: str) -> str:
    """How headers and choice labels are compared: case, spaces, underscores, required marks and notes ignored."""
    text = re.sub(r"[(（].*?[)）]", "", str(text))
    return re.sub(r"[\s_*＊:：]", "", text).lower()


class Parser(abc.ABC):
    """Turns a non-blank cell into a value. Subclasses override parse(), describe() and, for lookups, preload()."""

    # The value of an empty cell in an optional column (the column being present means "set it to empty").
    blank: Any = None

    @abc.abstractmethod
    def parse(self, value, *, column: Column, ctx) -> Any:
        """The cell's value, or raise ValidationError with a sentence the uploader can act on."""

    def describe(self) -> str:
        """Allowed values, for the explanation sheet of the template."""
        return ""

    def display(self, value) -> str:
        return "" if value is None else as_text(value)

    def preload(self, values: list, *, ctx) -> None:  # noqa: B027 (an optional hook, empty by default)
        """Fetch, in one query, whatever parse() will look up for these raw values."""


class Text(Parser):
    blank = ""

    def __init__(self, max_length: int | None = None):
        self.max_length = max_length

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                _("%(column)s “%(value)s” is longer than %(max)s characters.")
                % {"column": column.title, "value": text[:40], "max": self.max_length}
            )
        return text

    def describe(self):
        return _("Text, at most %(max)s characters.") % {"max": self.max_length} if self.max_length else _("Text.")


class Date(Parser):
    """YYYY-MM-DD, YYYY/MM/DD (as Chinese Excel saves dates in CSV) or a date cell."""

    def parse(self, value, *, column, ctx):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
            # A number in an .xlsx date column is a date cell that lost its format: Excel counts days from 1900.
            return from_excel(value).date()
        text = as_text(value)
        match = DATE_TEXT.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        raise CellError(
            _("%(column)s “%(value)s” is not a valid date (write it as YYYY-MM-DD).")
            % {"column": column.title, "value": text[:40]}
        )

    def describe(self):
        return _("A date: YYYY-MM-DD, YYYY/MM/DD or a date cell.")


class Choice(Parser):
    """One of a TextChoices: the code, the label in English or in the user's language, or a Chinese alias."""

    def __init__(self, choices, aliases: dict[str, str] | None = None, blank: str = ""):
        self.choices = choices
        self.aliases = aliases or {}
        self.blank = blank
        self._by_language: dict[str, dict[str, str]] = {}

    def _names(self) -> dict[str, str]:
        language = translation.get_language() or ""
        if language not in self._by_language:
            self._by_language[language] = self._build_names()
        return self._by_language[language]

    def _build_names(self) -> dict[str, str]:
        names = {}
        with translation.override("en"):
            for code, label in self.choices.choices:
                names[normalise(code)] = code
                names[normalise(str(label))] = code
        for code, label in self.choices.choices:
            names[normalise(str(label))] = code
        for alias, code in self.aliases.items():
            names[normalise(alias)] = code
        return names

    def parse(self, value, *, column, ctx):
        text = as_text(value)
        code = self._names().get(normalise(text))
        if code is None:
            raise CellError(
                _("%(column)s “%(value)s” is not one of: %(allowed)s.")
                % {"column": column.title, "value": text[:40], "allowed": "、".join(self.labels())}
            )
        return code

    def labels(self) -> list[str]:
        """One name per choice: the first Chinese alias if there is one, else the label."""
        first = {}
        for alias, code in self.aliases.items():
            first.setdefault(code, alias)
        return [first.get(code, str(label)) for code, label in self.choices.choices]

    def describe(self):
        """The names a person types, one per line, in their language: the codes are accepted too, but nobody needs
        them (an English code inside a Chinese explanation reads as a foreign word)."""
        if (translation.get_language() or "").startswith("zh"):
            return "\n".join(self.labels())
        return "\n".join(str(label) for _code, label in self.choices.choices)

    def display(self, value):
        if not value:
            return ""
        if translation.get_language().startswith("zh"):
            return dict(zip(self.choices.values, self.labels(), strict=True))[value]
        return str(self.choices(value).label)


@dataclass(frozen=True)
class Pending:
    """A code not in the database that an earlier row of the same file may create (e.g. a parent org)."""

    code: str


class Ref(Parser):
    """A code that names an existing row. `queryset(ctx)` says where to look; scope is checked by the kind."""

    def __init__(self, queryset, field: str = "code", pending_ok: bool = False, describe: str = "", refuse=None):
        self.queryset = queryset
        self.field = field
        self.pending_ok = pending_ok
        self._describe = describe
        # refuse(obj) -> a sentence when a row that exists may not be used any more (a dissolved org), else None.
        self.refuse = refuse

    def _cache(self, ctx) -> dict:
        return ctx.cache.setdefault(id(self), {})

    def preload(self, values, *, ctx):
        cache = self._cache(ctx)
        wanted = {code for value in values for code in self._codes(value) if code not in cache}
        if not wanted:
            return
        found = {getattr(obj, self.field): obj for obj in self.queryset(ctx).filter(**{f"{self.field}__in": wanted})}
        for code in wanted:
            cache[code] = found.get(code)

    def _codes(self, value) -> list[str]:
        return [] if is_blank(value) else [as_text(value)]

    def lookup(self, code: str, *, column, ctx):
        cache = self._cache(ctx)
        if code not in cache:
            self.preload([code], ctx=ctx)
        obj = cache[code]
        if obj is None:
            if self.pending_ok:
                return Pending(code)
            raise CellError(_("%(column)s “%(value)s” does not exist.") % {"column": column.title, "value": code[:40]})
        problem = self.refuse(obj) if self.refuse else None
        if problem:
            raise CellError(problem)
        return obj

    def parse(self, value, *, column, ctx):
        return self.lookup(as_text(value), column=column, ctx=ctx)

    def describe(self):
        return str(self._describe)

    def display(self, value):
        if isinstance(value, Pending):
            return value.code
        return f"{getattr(value, self.field)} {value}" if value is not None else ""


class RefList(Ref):
    """Several codes in one cell, separated by 、 or a comma."""

    @property
    def blank(self):
        return []

    def _codes(self, value):
        return [] if is_blank(value) else [c.strip() for c in LIST_SEPARATORS.split(as_text(value)) if c.strip()]

    def parse(self, value, *, column, ctx):
        return [self.lookup(code, column=column, ctx=ctx) for code in dict.fromkeys(self._codes(value))]

    def display(self, value):
        return "、".join(str(getattr(obj, self.field)) for obj in value or [])


@dataclass(frozen=True)
class Column:
    """One column of an import: `key` is the field name (also accepted as the header), `zh` the Chinese header used
    in the template, `label` the translatable English name. A required column must be present and never blank."""

    key: str
    label: Any
    zh: str
    parser: Parser = field(default_factory=Text)
    _: KW_ONLY
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: Any = ""
    example: Any = ""

    @property
    def title(self) -> str:
        """The column's name in the user's language, as used in sentences."""
        return self.zh if translation.get_language().startswith("zh") else str(self.label)

    def header_names(self) -> set[str]:
        with translation.override("en"):
            english = str(self.label)
        return {normalise(n) for n in (self.key, english, str(self.label), self.zh, *self.aliases)}

    def template_header(self) -> str:
        return self.title + ("*" if self.required else "")
