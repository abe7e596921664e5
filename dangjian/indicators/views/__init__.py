"""Indicator pages: the catalogue, an indicator's trend, table and records, its exports, manual entry, targets and
the kiosk of key indicators."""

from dangjian.indicators.views.catalogue import catalogue
from dangjian.indicators.views.detail import indicator_page
from dangjian.indicators.views.edit import indicator_create, indicator_edit, indicator_retire
from dangjian.indicators.views.entry import targets, value_entry
from dangjian.indicators.views.exports import series_export, table_export
from dangjian.indicators.views.kiosk import kiosk, kiosk_tiles

__all__ = [
    "catalogue",
    "indicator_create",
    "indicator_edit",
    "indicator_retire",
    "indicator_page",
    "kiosk",
    "kiosk_tiles",
    "series_export",
    "table_export",
    "targets",
    "value_entry",
]
