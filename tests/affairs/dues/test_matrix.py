"""Every party-dues route × every role (exact 401/403 and the allowed answers); refused writes change nothing; the
sheet, the collection and the bases of BA's world show nothing of BB's members to BA's secretary."""

import pytest
from django.urls import reverse

from tests.affairs.dues import matrix
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, send=matrix.send)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("name", ["dues:sheet", "dues:collection", "dues:bases", "api:dues_sheet"])
def test_secretary_sees_only_the_branch(db, world, name):
    response = signed_in(world, "secretary").get(reverse(name), {"org": "BA"})
    assert_no_leak(
        response, 200, ["王芳", "发电党支部"], where=name, shown=["李明"] if name != "dues:collection" else []
    )
    assert signed_in(world, "secretary").get(reverse(name), {"org": "BB"}).status_code == 404
