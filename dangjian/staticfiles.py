"""The apps' static files finder, with the libraries' unused files left out of `collectstatic`.

django-htmx ships htmx 4, htmax and extensions, django-ninja ships ReDoc beside Swagger UI; no page loads them. Left
out, they are neither compressed at every deploy (ReDoc alone is 4 MB with its map) nor served in production: under a
Content-Security-Policy of script-src 'self', every script the site serves is one an injected tag could load.
(A finder rather than a StaticFilesConfig with ignore_patterns: tools such as pytest-django's live server look for
"django.contrib.staticfiles" itself in INSTALLED_APPS.)
"""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

UNUSED_LIBRARY_FILES = [
    "django_htmx/htmx-4*",
    "django_htmx/htmax-4*",
    "django_htmx/ext/*",
    "ninja/redoc*",
]


class UsedAppDirectoriesFinder(AppDirectoriesFinder):
    """Lists (for collectstatic) every app's static file except UNUSED_LIBRARY_FILES."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNUSED_LIBRARY_FILES])
