"""Runs the meetings permission matrix (matrix.py): every route × every role × a target in and out of scope (exact
403/404), refused writes change nothing, and lists answer their status and do not leak branch BB's meetings."""

import pytest
from django.urls import reverse

from tests.matrix.policy import SIGNED_IN, org_visible
from tests.matrix.runner import Matrix, assert_no_leak, module_world, readable, signed_in
from tests.meetings import matrix

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, targets=matrix.targets, send=matrix.send, state=matrix.state)
world = module_world(matrix.build)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("name", ["meetings:list", "meetings:matrix", "api:meeting_list"])
def test_lists_do_not_leak(db, world, role, name):
    response = signed_in(world, role).get(reverse(name), {"year": 2024})
    status = MATRIX.list_status(name, role)
    where = f"{name} as {role}"
    if status == 200 and name.startswith("api:"):
        items = response.json()["items"]
        text = " ".join(f"{m['org']} {m['topic']}" for m in items).replace("BB", "发电党支部")
        assert response.status_code == 200
    else:
        text = readable(response)
    if not org_visible(role, "BB") or role not in {"party_office", "leader"}:
        assert_no_leak(response, status, [], where=where)
        assert "发电支部秘密议题" not in text and "发电党支部" not in text, f"{where} leaks BB"
    else:
        assert_no_leak(response, status, [], where=where)
        assert "发电" in text, f"{where} should show BB"
