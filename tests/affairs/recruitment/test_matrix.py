"""Every recruitment route × every role, in scope (BA) and out of scope (BB) (exact 403/404); refused writes change
nothing; the board and the API list do not leak BB's file."""

import pytest
from django.urls import reverse

from tests.affairs.recruitment import matrix
from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    write_ok=frozenset({200, 201, 204, 302, 400, 409}),
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["recruitment:board", "api:recruitment_files"])
def test_lists_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name))
    status = MATRIX.list_status(name, role)
    where = f"{name} as {role}"
    if role in ("party_office", "leader"):
        assert_no_leak(response, status, [], where=where)
    else:
        assert_no_leak(response, status, ["申请人BB王芳"], where=where)
