"""Spreadsheet import kinds of the org app: people (人员), party organisations (党组织), production units (生产单位)
and committee seats (委员). Importing this package with dangjian.core.imports, which discovers it by
name."""

from dangjian.org.imports import orgs, people, seats, units

__all__ = ["orgs", "people", "seats", "units"]
