"""Backups: one a day before the first write, the newest N kept, made and restored on demand."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store.database import Store, StoreCorrupt, restore_backup

DAY = date(2026, 3, 1)
CLOCK = Clock(DAY)
FIXTURE = Path(__file__).parent / "fixtures" / "keepintouch-v1.json"


def _names(store: Store) -> list[str]:
    return [c.name for c in store.all(Contact)]


def _saved_names(backup: Path) -> list[str]:
    return [doc["name"] for doc in json.loads(backup.read_bytes())["contacts"].values()]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "keepintouch.json", CLOCK)


def _add(store: Store, name: str) -> None:
    with store.transaction() as t:
        t.put(Contact(name=name))


def test_first_write_of_each_day_backs_up_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    store = Store(db, CLOCK, backup_count=3)  # open across several days, like the TUI
    for offset in range(7):
        store.clock = Clock(DAY + timedelta(days=offset))
        before = db.read_bytes() if db.exists() else None
        _add(store, f"day {offset} morning")
        _add(store, f"day {offset} evening")
        todays = store.backups_dir / f"keepintouch-{store.clock.today()}.json"
        if before is None:
            assert not todays.exists(), "nothing to back up before the very first write"
        else:
            assert todays.read_bytes() == before, "the state before the day's first write"
    assert [p.name for p in store.list_backups()] == [
        f"keepintouch-{DAY + timedelta(days=offset)}.json" for offset in (4, 5, 6)
    ]


def test_backup_now_never_overwrites_a_backup_of_the_same_day(store: Store) -> None:
    _add(store, "Ada")
    first = store.backup_now()
    _add(store, "Grace")
    second = store.backup_now()
    assert (first.name, second.name) == ("keepintouch-2026-03-01.json", "keepintouch-2026-03-01-2.json")
    assert store.list_backups() == [first, second] and store.newest_backup() == second
    assert second.read_bytes() == store.path.read_bytes() != first.read_bytes()


def test_restore_backs_up_the_current_state_first(store: Store) -> None:
    _add(store, "Ada")
    saved = store.backup_now()
    _add(store, "Grace")
    other = Store(store.path, CLOCK)
    before = store.restore(saved)
    assert _names(store) == ["Ada"]
    assert other.refresh() is True and _names(other) == ["Ada"]
    assert before is not None and before == store.newest_backup() != saved
    assert _saved_names(before) == ["Ada", "Grace"], "the state before the restore"


CORRUPT_BACKUPS = {
    "invalid JSON": b'{"contacts": {',
    "a bad value": b'{"contacts": {"1": {"id": "a", "name": "Ada", "first_due": "someday"}}}',
    "a newer version": b'{"_meta": {"1": {"schema_version": 99}}}',
}


@pytest.mark.parametrize("content", CORRUPT_BACKUPS.values(), ids=CORRUPT_BACKUPS.keys())
def test_restoring_a_corrupt_backup_is_refused_and_changes_nothing(store: Store, content: bytes) -> None:
    _add(store, "Ada")
    store.backup_now()
    bad = store.backups_dir / "keepintouch-2026-02-01.json"
    bad.write_bytes(content)
    before, backups = store.path.read_bytes(), store.list_backups()
    with pytest.raises(StoreCorrupt) as caught:
        store.restore(bad)
    assert "\n" not in str(caught.value) and str(bad) in str(caught.value)
    assert "Nothing was changed" in str(caught.value)
    assert store.path.read_bytes() == before and store.list_backups() == backups
    assert _names(store) == ["Ada"]


def test_restore_repairs_an_unreadable_database_and_keeps_it_aside(store: Store) -> None:
    _add(store, "Ada")
    good = store.backup_now()
    store.path.write_bytes(b"\x00garbage")
    with pytest.raises(StoreCorrupt, match=str(good)):
        Store(store.path, CLOCK)
    aside = restore_backup(store.path, good, CLOCK)
    assert aside is not None and aside.read_bytes() == b"\x00garbage"
    assert aside not in store.list_backups() and store.newest_backup() == good
    assert _names(Store(store.path, CLOCK)) == ["Ada"]


def test_restoring_an_old_version_backup_upgrades_it(store: Store) -> None:
    _add(store, "Ada")
    old = store.backups_dir / "keepintouch-2026-01-01.json"
    old.parent.mkdir()
    shutil.copyfile(FIXTURE, old)
    store.restore(old)
    assert "Ada Lovelace" in _names(store) and len(store.network().occasions) == 2
    assert old.read_bytes() == FIXTURE.read_bytes()
