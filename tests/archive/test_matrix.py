"""Every archive route × every role, in scope (BA) and out of scope (BB) (exact 403/404); refused writes change
nothing; the archive's lists show BA's secretary nothing of BB."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.archive import matrix
from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    write_ok=frozenset({200, 201, 202, 204, 302, 400, 409}),
)
world = base_world(matrix.extend)


@pytest.fixture(autouse=True)
def media(world):
    with override_settings(MEDIA_ROOT=str(world["media"])):
        yield


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["archive:index", "archive:search", "api:archive_items"])
def test_lists_do_not_leak(db, world, role, name):
    query = {"q": "专题支委会"} if name != "archive:index" else {"year": "2025"}
    response = signed_in(world, role).get(reverse(name), query)
    status = MATRIX.list_status(name, role)
    where = f"{name} as {role}"
    if role in ("party_office", "leader"):
        assert_no_leak(response, status, [], where=where, shown=["发电节能专题支委会"] if status == 200 else [])
    elif status == 200:
        assert_no_leak(
            response, status, ["发电节能专题支委会", "BB纸质档案"], where=where, shown=["安全生产专题支委会"]
        )
    else:
        assert_no_leak(response, status, ["发电节能专题支委会"], where=where)
