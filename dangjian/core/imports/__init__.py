"""Spreadsheet imports: a registry of kinds (columns, permission, row check, commit through the domain services),
upload → background check → preview → confirm → background commit in one transaction. See kinds.py to add a kind."""

from dangjian.core.imports.columns import CellError, Choice, Column, Date, Pending, Ref, RefList, Text
from dangjian.core.imports.kinds import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Context,
    ImportKind,
    Row,
    get_kind,
    kinds_for,
    register,
)

__all__ = [
    "CREATE",
    "UNCHANGED",
    "UPDATE",
    "CellError",
    "Choice",
    "Column",
    "Context",
    "Date",
    "ImportKind",
    "Pending",
    "Ref",
    "RefList",
    "Row",
    "Text",
    "get_kind",
    "kinds_for",
    "register",
]
