"""The shared matrix world's guard (tests/matrix/world.py): a write that outlives its savepoint is caught before the
next module reads the world."""

import re

import pytest

from dangjian.accounts.models import User
from tests.factories import UserFactory
from tests.matrix.world import assert_base_intact


def test_a_write_past_the_savepoint_is_caught(db, matrix_base):
    assert_base_intact()  # every module so far rolled its writes back
    UserFactory(username="stray")  # as if a module had committed a row (this test's savepoint takes it back)
    with pytest.raises(AssertionError, match=re.escape(f"'{User._meta.db_table}': (")):
        assert_base_intact()
