"""The projects app's API: projects with their lifecycle moves, their goals, and the rest of their plan (measures,
sub-plans, tasks, rules revised)."""

from ninja import Router

from dangjian.projects.projects.api import goals, plan, projects

router = Router()
router.add_router("", projects.router)
router.add_router("", goals.router)
router.add_router("", plan.router)
