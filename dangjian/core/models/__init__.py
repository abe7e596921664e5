from dangjian.core.models.audit import AuditLog
from dangjian.core.models.imports import ImportJob
from dangjian.core.models.notification import Notification
from dangjian.core.models.tasks import PeriodicRun, TaskFailure
from dangjian.core.models.tree import TreeNode

__all__ = ["AuditLog", "ImportJob", "Notification", "PeriodicRun", "TaskFailure", "TreeNode"]
