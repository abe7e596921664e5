from django.http import HttpResponse
from django.template.response import TemplateResponse

from dangjian.core.concurrency import conflict_for
from dangjian.core.request_context import client_address, client_ip


class RequestContextMiddleware:
    """Sets the client address for the audit log for the length of the request; a page whose write met a concurrent
    one (see core/concurrency.py) answers 409 with a sentence instead of the 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)

    def process_exception(self, request, exception):
        conflict = conflict_for(exception)
        if conflict is None:
            return None  # not a race: the usual error handling (the 500 page) applies
        try:
            return TemplateResponse(request, "409.html", {"message": conflict.message}, status=409).render()
        except Exception:  # the site shell reads the database too, which may still be busy: say it plainly
            return HttpResponse(conflict.message, status=409, content_type="text/plain; charset=utf-8")
