"""Every talent and drill route × every role, in scope (BA) and out of scope (BB): exact 403/404; refused writes
change nothing; the lists do not leak BB's objects."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import WRITE_OK, Matrix, assert_no_leak, base_world, signed_in
from tests.talent import matrix

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


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(
    "name",
    [
        "talent:index",
        "talent:pools",
        "talent:plans",
        "talent:contests",
        "talent:drills",
        "api:talent_models",
        "api:talent_plans",
        "api:drills",
    ],
)
def test_lists_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name))
    status = MATRIX.list_status(name, role)
    secrets = ["岗位BB", "练兵BB", "竞赛BB", "新工乙"] if name != "talent:pools" else ["王芳"]
    if name == "talent:pools" and role in ("party_office", "leader"):
        secrets = []
    assert_no_leak(
        response, status, secrets if role not in ("party_office", "leader") else [], where=f"{name} as {role}"
    )
