"""The Redis cache backend production runs with (core/redis_cache.py), against the Redis server on this machine
(.ci/run starts it when it is down): it makes one Redis client per connection pool, and still behaves as Django's
Redis cache does."""

from __future__ import annotations

import os
import uuid

import pytest

from dangjian.core.redis_cache import RedisCache

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_cache():
    # A prefix of its own, and no clear(): the test workers share the Redis database (clear() empties all of it).
    backend = RedisCache(URL, {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["page", "version", "n", "account"])


def test_one_client_per_pool(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("any key") is client


def test_it_stores_and_reads_as_django_does(redis_cache):
    redis_cache.set("page", ({"Content-Type": "text/html"}, "页面".encode(), True), 60)
    assert redis_cache.get("page") == ({"Content-Type": "text/html"}, "页面".encode(), True)
    assert redis_cache.add("version", "a", timeout=None) is True
    assert redis_cache.add("version", "b", timeout=None) is False
    assert redis_cache.get("version") == "a"
    redis_cache.set("n", 1)
    assert redis_cache.incr("n") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
    assert redis_cache.get_many(["version", "n"]) == {"version": "a", "n": 2}


def test_the_signed_in_account_survives_the_round_trip(redis_cache, company, member_a):
    """What accounts/backends.py keeps: the account with its person, branch and role assignments."""
    from dangjian.accounts.backends import AccountBackend

    user = AccountBackend().get_user(member_a.pk)
    redis_cache.set("account", user, 60)
    kept = redis_cache.get("account")
    assert kept == user and kept.person.branch.name == company["branch_a"].name
    assert kept._scope_assignments == user._scope_assignments == [("member", company["branch_a"].path, "branch")]
