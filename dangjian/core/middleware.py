from dangjian.core.request_context import client_address, client_ip


class RequestContextMiddleware:
    """Sets the client address for the audit log for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
