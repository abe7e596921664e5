"""What a producing app offers the archive (党建资料档案), read through the registry (core/capabilities.py): an app's
`archive.py` declares `SOURCES = [Source(...), ...]`, one per kind of finished record it produces (a meeting record,
a recruitment file's summary, an introduction letter, an award certificate). The archive app files them by org,
year and category without importing the producers, so it stays generic and the layers stay clean.

    SOURCES = [
        Source(
            code="meetings.record",            # unique across apps; kept on each filed item
            label="Meeting records",           # for people reading the code and the logs
            category="LIFE",                    # the code of the default category it is filed under
            records=records,                    # records(*, org_paths, year) -> iterable of Record
            render=render,                      # render(object_id) -> Document, or None when it is gone
        )
    ]

`records` lists what is finished in the subtrees at `org_paths` for the calendar `year` (the producer's own tables,
read as the system: the archive scopes what it files by its items' orgs); `render` lays the document out when it
is downloaded, so nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    """One finished record to file: its id in the producer's table, the org that holds it, the year, a title and
    the text the archive search reads (a few hundred characters are enough)."""

    object_id: int
    org_id: int
    year: int
    title: str
    text: str = ""
    day: object = None  # the record's date (datetime.date) when it has one


@dataclass(frozen=True)
class Document:
    """A rendered document: its bytes, a file name and its content type."""

    content: bytes
    filename: str
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    category: str
    records: Callable[..., Iterable[Record]]
    render: Callable[[int], Document | None]


def sources() -> dict[str, Source]:
    """Every installed app's archive sources by code, in app order."""
    from dangjian.core.capabilities import capability_modules

    found: dict[str, Source] = {}
    for module in capability_modules("archive"):
        for source in module.SOURCES:
            found[source.code] = source
    return found
