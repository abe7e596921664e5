"""Every channel route × every role, in scope (BA, BB) and in another company (X2) (exact 403/404); refused writes
change nothing; the log's lists do not show another company's rows."""

import pytest
from django.urls import reverse

from tests.channels import matrix
from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, module_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, targets=matrix.targets, send=matrix.send)
world = module_world(matrix.build)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["channels:deliveries", "api:channel_delivery_list"])
def test_lists_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name))
    status = MATRIX.list_status(name, role)
    if role == "party_office":
        assert_no_leak(response, status, ["ch_x2"] if name.startswith("api:") else ["外公司人"], where=name)
    else:
        assert_no_leak(response, status, [], where=f"{name} as {role}")
