"""Spreadsheet import kinds of the org app: people (人员), party organisations (党组织) and production units
(生产单位). Importing this package with dangjian.core.imports, which discovers it by
name."""

from dangjian.org.imports import orgs, people, units

__all__ = ["orgs", "people", "units"]
