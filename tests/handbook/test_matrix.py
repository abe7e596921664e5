"""Every handbook route × every role, in scope (BA) and out of scope (BB) (exact 403/404); refused writes change
nothing; the lists answer their status and do not show BB's list to a role that does not see BB."""

import pytest
from django.urls import reverse

from tests.handbook import matrix
from tests.matrix.policy import SIGNED_IN, org_visible
from tests.matrix.runner import WRITE_OK, Matrix, assert_no_leak, base_world, signed_in

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
@pytest.mark.parametrize("name", ["handbook:duties", "api:duty_list_list", "handbook:elections"])
def test_lists_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name))
    status = MATRIX.list_status(name, role)
    secret = "清单BB" if "dut" in name else "发电党支部"
    shown = [] if status != 200 or not org_visible(role, "BA") or role not in matrix.DUTY_READERS else ["清单BA"]
    if name == "handbook:elections":
        shown = ["电解一车间党支部"] if shown else []
    if org_visible(role, "BB") and role in matrix.DUTY_READERS:
        assert_no_leak(response, status, [], where=f"{name} as {role}", shown=shown)
    else:
        assert_no_leak(response, status, [secret], where=f"{name} as {role}", shown=shown)
