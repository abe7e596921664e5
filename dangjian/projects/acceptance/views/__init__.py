from dangjian.projects.acceptance.views.panels import (
    member_add,
    member_remove,
    panel_configure,
    panel_create,
    panel_detail,
    panel_list,
    panel_submit,
)
from dangjian.projects.acceptance.views.results import awards, certificate, export, lock, results
from dangjian.projects.acceptance.views.sheet import score, sheet

__all__ = [
    "awards",
    "certificate",
    "export",
    "lock",
    "member_add",
    "member_remove",
    "panel_configure",
    "panel_create",
    "panel_detail",
    "panel_list",
    "panel_submit",
    "results",
    "score",
    "sheet",
]
