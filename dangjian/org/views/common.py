"""Small helpers the org pages share: turning selector NotFound into 404, and paginating."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404

from dangjian.core.errors import NotFound
from dangjian.core.scoping import can_anywhere


def or_404(selector, **kwargs):
    """Call a selector; an object out of scope becomes a 404, exactly like one that does not exist."""
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def require_anywhere(user, resource: str, action: str) -> None:
    """A list page needs the grant somewhere; without it the page is forbidden (its existence is no secret)."""
    if not can_anywhere(user, resource, action):
        raise PermissionDenied


def paginate(request, object_list) -> Page:
    """One page of `object_list` (PAGE_SIZE rows); a page number past the end shows the last page."""
    return Paginator(object_list, settings.PAGE_SIZE).get_page(request.GET.get("page"))
