"""Every indices route × every role (exact 401/403/404 and the allowed answers), in and out of scope; refused writes
change nothing; the secretary's lists show BA's values and nothing of BB's."""

import pytest
from django.urls import reverse

from tests.indices import matrix
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


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("name", ["indices:list", "api:indices_values"])
def test_secretary_sees_only_the_branch(db, world, name):
    from tests.indices.world import DEC

    response = signed_in(world, "secretary").get(reverse(name), {"kind": "member", "month": f"{DEC:%Y-%m}"})
    assert_no_leak(response, 200, ["王芳", "发电党支部"], where=name, shown=["李明"])
    assert signed_in(world, "secretary").get(reverse(name), {"org": "BB"}).status_code == 404
