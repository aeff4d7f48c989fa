"""Fixtures shared by the test modules (the helpers live in tui_harness.py)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from keepintouch.store.database import StoreLocked


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch):
    """Make the app's store refuse every write, as if another process held the lock."""

    def lock(app) -> None:
        @contextmanager
        def refuse():
            raise StoreLocked("the database is locked by another keepintouch; try again in a moment")
            yield

        monkeypatch.setattr(app.writer._store, "transaction", refuse)

    return lock
