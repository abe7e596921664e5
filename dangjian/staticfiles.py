"""django.contrib.staticfiles with the libraries' unused files left out of `collectstatic`.

django-htmx ships htmx 4, htmax and extensions, django-ninja ships ReDoc beside Swagger UI; no page loads them. Left
out, they are neither compressed at every deploy (ReDoc alone is 4 MB with its map) nor served: under a
Content-Security-Policy of script-src 'self', every script the site serves is one an injected tag could load.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig

UNUSED_LIBRARY_FILES = [
    "django_htmx/htmx-4*",
    "django_htmx/htmax-4*",
    "django_htmx/ext/*",
    "ninja/redoc*",
]


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, *UNUSED_LIBRARY_FILES]
