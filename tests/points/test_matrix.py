"""Every points route × every role, with an object in scope (BA) and one out of scope (BB) (exact 403/404); refused
writes change nothing; lists answer their status and do not leak BB's rows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.points.models import PointsEntry
from tests.matrix.policy import SIGNED_IN
from tests.matrix.runner import Matrix, assert_no_leak, base_world, signed_in
from tests.points import matrix

MATRIX = Matrix(
    matrix.ROUTES,
    url_for=matrix.url_for,
    targets=matrix.targets,
    state=matrix.state,
    send=matrix.send,
    write_ok=frozenset({200, 201, 302}),
)
world = base_world(matrix.extend)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(
    "name",
    [
        "points:queue",
        "points:leaderboard",
        "points:stars",
        "api:points_entries",
        "api:points_leaderboard",
        "points:mine",
    ],
)
def test_lists_do_not_leak(db, world, role, name):
    """王芳 (BB) and her entry's reason show to nobody who cannot see BB."""
    year = str(matrix.YEAR)
    response = signed_in(world, role).get(reverse(name), {"period": year, "year": year})
    status = MATRIX.list_status(name, role)
    where = f"{name} as {role}"
    if role not in {"party_office", "leader"}:
        assert_no_leak(response, status, ["王芳", "发电能手王芳"], where=where)
    elif role == "party_office" and name in ("points:leaderboard", "api:points_leaderboard"):
        assert_no_leak(response, status, [], where=where, shown=["王芳"])
    else:
        assert_no_leak(response, status, [], where=where)


def test_secretary_decision_through_the_matrix_route_changes_the_entry(db, world):
    entry = world["entries"]["BA"]
    signed_in(world, "secretary").post(reverse("points:decide", kwargs={"pk": entry.pk}), {"decision": "approve"})
    assert PointsEntry.objects.get(pk=entry.pk).awarded == Decimal(10)
