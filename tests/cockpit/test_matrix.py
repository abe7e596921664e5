"""Every cockpit route × every role (exact 401/403 and the allowed answers); refused writes change nothing; the
secretary's colour map holds the own branch's row and nothing of the other branch."""

from django.urls import reverse

from tests.cockpit import matrix
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, send=matrix.send)
world = base_world()


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


def test_secretary_sees_only_the_own_branch_on_the_map(db, world):
    page = signed_in(world, "secretary").get(reverse("cockpit:map"))
    assert_no_leak(
        page, 200, ["发电党支部", "map-row-BB"], where="cockpit:map", shown=["电解一车间党支部", "map-row-BA"]
    )
    api = signed_in(world, "secretary").get(reverse("api:cockpit_map"))
    assert_no_leak(api, 200, ["BB", "发电党支部"], where="api:cockpit_map", shown=["BA"])
