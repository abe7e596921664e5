"""Every publicity route × every role, in scope (BA) and out of it (BB) (exact 403/404); refused writes change
nothing; the lists do not leak a draft to those who may not see it."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in
from tests.publicity import matrix

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    send=matrix.send,
    state=matrix.state,
    write_ok=frozenset({200, 201, 204, 302, 400, 409}),
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["publicity:news", "publicity:desk", "api:articles"])
def test_drafts_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name))
    status = MATRIX.list_status(name, role)
    secret = [] if role == "party_office" else ["draftBB", "submittedBB"]
    if name == "publicity:news":
        secret += ["draftBA", "submittedBA"]
    elif role not in ("secretary", "committee_member", "member", "party_office"):
        secret += ["draftBA", "submittedBA"]
    assert_no_leak(response, status, secret, where=f"{name} as {role}")
