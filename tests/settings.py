"""Settings for the test run: the real settings, with tasks run inline and a fast password hasher."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "false")
# Tests that load the whole demo give 中州铝业 three weeks of daily records instead of a year (same code, less time).
os.environ.setdefault("DEMO_VALUE_DAYS", "21")
# … and computes its indices for the last two months instead of twelve.
os.environ.setdefault("DEMO_INDICES_MONTHS", "2")
# No quiet hours for notification channels: a test that e-mails must not depend on the hour it runs at (the
# channels tests set them where they test them).
os.environ.setdefault("CHANNELS_QUIET_HOURS", "")
# The burden meter adds an INSERT to every form page and form sent: off, so each app's query bounds measure its own
# pages; the burden tests and its browser journey turn it on (settings.BURDEN_METER = True).
os.environ.setdefault("BURDEN_METER", "false")
# … and writes each open as its page is served, in the request (no writer thread beside a test's transaction).
os.environ.setdefault("BURDEN_FLUSH_SECONDS", "0")

from dangjian.settings import *  # noqa: E402,F403
from dangjian.settings import BASE_DIR, HUEY  # noqa: E402

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
ALLOWED_HOSTS = ["*"]
# Sessions as production keeps them (docs/operations.md: Redis, the cached_db engine): read from the cache, written
# through to the database. A signed-in test request then reads no session row: a matrix cell ran 13 % faster. The
# tests of the session rows themselves (tests/accounts/test_login.py) use the embedded default, the db engine.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
