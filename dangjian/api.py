"""The REST API under /api/v1/: one NinjaAPI, routers per app, domain errors mapped to JSON in one handler."""

from ninja import NinjaAPI

api = NinjaAPI(title="dangjian API", version="1", urls_namespace="api")
