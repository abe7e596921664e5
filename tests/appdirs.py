"""The project's app folders (every folder under dangjian/ with an apps.py: the projects family sits one level down,
dangjian/projects/<app>/), for the tests that read every app's templates, static files, views or catalogue."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APP_DIRS = sorted(path.parent for path in (BASE_DIR / "dangjian").rglob("apps.py") if "migrations" not in path.parts)


def in_apps(relative: str, base: Path = BASE_DIR) -> list[Path]:
    """`relative` (a folder, a file or a glob pattern) inside each app folder that has it, under `base` (a copy of
    the tree, or the tree itself)."""
    found = []
    for app in APP_DIRS:
        found += sorted((base / app.relative_to(BASE_DIR)).glob(relative))
    return found
