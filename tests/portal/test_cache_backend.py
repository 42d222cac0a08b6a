"""The Redis cache with one client per pool and a one-round-trip incr (portal/cache.py)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings

from portal.cache import RedisCache


@pytest.fixture(scope="module")
def redis_url():
    """CI's Redis when there is one, else a redis-server of this test's own (Debian's)."""
    if getattr(settings, "REDIS_URL", ""):
        yield settings.REDIS_URL
        return
    server = shutil.which("redis-server")
    assert server, "redis-server (Debian's package) is needed for the Redis cache tests"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/5"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": "tests-cache-backend"})
    backend.clear()
    yield backend
    backend.clear()


def test_incr_adds_to_an_existing_key_in_one_round_trip(cache):
    cache.set("counter", 4)
    cache.incr("counter")  # the server learns the script once (SCRIPT LOAD)
    client = cache._cache.get_client(write=True)
    sent = []
    original = client.execute_command

    def counting(*args, **options):
        sent.append(args[0])
        return original(*args, **options)

    client.execute_command = counting
    try:
        assert cache.incr("counter") == 6
        assert cache.incr("counter", 10) == 16
    finally:
        del client.execute_command
    # Django's own client sends EXISTS and INCRBY for each.
    assert len(sent) == 2, sent
    assert cache.get("counter") == 16


def test_incr_of_a_missing_key_is_an_error_and_creates_nothing(cache):
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.get("missing") is None
    assert not cache.has_key("missing")


def test_one_client_serves_every_call_and_the_rest_behaves_as_djangos(cache):
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client() is first  # one server: reads and writes share it
    assert cache.add("once", "a") and not cache.add("once", "b")
    cache.set_many({"x": 1, "y": [1, 2]})
    assert cache.get_many(["x", "y", "z"]) == {"x": 1, "y": [1, 2]}
    assert cache.decr("x") == 0
    cache.delete("x")
    assert cache.get("x", "gone") == "gone"
