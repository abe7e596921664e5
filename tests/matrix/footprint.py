"""What a refused request must leave as it was, read in ONE statement.

A permission matrix reads the tables a refused request could have touched before and after each cell. Read through
the ORM that is one compiled query per table, twice per cell, over thousands of cells: most of a matrix's time went
into compiling those queries. Here each part is a sub-select of one SELECT, built once per set of parts:

- `rows(Model, "field", ...)`: the fields of every row in id order, joined into one text (a changed value, a new or a
  deleted row changes it);
- `count(Model, where=...)`: how many rows (where the SQL condition holds).

Portable: string_agg on PostgreSQL, group_concat over an ordered sub-select on SQLite."""

from __future__ import annotations

from functools import cache

from django.db import connection

from dangjian.core.models import AuditLog


def rows(model, *fields: str) -> tuple:
    return ("rows", model, fields, "")


def count(model, where: str = "") -> tuple:
    return ("count", model, (), where)


# The audit rows a matrix counts: everything but sign-ins and exports (a refused export writes nothing either, but a
# sign-in of the test client does).
AUDIT = count(AuditLog, where="action NOT IN ('login', 'export')")


def _part(part: tuple, vendor: str) -> str:
    kind, model, fields, where = part
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    condition = f" WHERE {where}" if where else ""
    if kind == "count":
        return f"(SELECT COUNT(*) FROM {table}{condition})"
    columns = [qn(model._meta.get_field(name).column) for name in fields]
    text = " || '|' || ".join(f"COALESCE(CAST({column} AS TEXT), '~')" for column in columns)
    if vendor == "postgresql":
        return f"(SELECT string_agg({text}, ',' ORDER BY {pk}) FROM {table}{condition})"
    return f"(SELECT group_concat(t, ',') FROM (SELECT {text} AS t FROM {table}{condition} ORDER BY {pk}))"


@cache
def _sql(parts: tuple, vendor: str) -> str:
    return "SELECT " + ", ".join(_part(part, vendor) for part in parts)


def snapshot(*parts: tuple) -> tuple:
    """The parts' values, in order, from one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(parts, connection.vendor))
        return cursor.fetchone()
