"""The costs set-up routes of tests/costs/matrix.py × every role, a programme in scope (BA) and one out of it (BB):
exact 400/403/404, and a refused request changes nothing."""

from tests.costs import matrix
from tests.matrix.runner import WRITE_OK, Matrix, base_world

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    write_ok=WRITE_OK | {204},
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)
