"""The API whose OpenAPI document is built once per process, not on every request for it.

ninja builds the document from every endpoint's schemas each time /api/v1/openapi.json is asked for: seconds of CPU
per request (about 1–3 s for ~250 operations), measured in the test suite, where the permission matrices ask for it
dozens of times. The document only changes with the code (the routers are added at import time), so it is kept per
path prefix and language (no text of it is translated today; the language keeps a future translated one right).
"""

from __future__ import annotations

from django.utils import translation
from ninja import NinjaAPI


class CachedSchemaAPI(NinjaAPI):
    """A NinjaAPI that keeps the OpenAPI document it built (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str | None], dict] = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._schemas[key]
