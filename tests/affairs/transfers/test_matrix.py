"""Every transfer route × every role, in scope (BA) and out of scope (BB) (exact 403/404); refused writes change
nothing; the lists do not leak BB's transfers and floating members."""

import pytest
from django.urls import reverse

from tests.affairs.transfers import matrix
from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, targets=matrix.targets, send=matrix.send)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(
    "name", ["transfers:list", "transfers:floating", "api:transfer_list", "api:transfer_floating_list"]
)
def test_lists_do_not_leak(db, world, role, name):
    url = reverse(name) + ("?status=all" if name.endswith("list") else "")
    response = signed_in(world, role).get(url)
    status = MATRIX.list_status(name, role)
    if role in ("party_office", "leader"):
        assert_no_leak(
            response,
            status,
            [],
            where=f"{name} as {role}",
            shown=["转出BB0" if "floating" not in name else "发电外派王芳"],
        )
    else:
        assert_no_leak(response, status, ["转出BB", "发电外派王芳"], where=f"{name} as {role}")
