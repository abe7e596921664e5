"""Every service route × every role × a request in scope and one out of scope: exact 200/403/404, refused writes
change nothing, and lists answer their status and do not leak BB's request."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in
from tests.service import matrix

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    # 201: days marked through the API; 204: a date's marking taken away
    write_ok=frozenset({200, 201, 204, 302, 400, 409}),
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


LEAKS = [
    ("service:mine", {}),
    ("service:queue", {"state": ""}),
    ("service:dashboard", {}),
    ("service:board", {}),
    ("api:service_request_list", {"scope": "all"}),
    ("api:service_request_list", {"scope": "queue"}),
    ("api:service_request_list", {"scope": "mine"}),
]


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(("name", "params"), LEAKS)
def test_lists_do_not_leak_the_other_branch(db, world, role, name, params):
    """BB's request (发电机房噪音) shows in no list of a role that cannot see BB."""
    response = signed_in(world, role).get(reverse(name), params)
    status = MATRIX.list_status(name, role)
    where = f"{name} {params} as {role}"
    if role not in {"party_office", "leader"}:
        assert_no_leak(response, status, ["发电机房噪音"], where=where)
    elif role == "party_office" and name == "api:service_request_list" and params["scope"] == "all":
        assert_no_leak(response, status, [], where=where, shown=["发电机房噪音"])
    else:
        assert_no_leak(response, status, [], where=where)
