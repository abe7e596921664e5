"""Every demonstration-post route × every role, in scope (BA) and out of scope (BB) (exact 403/404); refused writes
change nothing; registers answer their status and do not leak BB's posts."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in
from tests.posts import matrix

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    write_ok=frozenset({200, 201, 204, 302}),
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("posts:registers", {}),
        ("posts:register", {"kind": "zones"}),
        ("posts:register", {"kind": "pairings"}),
        ("posts:holders", {}),
        ("posts:challenges", {}),
        ("api:post_counts", {}),
    ],
)
def test_registers_do_not_leak(db, world, role, name, kwargs):
    response = signed_in(world, role).get(reverse(name, kwargs=kwargs))
    status = MATRIX.list_status(name, role)
    where = f"{name} {kwargs} as {role}"
    if role in ("party_office", "leader"):
        assert_no_leak(response, status, [], where=where, shown=["王芳"] if name == "posts:holders" else [])
    else:
        assert_no_leak(response, status, ["王芳", "发电党支部", "攻关BB"], where=where)
