from dangjian.projects.projects.models.plan import Goal, Measure, RuleRevision, SubPlan, Task
from dangjian.projects.projects.models.project import Domain, Project, ProjectMember, ProjectTransition, State

__all__ = [
    "Domain",
    "Goal",
    "Measure",
    "Project",
    "ProjectMember",
    "ProjectTransition",
    "RuleRevision",
    "State",
    "SubPlan",
    "Task",
]
