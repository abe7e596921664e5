"""A fresh `makemessages` finds nothing untranslated, in the root catalogue or in any app's own.

The run works on a copy of the tree, so it never rewrites the developer's .po files; a string added to the code without
its Chinese fails here, with the message and the catalogue named.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.appdirs import in_apps
from tests.core.test_translations import read_po

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("gettext is not installed: .ci/run installs it")
        pytest.skip("gettext (xgettext) is not installed")
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "static")
    for name in ("dangjian", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "dangjian.settings", "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return copy


def test_makemessages_finds_no_untranslated_string(extracted):
    catalogues = [extracted / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"]
    catalogues += in_apps("locale/zh_Hans/LC_MESSAGES/django.po", base=extracted)
    assert len(catalogues) > 1
    missing = []
    for po in catalogues:
        for e in read_po(po):
            if not e["msgid"]:
                continue
            if "fuzzy" in e["flags"] or not e["msgstr"] or not all(s.strip() for s in e["msgstr"]):
                missing.append(f"{po.relative_to(extracted)}: {e['msgctxt'] or ''} {e['msgid']!r}")
    assert missing == [], "translate these (run makemessages, then fill the .po):\n" + "\n".join(missing)
