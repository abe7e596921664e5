"""What every page shares: domain errors shown the one way, the "grant somewhere" check of list pages, pagination.

Pages call selectors and services directly. A `NotFound` or `NotPermitted` they raise is not caught in the view:
`core/middleware.py` answers it with the 404 or 403 page (and a `Conflict` outside a form with the 409 page), as the
API's one handler does in JSON (`core/api/errors.py`). What a user can correct and send again — `InvalidInput`, and
a `Conflict` such as a duplicate name — is shown where they are, through one of two context managers:

    with refusal_on(form) as refused:            # a form: per-field messages on their fields, the rest on top
        services.person_update(actor=user, person=person, **form.cleaned_data)
    if not refused:
        return redirect(...)
    return render(..., status=400)

    with refusal_as_message(request) as refused:  # a button: the sentence as an error message after the redirect
        services.entry_reverse(actor=user, entry=entry, reason=reason)
    if not refused:
        messages.success(request, ...)
    return redirect(...)

A refusal shown as a message leaves its status on the request (`request.refusal_status`, 400 or 409): the response is
a redirect like a success's, and the burden meter reads the send's outcome from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page

from dangjian.core.counting import ListPaginator
from dangjian.core.errors import Conflict, DomainError, InvalidInput
from dangjian.core.scoping import can_anywhere

# The refusals a page shows where the user is; the others (403, 404) are answered by the middleware.
SHOWN = (InvalidInput, Conflict)


class Refusal:
    """What `refusal_on` / `refusal_as_message` caught: false while nothing was refused."""

    def __init__(self) -> None:
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        """The status to re-render the page with: the error's (400 or 409)."""
        return self.error.status if self.error is not None else 200

    @property
    def message(self) -> str:
        return self.error.message if self.error is not None else ""


def place_errors(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: per-field messages on their fields, everything else at the top."""
    errors = exc.errors if isinstance(exc.errors, dict) else {}
    placed = False
    for name, field_messages in errors.items():
        for message in field_messages if isinstance(field_messages, list) else [field_messages]:
            if isinstance(message, dict):  # a batch's row error: {row, field, message}
                name, message = message.get("field"), message.get("message", "")
            form.add_error(name if name in form.fields else None, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def place_on_top(form: forms.Form, exc: DomainError) -> None:
    """The refusal's sentence on top of the form, for a sentence about several fields or rows at once."""
    form.add_error(None, exc.message)


@contextmanager
def refusal(*, also: tuple[type[DomainError], ...] = ()) -> Iterator[Refusal]:
    """Run a service call; an `InvalidInput` or `Conflict` is kept on the `Refusal` (for the page to show it with its
    status) instead of propagating. `also` adds classes a page shows where the user is, e.g. `NotPermitted` for a
    refusal about the values chosen on a page the user may use (nobody changes their own roles)."""
    caught = Refusal()
    try:
        yield caught
    except SHOWN + tuple(also) as exc:
        caught.error = exc


@contextmanager
def refusal_on(form: forms.Form, *, place=place_errors, also: tuple[type[DomainError], ...] = ()) -> Iterator[Refusal]:
    """`refusal()`, and the refusal goes onto `form` (with `place`): per-field messages on their fields."""
    with refusal(also=also) as caught:
        yield caught
    if caught:
        place(form, caught.error)


@contextmanager
def refusal_as_message(request, *, also: tuple[type[DomainError], ...] = ()) -> Iterator[Refusal]:
    """`refusal()`, and the refusal becomes an error message for the next page; its status is kept on the request
    (the redirect that follows says nothing of it)."""
    with refusal(also=also) as caught:
        yield caught
    if caught:
        messages.error(request, caught.message)
        request.refusal_status = caught.status


def require_anywhere(user, resource: str, action: str) -> None:
    """A list or create page needs the grant somewhere; without it the page is forbidden (its existence is no
    secret). An object outside the user's scope is 404 instead: the selector raises NotFound."""
    if not can_anywhere(user, resource, action):
        raise PermissionDenied


def paginate(request, object_list) -> Page:
    """One page of `object_list` (PAGE_SIZE rows); a page number past the end shows the last page."""
    return ListPaginator(object_list, settings.PAGE_SIZE).get_page(request.GET.get("page"))
