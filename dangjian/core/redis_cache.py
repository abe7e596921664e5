"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django 5.2's RedisCacheClient.get_client builds a new `redis.Redis` for every cache operation, and redis-py 8 fills
each new client's table of about 170 response callbacks: 0.4 ms of a 0.5 ms `cache.get` (bench/page_profile.py,
`--profile`). A signed-in page does several (session, data version, account, kept page), so that was most of a kept
page's cost. A `redis.Redis` is safe to share between threads (it takes a connection from its pool per command),
so each pool's client is made once."""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._pool_at(index))
        return client

    def _pool_at(self, index: int):
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return self._pools[index]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
