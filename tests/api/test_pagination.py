"""Every paginated list refuses an offset or limit out of range with 400 naming the field, never 500 (finding 8:
offset=9223372036854775808 overflowed the database's 64-bit integers on 14 lists)."""

import re

import pytest

from dangjian.api import api
from dangjian.core.api.pagination import MAX_OFFSET


def paginated_paths() -> list[str]:
    """The GET operations of the OpenAPI document that take `offset`, path parameters filled with a plausible value."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    paths = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get and any(p["name"] == "offset" for p in get.get("parameters", [])):
            paths.append(re.sub(r"\{[^}]+\}", "1", path.removeprefix("/api/v1")))
    return sorted(paths)


PAGINATED = paginated_paths()


def test_the_lists_are_found():
    # /orgs, /units, /people, /indicators, /projects, /meetings, … : if this drops, the walk above broke.
    assert len(PAGINATED) >= 14, PAGINATED


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offset", "9223372036854775808"),
        ("offset", str(2**64)),
        ("offset", str(MAX_OFFSET + 1)),
        ("offset", "-1"),
        ("limit", "9223372036854775808"),
        ("limit", "201"),
        ("limit", "0"),
        ("limit", "-5"),
    ],
)
@pytest.mark.django_db
def test_out_of_range_pagination_is_400(as_user, company, path, field, value):
    response = as_user("office").get(path, **{field: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message"]
    assert field in body["errors"], body


@pytest.mark.parametrize("path", [p for p in PAGINATED if "/1" not in p])
@pytest.mark.django_db
def test_the_largest_offset_is_an_empty_page(as_user, company, path):
    response = as_user("office").get(path, offset=str(MAX_OFFSET), limit="200")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []
