"""The store in one process: transactions, refresh, locking, file modes, and what it reads when."""

from __future__ import annotations

import dataclasses
import errno
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import records

import keepintouch.store.database
import keepintouch.store.json_file
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Record, Touch
from keepintouch.store.database import Store, StoreError, StoreLocked, Transaction, default_db_path

DAY = date(2026, 3, 1)
CLOCK = Clock(DAY)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "keepintouch.json"


def _add(store: Store, name: str) -> Contact:
    """Save a new contact in a transaction of its own."""
    with store.transaction() as t:
        return t.put(Contact(name=name))


def _names(store: Store | Transaction) -> list[str]:
    return [c.name for c in store.all(Contact)]


def test_missing_file_is_an_empty_store_created_with_its_folders_on_first_write(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "er" / "keepintouch.json"
    store = Store(db, CLOCK)
    assert store.network().contacts == []
    assert not db.parent.exists(), "opening alone writes nothing"
    _add(store, "Ada")
    assert _names(Store(db, CLOCK)) == ["Ada"]


def test_put_sets_updated_keeps_created_and_replaces_by_id(db: Path) -> None:
    store = Store(db, CLOCK)
    ada = Contact(name="Ada", created=CLOCK.now() - timedelta(days=30), updated=CLOCK.now() - timedelta(days=3))
    with store.transaction() as t:
        stored = t.put(ada)
    assert stored == dataclasses.replace(ada, updated=CLOCK.now())
    later = Store(db, Clock(DAY + timedelta(days=1)))
    with later.transaction() as t:
        renamed = t.put(dataclasses.replace(stored, name="Ada Lovelace"))
    assert later.all(Contact) == [renamed]
    assert renamed.created == ada.created and renamed.updated == later.clock.now()
    assert store.refresh() and store.get(Contact, ada.id) == renamed


def test_transaction_sees_its_own_changes_and_others_see_them_after_commit(db: Path) -> None:
    store = Store(db, CLOCK)
    with store.transaction() as t:
        ada, grace = t.put(Contact(name="Ada")), t.put(Contact(name="Grace"))
    with store.transaction() as t:
        t.remove(ada)
        alan = t.put(Contact(name="Alan"))
        t.put(Touch(contact_id=alan.id, date=DAY))
        assert t.get(Contact, ada.id) is None and t.get(Contact, alan.id) == alan
        assert _names(t) == ["Grace", "Alan"]
        assert len(t.network().touches) == 1
        assert _names(store) == ["Ada", "Grace"], "the store shows what is saved"
    assert _names(store) == ["Grace", "Alan"]
    assert store.get(Contact, grace.id) == grace


def test_remove_of_an_unknown_record_is_harmless(db: Path) -> None:
    store = Store(db, CLOCK)
    with store.transaction() as t:
        t.remove(Contact(name="Nobody"))
    assert not db.exists(), "a transaction without changes writes nothing"


def test_exception_in_transaction_writes_nothing_and_keeps_memory(db: Path) -> None:
    store = Store(db, CLOCK)
    ada = _add(store, "Ada")
    before = db.read_bytes()
    with pytest.raises(KeyError), store.transaction() as t:
        t.put(dataclasses.replace(ada, name="Changed"))
        t.put(Contact(name="Grace"))
        raise KeyError("oops")
    assert db.read_bytes() == before
    assert store.all(Contact) == [ada]
    with pytest.raises(RuntimeError):
        t.put(Contact(name="Too late"))


def test_failed_save_raises_one_line_and_rolls_memory_back(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(db, CLOCK)
    ada = _add(store, "Ada")
    before = db.read_bytes()

    def disk_full(path: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(keepintouch.store.json_file, "atomic_write", disk_full)
    with pytest.raises(StoreError, match="could not save") as caught, store.transaction() as t:
        t.put(dataclasses.replace(ada, name="Changed"))
        t.put(Contact(name="Grace"))
    assert "\n" not in str(caught.value) and str(db) in str(caught.value)
    assert db.read_bytes() == before
    assert store.all(Contact) == [ada] and store.get(Contact, ada.id) == ada
    monkeypatch.undo()
    _add(store, "Grace")
    assert _names(Store(db, CLOCK)) == ["Ada", "Grace"]


def test_nested_transaction_is_refused(db: Path) -> None:
    store = Store(db, CLOCK)
    with store.transaction(), pytest.raises(RuntimeError, match="already open"), store.transaction():
        pass


def test_refresh_picks_up_another_store_and_the_next_write_keeps_it(db: Path) -> None:
    app, shell = Store(db, CLOCK), Store(db, CLOCK)
    _add(app, "Ada")
    assert shell.refresh() is True
    _add(shell, "Grace")
    _add(app, "Alan")  # no refresh() first: the transaction catches up by itself
    assert _names(Store(db, CLOCK)) == ["Ada", "Grace", "Alan"]


def test_waiting_for_the_lock_ends_in_a_clear_store_locked(db: Path) -> None:
    holder, waiter = Store(db, CLOCK), Store(db, CLOCK, lock_timeout=0.3)
    with holder.transaction() as t:
        t.put(Contact(name="Ada"))
        started = time.monotonic()
        with pytest.raises(StoreLocked) as caught, waiter.transaction():
            pass
        assert time.monotonic() - started >= 0.3
    message = str(caught.value)
    assert "\n" not in message and str(db) in message and "Try again" in message
    _add(waiter, "Grace")
    assert _names(waiter) == ["Ada", "Grace"]


def test_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    db = tmp_path / "data" / "keepintouch.json"
    old_umask = os.umask(0)
    try:
        for day in (DAY, DAY + timedelta(days=1)):
            with Store(db, Clock(day)).transaction() as t:
                t.put(Contact(name=str(day)))
        backup = Store(db, CLOCK).backup_now()
    finally:
        os.umask(old_umask)
    files = [db, db.with_name(db.name + ".lock"), *Store(db, CLOCK).list_backups()]
    assert backup in files and len(files) == 4
    assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o600"}
    assert {oct(path.stat().st_mode & 0o777) for path in (db.parent, db.parent / "backups")} == {"0o700"}


def test_reads_and_writes_do_not_reread_an_unchanged_file(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(db, CLOCK, backup_count=0)
    with store.transaction() as t:
        t.put_many(Contact(name=f"Person {i}") for i in range(100))
    reads: list[Path] = []
    real_read = keepintouch.store.database.read_file
    monkeypatch.setattr(keepintouch.store.database, "read_file", lambda path: reads.append(path) or real_read(path))
    first = store.network()
    for i in range(5):
        with store.transaction() as t:
            t.put(Touch(contact_id=first.contacts[i].id, date=DAY))
        assert store.refresh() is False
    second = store.network()
    assert reads == []
    assert second.contacts is not first.contacts and second.contacts == first.contacts
    assert all(a is b for a, b in zip(first.contacts, second.contacts, strict=True)), "records stay decoded"
    with Store(db, CLOCK, backup_count=0).transaction() as t:  # someone else changes one contact
        t.put(dataclasses.replace(first.contacts[0], name="Renamed"))
    reads.clear()
    assert store.refresh() is True and reads == [db]
    third = store.network()
    assert third.contacts[0].name == "Renamed"
    assert all(a is b for a, b in zip(first.contacts[1:], third.contacts[1:], strict=True))


def test_put_many_stores_thousands_at_once(db: Path) -> None:
    store = Store(db, CLOCK)
    people = [Contact(name=f"Person {i}") for i in range(5000)]
    with store.transaction() as t:
        t.put_many(people)
    with store.transaction() as t:  # replacing and adding in one go
        t.put_many([dataclasses.replace(p, org="Acme") for p in people[::2]] + [Contact(name="New")])
    reloaded = Store(db, CLOCK).all(Contact)
    assert len(reloaded) == 5001 and reloaded[-1].name == "New"
    assert [c.org for c in reloaded[:4]] == ["Acme", "", "Acme", ""]


def test_default_db_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KEEPINTOUCH_DB", str(tmp_path / "mine.json"))
    assert default_db_path() == tmp_path / "mine.json"
    monkeypatch.delenv("KEEPINTOUCH_DB")
    assert default_db_path().parts[-2:] == ("keepintouch", "keepintouch.json")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records, max_size=12))
def test_records_round_trip_through_a_fresh_store(tmp_path: Path, originals: list[Record]) -> None:
    db = Path(tempfile.mkdtemp(dir=tmp_path)) / "keepintouch.json"
    with Store(db, CLOCK).transaction() as t:
        stored = {(type(r), r.id): t.put(r) for r in originals}
    fresh = Store(db, CLOCK)
    for (cls, id), record in stored.items():
        assert fresh.get(cls, id) == record == dataclasses.replace(record, updated=CLOCK.now())
    assert sum(len(fresh.all(cls)) for cls in {cls for cls, _ in stored}) == len(stored)


def test_opening_removes_temp_files_of_killed_writers_but_not_of_a_live_one(db: Path) -> None:
    writer = Store(db, CLOCK)
    _add(writer, "Ada")
    (db.parent / "backups").mkdir()
    ours = [db.parent / ".keepintouch.json.4242-0badcafe.tmp",
            db.parent / "backups" / ".keepintouch-2026-03-01.json.4242-0badcafe.tmp"]
    others = [db.parent / ".other.json.4242-0badcafe.tmp", db.parent / "notes.tmp"]
    for path in ours + others:
        path.write_bytes(b"half a file")
    with writer.transaction():  # a live writer: its temp files are not stale
        Store(db, CLOCK)
        assert all(path.exists() for path in ours)
    Store(db, CLOCK)
    assert [path.exists() for path in ours + others] == [False, False, True, True]
