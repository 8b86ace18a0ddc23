"""Shared fixtures. Tests use the real database (SQLite or PostgreSQL, per DATABASE_URL),
real HTTP servers on loopback, and never the internet."""

from __future__ import annotations

import copy

import pytest


@pytest.fixture(autouse=True)
def _fresh_process_state(settings):
    """Per-process caches (segmenter + near-duplicate index, host throttle) must not
    carry rows from one test's rolled-back transaction into the next test."""
    settings.HUIYING_FETCH = copy.deepcopy(settings.HUIYING_FETCH)
    settings.HUIYING_FETCH["host_delay"] = 0.0
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
    try:
        from huiying.items.ingest import default_context
        from huiying.sources.services import host_throttle
    except ImportError:  # pure core tests may run before the Django apps are complete
        yield
        return
    from django.core.cache import cache as django_cache

    from huiying.events.grouping import default_grouping

    caches = (default_context, host_throttle, default_grouping)
    for cache in caches:
        cache.cache_clear()
    django_cache.clear()  # e.g. dashboard figures cached per user id, reused across tests
    yield
    for cache in caches:
        cache.cache_clear()
    django_cache.clear()


@pytest.fixture
def allow_loopback(settings):
    """The SSRF guard refuses loopback by default; tests serve feeds from 127.0.0.1."""
    settings.HUIYING_FETCH["allow_networks"] = ["127.0.0.0/8"]


@pytest.fixture
def office(db):
    from huiying.org.services import create_unit

    return create_unit(code="office", name="市委网信办", is_office=True)


@pytest.fixture
def other_unit(db):
    from huiying.org.services import create_unit

    return create_unit(code="zjj", name="市住建局")


@pytest.fixture
def admin_user(office):
    from huiying.org.services import create_staff_user

    return create_staff_user(
        username="admin", password="pw-admin-123", role="admin", units=[office]
    )


@pytest.fixture
def monitor_user(office):
    from huiying.org.services import create_staff_user

    return create_staff_user(
        username="monitor", password="pw-monitor-123", role="monitor", units=[office]
    )


@pytest.fixture(scope="session")
def httpserver_listen_address():
    # Numeric loopback: "localhost" may resolve to ::1, which the allow-list above does not name.
    return ("127.0.0.1", 0)
