import pytest
from django.db import OperationalError


def _locked_then_done(times: int):
    calls = []

    def write():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("database table is locked")
        return "done"

    return write, calls


def test_a_write_locked_sixty_times_still_gets_through(monkeypatch):
    from portal import db

    monkeypatch.setattr(db.time, "sleep", lambda seconds: None)
    # The rule is SQLite's; the suite runs on PostgreSQL in CI.
    monkeypatch.setattr(db.connection, "vendor", "sqlite")
    write, calls = _locked_then_done(60)
    assert db.retry_when_sqlite_is_locked(write) == "done"
    assert len(calls) == 61


def test_a_write_that_stays_locked_gives_up_with_the_error(monkeypatch):
    from portal import db

    monkeypatch.setattr(db.time, "sleep", lambda seconds: None)
    # The rule is SQLite's; the suite runs on PostgreSQL in CI.
    monkeypatch.setattr(db.connection, "vendor", "sqlite")
    write, calls = _locked_then_done(10_000)
    with pytest.raises(OperationalError):
        db.retry_when_sqlite_is_locked(write)
    assert len(calls) == db.SQLITE_LOCK_ATTEMPTS


def test_other_database_errors_are_not_retried(monkeypatch):
    from portal import db

    calls = []

    def write():
        calls.append(1)
        raise OperationalError("no such table: x")

    with pytest.raises(OperationalError):
        db.retry_when_sqlite_is_locked(write)
    assert len(calls) == 1
