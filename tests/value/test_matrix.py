"""Every value route × every role, with a team in scope (the company the roles belong to) and one of another company
(exact 403/404); refused writes change nothing; lists answer their status and do not leak the other company."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, module_world, signed_in
from tests.value import matrix
from tests.value.conftest import DAY

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, targets=matrix.targets, send=matrix.send, state=matrix.state)
world = module_world(matrix.build)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


LEAKS = ["value:board", "value:monthly", "api:ranking_list", "value:overview"]


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", LEAKS)
def test_lists_do_not_leak_another_company(db, world, role, name):
    """The other company's team (外公司甲班, OX) and group never show to a role of this company."""
    query = {"date": DAY.isoformat()} if name != "value:monthly" else {"month": "2024-03"}
    response = signed_in(world, role).get(reverse(name), query)
    status = MATRIX.list_status(name, role)
    assert_no_leak(response, status, ["外公司", '"OX"'], where=f"{name} as {role}")
    if role in matrix.READERS - {"integration"}:
        body = response.content.decode()
        assert "电解横班" in body or '"CA"' in body or "ELEC" in body, f"{name} as {role} shows nothing"
