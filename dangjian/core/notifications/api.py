"""The caller's own notifications in the API: every one (filtered by state and kind), the work inbox (待办), and
"mark read". Somebody else's notification is 404, exactly like one that does not exist."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.core.api.errors import LIST_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.models import Notification
from dangjian.core.notifications import selectors, services

router = Router(tags=["notifications"])

StateCode = Literal[tuple(Notification.State.values)]


class NotificationOut(Schema):
    id: int
    kind: str = Field(..., description="What it is about, named by its app (e.g. projects.approve, service.accepted).")
    subject: str
    text: str
    link: str = Field(..., description="The page where the work is done or the matter is shown.")
    action: bool = Field(..., description="It asks you to act; it stays in the inbox until the work is done.")
    state: StateCode = Field(..., description="new, read, or done (the work it asked for is done).")
    created_at: dt.datetime
    read_at: dt.datetime | None
    done_at: dt.datetime | None


class NotificationQuery(Schema):
    state: StateCode | None = Field(None, description="Only notifications in this state.")
    kind: str | None = Field(None, max_length=50, description="Only notifications of this kind.")


@router.get(
    "/notifications",
    response={200: list[NotificationOut], **LIST_ERRORS},
    summary="List your notifications",
    url_name="notification_list",
)
@paginate(Pagination)
def notification_list(request, filters: Query[NotificationQuery]):
    """Your own notifications, unread first, newest first; `state` and `kind` narrow the list."""
    kinds = [filters.kind] if filters.kind else None
    return selectors.notification_list(user=request.auth_user, kinds=kinds, state=filters.state)


@router.get(
    "/notifications/inbox",
    response={200: list[NotificationOut], **LIST_ERRORS},
    summary="Your work inbox",
    url_name="notification_inbox",
)
@paginate(Pagination)
def notification_inbox(request):
    """待办: what asks you to act and is not done yet, newest first. `count` is the number the home page shows."""
    return selectors.inbox_list(user=request.auth_user)


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **WRITE_ERRORS},
    summary="Mark a notification read",
    url_name="notification_mark_read",
)
def notification_mark_read(request, notification_id: int):
    """Mark one of your notifications read (reading is not doing: an inbox item stays until its work is done).
    Somebody else's answers 404."""
    notification = selectors.notification_get(user=request.auth_user, pk=notification_id)
    return services.notification_mark_read(actor=request.auth_user, notification=notification)
