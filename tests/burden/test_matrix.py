"""Every burden-meter route × every role (exact 401/403 and the allowed answers)."""

from tests.burden import matrix
from tests.matrix.runner import Matrix, base_world

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, send=matrix.send)
world = base_world()


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)
