"""The REST API under /api/v1/: one NinjaAPI, routers per app, domain errors mapped to JSON in one handler.

Every endpoint accepts a bearer token or the browser session (with CSRF for unsafe methods) except POST /auth/token.
The OpenAPI document is at /api/v1/openapi.json and the interactive docs at /api/v1/docs (local static files only),
both for signed-in users and token holders only (dangjian/core/api/docs.py).
"""

from dangjian.accounts.api import router as accounts_router
from dangjian.affairs.dues.api import router as dues_router
from dangjian.affairs.recruitment.api import router as recruitment_router
from dangjian.affairs.transfers.api import router as transfers_router
from dangjian.archive.api import router as archive_router
from dangjian.assessment.api import router as assessment_router
from dangjian.burden.api import router as burden_router
from dangjian.channels.api import router as channels_router
from dangjian.cockpit.api import router as cockpit_router
from dangjian.core.api import errors
from dangjian.core.api.auth import API_AUTH
from dangjian.core.api.docs import signed_in_only
from dangjian.core.api.schema import CachedSchemaAPI
from dangjian.core.notifications.api import router as notifications_router
from dangjian.drafts.api import router as drafts_router
from dangjian.handbook.api import router as handbook_router
from dangjian.indicators.api import router as indicators_router
from dangjian.indices.api import router as indices_router
from dangjian.meetings.api import router as meetings_router
from dangjian.org.api import router as org_router
from dangjian.points.api import router as points_router
from dangjian.posts.api import router as posts_router
from dangjian.projects.acceptance.api import router as acceptance_router
from dangjian.projects.boards.api import router as boards_router
from dangjian.projects.costs.api import router as costs_router
from dangjian.projects.effects.api import router as effects_router
from dangjian.projects.projects.api import router as projects_router
from dangjian.projects.reviews.api import router as reviews_router
from dangjian.publicity.api import router as publicity_router
from dangjian.service.api import router as service_router
from dangjian.talent.api import router as talent_router
from dangjian.value.api import router as value_router

api = CachedSchemaAPI(
    title="dangjian API",
    version="1",
    description=(
        "Party orgs, production units and people, scoped to what the caller may see. "
        "Authenticate with a bearer token from POST /auth/token (or the browser session). A token's scope narrows "
        "it: `full` = what the account's roles allow; `read` = GET only (any write answers 403); `push` = only "
        "POST /indicators/values and POST /value/records (MES/ERP). Tokens end when the account's password changes "
        "or it is deactivated."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    docs_decorator=signed_in_only,
)
errors.install(api)
api.add_router("", accounts_router)
api.add_router("", notifications_router)
api.add_router("", org_router)
api.add_router("", indicators_router)
# Reviews before projects: GET /projects/rag must match before /projects/{project_id} takes "rag" for an id.
api.add_router("", reviews_router)
api.add_router("", projects_router)
api.add_router("", acceptance_router)
api.add_router("", boards_router)
api.add_router("", costs_router)
api.add_router("", effects_router)
api.add_router("", value_router)
api.add_router("", meetings_router)
api.add_router("", service_router)
api.add_router("", points_router)
api.add_router("", posts_router)
api.add_router("", recruitment_router)
api.add_router("", dues_router)
api.add_router("", transfers_router)
api.add_router("", assessment_router)
api.add_router("", channels_router)
api.add_router("", handbook_router)
api.add_router("", talent_router)
api.add_router("", publicity_router)
api.add_router("", archive_router)
api.add_router("", indices_router)
api.add_router("", cockpit_router)
api.add_router("", drafts_router)
api.add_router("", burden_router)
api.add_router("", errors.unknown_paths())
