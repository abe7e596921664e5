"""The project's plumbing stays in step with the code: .env.example documents every variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_documents_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "dangjian").rglob("*.py"):
        read |= set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^#?\s?([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert "DATABASE_URL" in read
    assert read - documented == set()
