"""The projects app's API: projects with their lifecycle moves, and their goals."""

from ninja import Router

from dangjian.projects.projects.api import goals, projects

router = Router()
router.add_router("", projects.router)
router.add_router("", goals.router)
