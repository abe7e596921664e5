"""The hello-world baseline of bench/load.py: the smallest Django site (one view returning a short text, no
middleware, no database), served by the same gunicorn command as the app (`gunicorn --chdir bench
hello_wsgi:application` with the app's workers and flags). A separate app rather than a URL inside dangjian: nothing
in the product's URLs
exists only for benchmarking, and the baseline stays the framework's floor whatever the product's middleware does."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="hello-world-baseline-not-a-secret",
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
