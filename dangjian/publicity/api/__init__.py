"""Publicity in the API: articles (/articles: list, read, write, change, the editorial moves), columns
(/articles/columns, 党群工作部) and forums (/forums: sessions, presenters, the audience's one vote, the ranking).
Every write goes through publicity.services; orgs and projects are named by code, people by employee number."""

from dangjian.publicity.api import articles, forums  # noqa: F401 (each adds its operations to the router)
from dangjian.publicity.api.common import router

__all__ = ["router"]
