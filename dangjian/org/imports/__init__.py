"""Spreadsheet import kinds of the org app: people (人员) and party organisations (党组织). Importing this package
registers them with dangjian.core.imports, which discovers it by name."""

from dangjian.org.imports import orgs, people

__all__ = ["orgs", "people"]
