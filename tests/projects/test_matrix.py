"""The projects routes of tests/projects/matrix.py × every role, a project in scope (BA) and one out of it (BB):
exact 403/404, and a refused request changes nothing."""

from tests.matrix.runner import WRITE_OK, Matrix, base_world
from tests.projects import matrix

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
