"""The store: everything keepintouch remembers, in one JSON file shared safely between processes.

The TUI stays open all day while `keepintouch log …` runs from another shell,
so two processes write the same file. Every write is a `transaction()`: take
an exclusive lock on `<db>.lock`, reload the file if someone replaced it since
we loaded it, apply the changes to that newest state, write it atomically,
unlock. Nobody's update is lost (`StoreLocked` only after `lock_timeout`
seconds: 30 by default, see `FileLock.TIMEOUT`; the caller may be told once,
after a second, that it is waiting).

Reads never touch the disk: the document lives in memory (see `json_file.py`),
records are decoded lazily per table and kept decoded, and an outside change
is noticed by one `os.stat` in `refresh()` or at the start of a transaction.
A transaction costs one serialisation and one atomic write of the file.

A file that cannot be read or is not a keepintouch database raises a
`StoreError` (`errors.py`) whose message is one line naming the file, the
newest backup and what to do; the file is left as it is, and this store
writes nothing until the file changes and loads cleanly. Older files are upgraded on load, after a
backup (`schema.py`); a backup is also made before the first write of
each day (`backups.py`), only ever from a state that loaded cleanly.

An empty (0-byte) file is what some file systems and sync tools leave after a
crash, so it counts as damaged, not as an empty database, unless it is
clearly brand-new: no keepintouch has used its folder (no `<db>.lock` beside
it, no backups), as after `touch keepintouch.json`. Refusing it otherwise is
the only way the user learns their data went missing while a backup or the
sync tool's history can still bring it back; starting afresh would hide the
loss, and the next day's backup would copy the empty file.
"""

from __future__ import annotations

import operator
import os
import threading
from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import platformdirs
from tinydb.table import Table

from keepintouch.domain.clock import Clock
from keepintouch.domain.gc_pause import gc_paused
from keepintouch.domain.history import TouchGroups
from keepintouch.domain.model import Network, Record, Touch
from keepintouch.store import backups, conflicts
from keepintouch.store.errors import (
    CopyUnreadable,
    OnWait,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    corrupt,
    emptied,
    holding,
    not_saved,
    too_new,
    unreadable,
)
from keepintouch.store.json_file import (
    Edits,
    FileLock,
    FileState,
    OrjsonStorage,
    atomic_write,
    check_writable,
    encode,
    file_state,
    lock_path,
    read_file,
    stale_temp_files,
    write_target,
)
from keepintouch.store.merge import FIELDS, MergeReport, merge_documents
from keepintouch.store.restore import restore_backup, whole_version
from keepintouch.store.schema import (
    SCHEMA_VERSION,
    TABLES,
    Document,
    ShapeError,
    check_table,
    check_tombstones,
    current_document,
    decode_record,
    parse_document,
    with_version,
)
from keepintouch.store.stamps import REMOVED_TABLE, moment, recreated, stamp_of, stamp_put, tombstone

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "Transaction",
    "default_db_path",
    "restore_backup",
]

R = TypeVar("R", bound=Record)
_record_id = operator.itemgetter("id")

#: Decoding at least this many records at once moves them out of the garbage
#: collector's sight (see `gc_paused`): a big database's touches.
FREEZE_FROM = 20_000


def default_db_path() -> Path:
    """`$KEEPINTOUCH_DB` if set, else `keepintouch.json` in the user's data folder."""
    if os.environ.get("KEEPINTOUCH_DB"):
        return Path(os.environ["KEEPINTOUCH_DB"]).expanduser()
    return platformdirs.user_data_path("keepintouch") / "keepintouch.json"


# --------------------------------------------------------------------------
# Decoding


def _carried_over(cls: type[R], docs: Document, old_docs: Document, old: dict[str, R]) -> dict[str, R]:
    """Decoded records for a changed table, reusing those whose document is unchanged."""
    fresh: dict[str, R] = {}
    with gc_paused():
        for doc_id, doc in docs.items():
            record = old.get(doc["id"]) if old_docs.get(doc_id) == doc else None
            fresh[doc["id"]] = record if record is not None else decode_record(cls, doc)
    return fresh


# --------------------------------------------------------------------------
# TinyDB tables without the per-operation copy


class _DocsView(MutableMapping[int, Document]):
    """A table's documents seen with int ids, as TinyDB's updaters expect, stored with str ids.

    It notes which documents the updater added, replaced or removed, or took
    to edit in place (`edits`), so that the storage re-serialises only those.
    """

    __slots__ = ("_docs", "edits")

    def __init__(self, docs: dict[str, Document]) -> None:
        self._docs = docs
        self.edits = Edits()

    def _touch(self, key: str) -> None:
        if key not in self.edits.added:
            self.edits.changed.add(key)

    def __getitem__(self, doc_id: int) -> Document:
        key = str(doc_id)
        doc = self._docs[key]
        self._touch(key)  # TinyDB's update edits the document it gets, in place
        return doc

    def __setitem__(self, doc_id: int, doc: Document) -> None:
        key = str(doc_id)
        if key in self._docs:
            self._touch(key)
        else:
            self.edits.added[key] = None
        self._docs[key] = doc

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        del self._docs[key]
        if key in self.edits.added:  # added and removed again by the same operation
            del self.edits.added[key]
            return
        self.edits.changed.discard(key)
        self.edits.removed.add(key)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._docs

    def __iter__(self) -> Iterator[int]:
        return map(int, self._docs)

    def __len__(self) -> int:
        return len(self._docs)


class _Table(Table):
    """A TinyDB table whose updates cost what they change, not the table's size.

    TinyDB's `_update_table` copies the whole table twice per operation to
    convert ids between str and int; with 100,000 touches that dominates a
    save. Here the updater edits the in-memory document through `_DocsView`.
    TinyDB has no public hook for this, so it is pinned exactly in
    pyproject.toml and tests/test_store_tinydb.py guards the override.
    """

    def _update_table(self, updater: Any) -> None:
        storage: OrjsonStorage = self._storage  # type: ignore[assignment]
        tables = storage.read()
        view = _DocsView(tables.setdefault(self.name, {}))
        try:
            updater(view)
        finally:  # even half done, the storage must know what changed
            storage.write_changed(tables, self.name, view.edits)
            self.clear_cache()


# --------------------------------------------------------------------------
# The store


class Transaction:
    """Changes staged inside `Store.transaction()`, written together when the block ends.

    Reads see the store's newest state with this transaction's changes on top.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._now = store.clock.now()
        #: table → record id → new record, or None for a removal.
        self._changes: dict[str, dict[str, Record | None]] = {}
        self._open = True

    def _staged(self, record: Record) -> dict[str, Record | None]:
        if not self._open:
            raise RuntimeError("this transaction is over; open a new one")
        if record.table not in TABLES:
            raise TypeError(f"{type(record).__name__} is not a stored record type")
        return self._changes.setdefault(record.table, {})

    def put(self, record: R) -> R:
        """Insert or replace `record` (by id), with `updated` set to now; returns what is stored."""
        stored = record.touched(self._now)
        self._staged(stored)[stored.id] = stored
        return stored

    def put_many(self, records: Iterable[Record]) -> None:
        """`put` each record; the table work happens once per table at commit."""
        for record in records:
            self.put(record)

    def restore_many(self, records: Iterable[Record]) -> None:
        """Put records as they are, `created` and `updated` included: for
        restoring our own export, whose stamps are part of what it keeps."""
        for record in records:
            self._staged(record)[record.id] = record

    def remove(self, record: Record) -> None:
        """Remove the record with `record.id`, if there is one."""
        self._staged(record)[record.id] = None

    def get(self, cls: type[R], id: str) -> R | None:
        changes = self._changes.get(cls.table, {})
        if id in changes:
            return changes[id]  # type: ignore[return-value]
        return self._store.get(cls, id)

    def all(self, cls: type[R]) -> list[R]:
        changes = self._changes.get(cls.table)
        if not changes:
            return self._store.all(cls)
        merged: dict[str, Any] = {r.id: r for r in self._store.all(cls)}
        merged.update(changes)  # replacements keep their place, new records come last
        return [r for r in merged.values() if r is not None]

    def network(self) -> Network:
        network = Network(**{name: self.all(cls) for name, cls in TABLES.items()})  # type: ignore[arg-type]
        if not self._changes.get(Touch.table):
            network.touch_groups = self._store._touch_groups()
        return network


class _Tried(NamedTuple):
    """A conflict copy left beside the database: its state when tried, the line said, try it again?"""

    state: FileState | None
    line: str
    again: bool


def _state_of(path: Path) -> FileState | None:
    try:
        return file_state(path)
    except OSError:
        return None


class Store:
    """The records in one database file; see the module docstring for the protocol."""

    def __init__(
        self,
        path: Path | str,
        clock: Clock,
        backup_count: int = 7,
        lock_timeout: float | None = None,
        on_lock_wait: OnWait | None = None,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        self.backups_dir = backups.backups_dir(self.path)
        self.clock = clock
        self.backup_count = backup_count
        self._storage = OrjsonStorage(self.path)
        self._lock = FileLock(lock_path(self.path), lock_timeout)
        #: Told, once a second has passed, that a save waits for another keepintouch (the app sets its own).
        self.on_lock_wait = on_lock_wait
        self._mutex = threading.RLock()
        self._transaction: Transaction | None = None
        #: The load error that stops all writes, and the file state it was about.
        self._broken: tuple[StoreError, FileState | None] | None = None
        self._backed_up_on: date | None = None
        self._tables: dict[str, _Table] = {}
        #: table → record id → TinyDB document id, so put and remove never scan.
        self._ids: dict[str, dict[str, str]] = {name: {} for name in TABLES}
        #: table → record id → decoded record, in file order; only tables asked for.
        self._records: dict[str, dict[str, Any]] = {}
        #: The decoded touches grouped by person, kept up to date by each save; None until asked for.
        self._groups: TouchGroups | None = None
        #: Conflict copies this store tried and left beside the database (see `merge_conflict_copies`).
        self._copies_tried: dict[Path, _Tried] = {}
        self._reload()
        self._remove_stale_temp_files()

    # -- reading --------------------------------------------------------

    def get(self, cls: type[R], id: str) -> R | None:
        with self._mutex:
            records = self._records.get(cls.table)
            if records is not None:
                return records.get(id)
            doc_id = self._ids[cls.table].get(id)
            if doc_id is None:
                return None
            return self._decoded(cls, self._storage.read()[cls.table][doc_id])

    def all(self, cls: type[R]) -> list[R]:
        with self._mutex:
            records = self._records.get(cls.table)
            if records is None:
                docs = self._storage.read().get(cls.table, {})
                with gc_paused(freeze=len(docs) >= FREEZE_FROM):
                    records = {doc["id"]: self._decoded(cls, doc) for doc in docs.values()}
                self._records[cls.table] = records
            return list(records.values())

    def changed_at(self, cls: type[Record], id: str, name: str) -> datetime | None:
        """When field `name` of a stored record last changed (its change stamp, see
        `stamps.py`), or None when there is no such record: a two-way sync asks it
        which side changed a field last."""
        with self._mutex:
            doc_id = self._ids[cls.table].get(id)
            if doc_id is None:
                return None
            return moment(stamp_of(self._storage.read()[cls.table][doc_id], name))

    def network(self) -> Network:
        """A copy of every record (fresh lists; records are shared, never mutate them),
        with the touches grouped by person."""
        with self._mutex:
            network = Network(**{name: self.all(cls) for name, cls in TABLES.items()})  # type: ignore[arg-type]
            network.touch_groups = self._touch_groups()
            return network

    def _touch_groups(self) -> TouchGroups:
        """The touches grouped by person: built once, then changed by each save (`_apply`)."""
        if self._groups is None:
            touches = self.all(Touch)
            with gc_paused(freeze=len(touches) >= FREEZE_FROM):
                self._groups = TouchGroups.of(touches)
        return self._groups

    def refresh(self) -> bool:
        """Pick up changes other processes saved; True if any record changed."""
        with self._mutex:
            return self._sync()

    # -- writing --------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, catch up with the file, let the block stage changes, save them at once.

        If the block raises, nothing is written and the store is as before.
        """
        with self._mutex:
            if self._transaction is not None:
                raise RuntimeError("a transaction is already open on this store")
            with self._locked():
                self._sync()
                transaction = self._transaction = Transaction(self)
                try:
                    yield transaction
                    self._commit(transaction._changes, transaction._now)
                finally:
                    transaction._open = False
                    self._transaction = None

    def _commit(self, staged: dict[str, dict[str, Record | None]], now: datetime) -> None:
        changes = {
            name: {id: r for id, r in records.items() if r is not None or id in self._ids[name]}
            for name, records in staged.items()
        }
        if not any(changes.values()) and not self._loaded_empty_file():
            return  # removing what is not there changes nothing: no write, no backup
        try:
            check_writable(write_target(self.path))
        except OSError as error:
            raise not_saved(self.path, "save the change", error) from None
        self._backup_if_due()
        try:
            for name, records in changes.items():
                self._apply(name, records, now)
            self._storage.flush()
        except BaseException as error:
            try:  # memory no longer matches the file: go back to what it holds
                self._reload()
            except StoreError:
                pass  # remembered in self._broken: nothing more is written
            if isinstance(error, OSError):
                raise not_saved(self.path, "save the change", error) from error
            raise

    def _table(self, name: str) -> _Table:
        if name not in self._tables:
            self._tables[name] = _Table(self._storage, name)
        return self._tables[name]

    def _apply(self, name: str, changes: dict[str, Record | None], now: datetime) -> None:
        """Apply one table's changes to the in-memory document and the decoded records.

        Changed fields get change stamps and removals leave tombstones (`stamps.py`),
        so that copies made on other devices merge field by field.
        """
        table = self._table(name)
        docs, fields = self._storage.read().get(name, {}), FIELDS[name]
        tombs = self._tombstones(name) if any(r is None or r.id not in self._ids[name] for r in changes.values()) else {}
        buried: list[Document] = []
        unburied: list[int] = []
        ids, records = self._ids[name], self._records.get(name)
        added: list[Record] = []
        removed: list[int] = []
        # The touch groups follow the decoded touches they were built from (`_touch_groups`).
        regroup = name == Touch.table and self._groups is not None
        before = [r for r in map(records.get, changes) if isinstance(r, Touch)] if regroup and records is not None else []
        for id, record in changes.items():
            doc_id = ids.get(id)
            if record is None:
                if doc_id is not None:
                    buried.append(tombstone(name, docs[doc_id], now.isoformat()))
                    removed.append(int(ids.pop(id)))
                if records is not None:
                    records.pop(id, None)
            elif doc_id is None:
                added.append(record)
            else:
                table.update(stamp_put(docs[doc_id], record.to_dict(), fields, record.updated.isoformat()), doc_ids=[int(doc_id)])
                if records is not None:
                    records[id] = record
        if removed:
            table.remove(doc_ids=removed)
        if added:
            new_docs = []
            for record in added:
                doc = record.to_dict()
                if record.id in tombs:  # put again after its removal: newer than the removal
                    tomb_id, at = tombs[record.id]
                    unburied.append(tomb_id)
                    later = max(now, moment(at) + timedelta(microseconds=1))
                    doc = recreated(doc, fields, later.isoformat())
                new_docs.append(doc)
            doc_ids = table.insert_multiple(new_docs)
            for record, number in zip(added, doc_ids, strict=True):
                ids[record.id] = str(number)
                if records is not None:
                    records[record.id] = record
        if regroup and self._groups is not None:
            after = [r for r in changes.values() if isinstance(r, Touch)]
            self._groups = self._groups.changed(before, after) if records is not None else None
        if unburied:
            self._table(REMOVED_TABLE).remove(doc_ids=unburied)
        if buried:
            self._table(REMOVED_TABLE).insert_multiple(buried)

    def _tombstones(self, name: str) -> dict[str, tuple[int, str]]:
        """Record id → (tombstone's document id, removal time) of the table's removed records."""
        table = self._storage.read().get(REMOVED_TABLE, {})
        return {t["id"]: (int(doc_id), t["at"]) for doc_id, t in table.items() if t.get("table") == name}

    def _backup_if_due(self) -> None:
        """Copy the file into `backups/` before the first write of the day."""
        today = self.clock.today()
        if self.backup_count < 1 or self._backed_up_on == today:
            return
        try:  # no file yet (or a brand-new empty one): nothing to copy
            content = None if backups.has_backup_for(self.path, today) else self._loaded_content()
            if content is not None:
                backups.save_backup(self.path, content, today, self.backup_count)
        except OSError as error:
            raise not_saved(self.path, f"make today's backup in {self.backups_dir}", error) from None
        self._backed_up_on = today

    def _loaded_content(self) -> bytes | None:
        """What a backup of the loaded state holds; None when that state is no file or an empty one.

        Called under the lock right after `_sync`, so the file is normally the
        one we loaded and checked, and its bytes are copied as they are. If a
        program that ignores our lock (a sync tool) replaced it meanwhile, its
        bytes were never checked: the loaded state is serialised instead.
        """
        loaded = self._storage.state
        if loaded is None or loaded.size == 0:
            return None
        on_disk = read_file(self.path)
        if on_disk is not None and on_disk[1] == loaded:
            return on_disk[0]
        return self._storage.serialize()

    # -- merging copies from other devices --------------------------------

    def merge_copy(self, copy: Path | str, *, dry_run: bool = False) -> MergeReport:
        """Merge another version of this database (see `merge.py`) into it; returns what came in.

        The copy is a database file or a `keepintouch export json` file (see
        `restore.whole_version`). It must load completely, or `StoreCorrupt`
        says why and nothing changes (the copy is never written). Before the
        merged file replaces ours, ours is backed up. `dry_run` only reports.
        """
        copy = Path(copy).expanduser().absolute()
        try:
            on_disk = read_file(copy)
            if on_disk is None:
                raise ShapeError("there is no such file")
            theirs = whole_version(on_disk[0], self.clock.now(), stamp_export=True)
        except (OSError, ShapeError) as error:
            reason = f"cannot be read: {error.strerror or error}" if isinstance(error, OSError) else str(error)
            raise CopyUnreadable(f"{copy} was not merged ({reason}); it was left as it is.") from None
        with self._mutex:
            if self._transaction is not None:
                raise RuntimeError("cannot merge inside a transaction")
            with self._locked():
                self._sync()
                try:
                    merged, report = merge_documents(self._storage.read(), theirs)
                except ShapeError as error:
                    raise StoreCorrupt(f"{copy} was not merged ({error}); both files were left as they are.") from None
                if dry_run or not report.differs:
                    return report
                try:
                    current = self._loaded_content()
                    if current is not None:
                        backups.save_backup(self.path, current, self.clock.today(), self.backup_count)
                    atomic_write(self.path, encode(merged))
                except OSError as error:
                    raise not_saved(self.path, f"merge {copy}", error) from None
                self._reload()
                return report

    def merge_conflict_copies(self) -> list[str]:
        """Merge the conflict copies sync tools left beside the database, moving each into
        `merged/`; returns the lines to show: one for what came in, one per copy left alone.

        The app calls this at every poll, so what this store already did is not
        done or said again: a copy it merged (but could not move) or found
        unreadable is skipped until the copy changes; one that failed for
        another reason (a lock, a read-only folder) is tried again, and
        reported again only in other words.
        """
        with self._mutex:
            lines: list[str] = []
            total = MergeReport()
            merged = 0
            tried: dict[Path, _Tried] = {}
            for copy in conflicts.conflict_copies(self.path):
                state = _state_of(copy)
                before = self._copies_tried.get(copy)
                if before is not None and before.state == state and not before.again:
                    tried[copy] = before
                    continue
                try:
                    total += self.merge_copy(copy)
                except CopyUnreadable as error:  # the same bytes will never read better
                    now = _Tried(state, str(error), again=False)
                except StoreError as error:
                    now = _Tried(state, f"{copy} was not merged yet: {error}", again=True)
                else:
                    merged += 1
                    try:
                        conflicts.set_merged(self.path, copy)
                        continue
                    except OSError as error:
                        line = (
                            f"{copy} was merged but could not be moved into {conflicts.merged_dir(self.path)} "
                            f"({error.strerror or error}); move it away yourself so it is not merged again."
                        )
                        now = _Tried(state, line, again=False)
                if before is None or not before.again or before.line != now.line:
                    lines.append(now.line)
                tried[copy] = now
            self._copies_tried = tried
            if merged:
                source = "a copy made by another device" if merged == 1 else f"{merged} copies made by other devices"
                lines.insert(0, total.line(source))
            return lines

    # -- backups --------------------------------------------------------

    def backup_now(self) -> Path:
        """Copy the database into `backups/` now; a second copy the same day gets `-2`, …"""
        with self._mutex, self._locked():
            self._sync()
            try:
                if self._loaded_empty_file():  # now that the lock file says we were here
                    self._storage.flush()
                content = self._loaded_content() or self._storage.serialize()
                return backups.save_backup(self.path, content, self.clock.today(), self.backup_count)
            except OSError as error:
                raise not_saved(self.path, f"write a backup in {self.backups_dir}", error) from None

    def restore(self, backup: Path | str) -> Path | None:
        """Replace the database with a backup and load it; see `restore_backup`.

        Returns where the replaced state was saved (None if there was no file).
        """
        with self._mutex:
            if self._transaction is not None:
                raise RuntimeError("cannot restore inside a transaction")
            saved = restore_backup(self.path, backup, self.clock, self._lock.timeout, self.on_lock_wait)
            self._reload()
            return saved

    def newest_backup(self) -> Path | None:
        return backups.newest_backup(self.path)

    def list_backups(self) -> list[Path]:
        """Backups of this database, oldest first."""
        return backups.list_backups(self.path)

    def close(self) -> None:
        self._lock.release()
        self._storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading --------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self._lock.held:
            yield
        else:
            with holding(self._lock, self.path, self.on_lock_wait):
                yield

    def _fail(self, error: StoreError, state: FileState | None) -> StoreError:
        """Remember a load error: nothing is written until the file changes and loads."""
        self._broken = (error, state)
        return error

    def _sync(self) -> bool:
        """Reload if the file changed since we loaded it; True if any record changed."""
        try:
            current = file_state(self.path)
        except OSError as error:
            raise self._fail(unreadable(self.path, error), None) from None
        if self._broken is not None:
            broken, state = self._broken
            if current == state:
                raise broken
        elif current == self._storage.state:
            return False
        return self._reload()

    def _read(self) -> tuple[Document, FileState | None, bytes, int]:
        """The file as it is now: (document, its state, its bytes, its schema version)."""
        try:
            on_disk = read_file(self.path)
        except OSError as error:
            raise self._fail(unreadable(self.path, error), None) from None
        if on_disk is None:
            return with_version({}), None, b"", SCHEMA_VERSION
        content, state = on_disk
        if not content:
            if not self._brand_new():
                raise self._fail(emptied(self.path), state)
            return with_version({}), state, content, SCHEMA_VERSION
        try:
            data, version = parse_document(content)
        except ShapeError as error:
            raise self._fail(corrupt(self.path, str(error)), state) from None
        if version > SCHEMA_VERSION:
            raise self._fail(too_new(self.path, version), state)
        return data, state, content, version

    def _reload(self) -> bool:
        """Load the file as it is now, upgrading an older one; True if any record changed."""
        data, state, _, version = self._read()
        if version < SCHEMA_VERSION:
            data, state = self._upgrade()
        return self._install(data, state)

    def _upgrade(self) -> tuple[Document, FileState | None]:
        """Migrate an older file to `SCHEMA_VERSION`, after backing it up.

        Every record is decoded first: an upgrade writes the file and a backup,
        which must never happen from a state that then fails to load.
        """
        with self._locked():
            data, state, content, version = self._read()  # again: someone may have upgraded it
            if version == SCHEMA_VERSION:
                return data, state
            try:
                current_document(data, self.clock.now(), decode=True)
            except ShapeError as error:
                raise self._fail(corrupt(self.path, str(error)), state) from None
            try:
                backups.save_backup(self.path, content, self.clock.today(), self.backup_count)
                atomic_write(self.path, encode(data))
                return data, file_state(self.path)
            except OSError as error:
                raise not_saved(self.path, f"upgrade it from data version {version}", error) from None

    def _loaded_empty_file(self) -> bool:
        """Is the loaded state a brand-new empty file? Any transaction then writes it,
        even without changes: its lock file would make the empty file look emptied."""
        return self._storage.state is not None and self._storage.state.size == 0

    def _brand_new(self) -> bool:
        """Has no keepintouch used this file's folder yet? (No lock file, no backups.)

        Only writers make the lock file (see `_remove_stale_temp_files`), and
        none leaves the file empty, so an empty file beside one was emptied.
        """
        return not self._lock.path.exists() and not backups.list_backups(self.path)

    def _install(self, data: Document, state: FileState | None) -> bool:
        """Adopt a freshly loaded document; True if any record changed.

        A table equal to the one in memory keeps its ids and decoded records
        (and was checked when it was loaded); in a changed table only the
        records whose document changed are decoded again.
        """
        old = self._storage.read()
        ids, records, groups = dict(self._ids), dict(self._records), self._groups
        changed = {k: v for k, v in data.items() if k not in TABLES} != {
            k: v for k, v in old.items() if k not in TABLES
        }
        try:
            if data.get(REMOVED_TABLE) != old.get(REMOVED_TABLE):
                check_tombstones(data)
            for name, cls in TABLES.items():
                table, old_table = data.get(name, {}), old.get(name, {})
                if table == old_table:
                    continue
                changed = True
                if name == Touch.table:
                    groups = None
                check_table(name, table)
                ids[name] = dict(zip(map(_record_id, table.values()), table, strict=True))
                if name in records:
                    records[name] = _carried_over(cls, table, old_table, records[name])
        except ShapeError as error:
            raise self._fail(corrupt(self.path, str(error)), state) from None
        self._storage.install(data, state)
        self._ids, self._records, self._tables, self._groups = ids, records, {}, groups
        self._broken = None
        return changed

    def _decoded(self, cls: type[R], doc: Document) -> R:
        try:
            return decode_record(cls, doc)
        except ShapeError as error:
            raise self._fail(corrupt(self.path, str(error)), self._storage.state) from None

    def _remove_stale_temp_files(self) -> None:
        """Delete temp files of writers killed mid-write (only when no writer is at work).

        Without a lock file no writer ever worked here, so there is nothing to
        delete; and the lock file is not made here, since it tells that one did.
        """
        if not self._lock.path.exists():
            return
        try:
            if not self._lock.try_acquire():
                return
        except OSError:
            return  # e.g. a read-only folder: there is nothing we could delete anyway
        try:
            target = write_target(self.path)
            stale = stale_temp_files(target.parent, lambda name: name == target.name)
            stale += stale_temp_files(self.backups_dir, lambda name: backups.is_backup_name(self.path, name))
            for temp in stale:
                temp.unlink(missing_ok=True)
        except OSError:
            pass  # tidying up is a courtesy: a folder we may not list or change must not stop the start
        finally:
            self._lock.release()
