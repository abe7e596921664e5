"""Every drafts route × every role (exact 401/403 and the allowed answers); another branch's draft is 404."""

from django.urls import reverse

from tests.drafts import matrix
from tests.matrix.runner import Matrix, base_world, signed_in

MATRIX = Matrix(matrix.ROUTES, url_for=matrix.url_for)
world = base_world()


@MATRIX.parametrize
def test_matrix_cell(db, world, name, role, target):
    MATRIX.check(world, name, role, target)


def test_the_secretary_drafts_only_their_own_branch(db, world):
    client = signed_in(world, "secretary")
    assert client.get(reverse("drafts:draft"), {"org": "BA"}).status_code == 200
    assert client.get(reverse("drafts:draft"), {"org": "BB"}).status_code == 404
    assert client.get(reverse("api:drafts_draft"), {"org": "ROOT"}).status_code == 404
