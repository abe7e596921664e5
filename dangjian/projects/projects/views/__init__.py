from dangjian.projects.projects.views.detail import (
    project_detail,
    project_results,
    project_transition,
    rule_add,
    rule_edit,
    rule_remove,
    task_evidence,
    task_report,
)
from dangjian.projects.projects.views.edit import project_create, project_edit
from dangjian.projects.projects.views.lists import project_export, project_list, project_stats

__all__ = [
    "project_create",
    "project_detail",
    "project_edit",
    "project_export",
    "project_list",
    "project_results",
    "project_stats",
    "project_transition",
    "rule_add",
    "rule_edit",
    "rule_remove",
    "task_evidence",
    "task_report",
]
