"""The publicity section of the home page: the latest company news (one query)."""

from __future__ import annotations

from dangjian.core.scoping import can_anywhere
from dangjian.publicity import selectors


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not can_anywhere(user, "article", "view"):
        return []
    latest = selectors.latest_news(user=user, n=5)
    return [("publicity/_home.html", {"news": latest})] if latest else []
