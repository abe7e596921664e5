"""The acceptance set-up routes of tests/acceptance/matrix.py × every role: exact 400/403/404, and a refused request
changes nothing."""

from tests.acceptance import matrix
from tests.matrix.runner import WRITE_OK, Matrix, base_world

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, send=matrix.send, state=matrix.state, write_ok=WRITE_OK | {204})
world = base_world()


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)
