"""The assessment and the key-task list in the API, one router of three parts:
- the templates, their categories and items: api_templates.py;
- the months (periods), their sheets and lines, the rankings and the production scores: api_periods.py;
- the key-task list: api_keytasks.py."""

from ninja import Router

from dangjian.assessment.api_keytasks import router as keytasks_router
from dangjian.assessment.api_periods import router as periods_router
from dangjian.assessment.api_templates import router as templates_router

router = Router(tags=["assessment"])
router.add_router("", templates_router)
router.add_router("", periods_router)
router.add_router("", keytasks_router)
