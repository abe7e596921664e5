"""Writes for the acceptance panels. Each service checks permission, validates and writes its audit row in the same
transaction; the panel row is locked while it changes."""

from dangjian.projects.acceptance.services.panels import (
    criteria_set,
    panel_configure,
    panel_create,
    panel_member_add,
    panel_member_remove,
    panel_update,
)
from dangjian.projects.acceptance.services.results import awards_set, panel_lock, panel_submit, results_export_audit
from dangjian.projects.acceptance.services.scores import score_save, scores_save

__all__ = [
    "awards_set",
    "criteria_set",
    "panel_configure",
    "panel_create",
    "panel_lock",
    "panel_member_add",
    "panel_member_remove",
    "panel_submit",
    "panel_update",
    "results_export_audit",
    "score_save",
    "scores_save",
]
