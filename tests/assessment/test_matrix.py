"""Every assessment route × every role, with an object in scope and one out of scope (exact 403/404); refused writes
change nothing; lists answer their status and do not leak branch BB."""

import pytest
from django.urls import reverse

from tests.assessment import matrix
from tests.matrix.policy import SIGNED_IN, org_visible
from tests.matrix.runner import Matrix, assert_no_leak, module_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for, targets=matrix.targets, send=matrix.send, state=matrix.state)
world = module_world(matrix.build)


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


LEAKS = [
    ("assessment:keytasks", "发电党支部保密任务", {"year": 2022}),
    ("api:keytask_list", "KT-B", {}),
    ("assessment:keytask_ranking", "发电党支部", {"month": "2022-03"}),
    ("assessment:rankings", "发电党支部", {"month": "2022-01"}),
    ("api:assessment_rankings", "BB", {"month": "2022-01"}),
    ("assessment:period", "发电党支部", None),
    ("api:assessment_production_scores", "发电党支部", {"month": "2022-02"}),
]


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize(("name", "secret", "query"), LEAKS)
def test_lists_do_not_leak(db, world, role, name, secret, query):
    url = reverse(name, kwargs={"pk": world["feb"].pk}) if query is None else reverse(name)
    response = signed_in(world, role).get(url, query or {})
    status = MATRIX.list_status(name, role)
    where = f"{name} as {role}"
    if not org_visible(role, "BB"):
        assert_no_leak(response, status, [secret], where=where)
    elif role in ("party_office", "leader") and name != "api:keytask_list":
        assert_no_leak(response, status, [], where=where, shown=[secret])
    else:
        assert_no_leak(response, status, [], where=where)
