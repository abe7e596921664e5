from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from dangjian.core.concurrency import conflict_for
from dangjian.core.errors import Conflict, DomainError, NotFound, NotPermitted
from dangjian.core.request_context import client_address, client_ip, read_memo


class RequestScopeMiddleware:
    """First in the list: sets the client address for the audit log (and, for a GET, the read memo) for the length
    of the request — before anything reads the signed-in account, which reads the data version through the memo."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(client_ip(request))
        memo = read_memo.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            read_memo.reset(memo)
            client_address.reset(token)


class RequestContextMiddleware:
    """Maps what a page's view lets escape, the one way for every page (as core/api/errors.py does for the API):

    - `NotFound` → the 404 page (out of scope looks exactly like absent), `NotPermitted` → the 403 page with the
      service's sentence;
    - `Conflict`, or a write that met a concurrent one (see core/concurrency.py) → the 409 page with a sentence
      instead of the 500 page;
    - `InvalidInput` that no form caught (views show those with `core/views/pages.refusal_on`) → 400 with its sentence.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, NotPermitted):
            raise PermissionDenied(exception.message) from exception
        if isinstance(exception, Conflict):
            return self._page(request, "409.html", exception)
        if isinstance(exception, DomainError):
            return self._page(request, "400.html", exception)
        conflict = conflict_for(exception)
        if conflict is None:
            return None  # not a race: the usual error handling (the 500 page) applies
        return self._page(request, "409.html", conflict)

    @staticmethod
    def _page(request, template: str, error: DomainError):
        try:
            return TemplateResponse(request, template, {"message": error.message}, status=error.status).render()
        except Exception:  # the site shell reads the database too, which may still be busy: say it plainly
            return HttpResponse(error.message, status=error.status, content_type="text/plain; charset=utf-8")
