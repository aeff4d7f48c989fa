"""The file under the store: one JSON document, written so that a crash never tears it.

TinyDB asks its Storage for the whole document before every table operation and
hands the whole document back after every change. Its stock `JSONStorage`
re-parses the file on each read and rewrites it in place (seek, write,
truncate) on each write: O(file) work per operation, and a crash between the
write and the truncate leaves a torn file. So `OrjsonStorage` serves TinyDB
from memory and only touches the disk when the store says so: `load()` reads one
consistent snapshot, `flush()` writes one atomically (temp file in the same
folder, fsync, `os.replace`, fsync the folder). Readers therefore always see a
complete old or complete new file, and every write makes a new inode, which is
what lets `FileState` notice outside changes with one `os.stat`.

A database reached through a symbolic link (say, into a synced folder) is
written through the link: the target is replaced, in the target's folder, and
the link stays. A file whose owner may not write it (mode 0400) is refused
rather than replaced, since replacing a file only needs the folder's
permission and would quietly undo the user's choice.

The layout (`encode`) is orjson's compact JSON with one record per line:
each table starts on a line of its own and each record document on the
next, in their stable order. It stays one fast `orjson.dumps` per chunk
while a `git diff` of one change is a line or two, not the whole file.

`FileLock` serialises writers across processes; it lives here because it is
part of the same on-disk protocol (`<db>.lock`, see `database.py`).
"""

from __future__ import annotations

import bisect
import errno
import fcntl
import operator
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from keepintouch.domain.gc_pause import gc_paused

#: Personal data: readable by its owner only, whatever the umask says.
FILE_MODE = 0o600
DIR_MODE = 0o700
#: Files a user names (to import or restore) larger than this are refused unread: ten
#: times the biggest database we measured (25 MB: 10,000 people and years of touches),
#: and far beyond any address book; anything bigger is not what the user meant.
MAX_INPUT_BYTES = 256 << 20
#: `.<target name>.<pid>-<random>.tmp`, as `atomic_write` names its temp files.
_TEMP_RE = re.compile(r"^\.(?P<target>.+)\.\d+-[0-9a-f]{8}\.tmp$")
#: Where one document of a table ends and the next begins in orjson's compact output,
#: `},"<document id>":{`. Nowhere inside a record does an object end before a key of
#: digits whose value is an object: no field holds objects keyed by numbers.
_NEXT_DOC = re.compile(rb'\},"(\d+)":\{')


def _lines(body: bytes) -> bytes:
    """Compact JSON of consecutive table documents, each starting a new line."""
    return _NEXT_DOC.sub(rb'},\n"\1":{', body)


def _table_head(n: int, name: str) -> bytes:
    return (b"{\n" if n == 0 else b",\n") + orjson.dumps(name) + b":"


def _table_body(table: Any) -> bytes:
    body = orjson.dumps(table)
    if isinstance(table, dict) and table:
        return b"{\n" + _lines(body[1:])
    return body


def encode(data: dict[str, Any]) -> bytes:
    """The database file's bytes for a document: compact JSON, one record per line."""
    parts = [_table_head(n, name) + _table_body(table) for n, (name, table) in enumerate(data.items())]
    return b"".join(parts) + b"\n}\n" if parts else b"{}"


@dataclass(frozen=True)
class FileState:
    """What `os.stat` says about a file: different after every atomic write."""

    ino: int
    mtime_ns: int
    ctime_ns: int
    size: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileState:
        return cls(st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def file_state(path: Path) -> FileState | None:
    """The file's state, or None when it does not exist (other OSErrors propagate)."""
    try:
        return FileState.of(os.stat(path))
    except FileNotFoundError:
        return None


class FileRefused(OSError):
    """A file we will not read or write as it is; str() is one line saying why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename} {self.strerror}"


class ReadOnlyFile(FileRefused):
    """The file's owner may not write it; we refuse to replace it."""


def read_file(path: Path, limit: int | None = None) -> tuple[bytes, FileState] | None:
    """The file's bytes and the state they belong to, or None when it does not exist.

    The state comes from the open descriptor, so it matches the bytes even if a
    writer replaces the file meanwhile. Anything but a regular file (a FIFO, a
    device like /dev/zero) is refused without reading, and so is a file of more
    than `limit` bytes: `FileRefused`.
    """
    try:  # O_NONBLOCK: a FIFO at the path must fail the S_ISREG check, not hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(path, "is not a regular file (a pipe, device or socket), so it was not read")
        if limit is not None and st.st_size > limit:
            raise _too_big(path, limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            content = handle.read() if limit is None else handle.read(limit + 1)
        if limit is not None and len(content) > limit:  # it grew while we read it
            raise _too_big(path, limit)
        return content, FileState.of(st)
    finally:
        os.close(fd)


def _too_big(path: Path, limit: int) -> FileRefused:
    return FileRefused(path, f"is larger than {limit >> 20} MiB, more than keepintouch reads from a file")


def read_input(path: Path) -> bytes:
    """A file the user named (to import or restore): regular, at most `MAX_INPUT_BYTES`.

    `FileNotFoundError` when it does not exist, `FileRefused` or another
    `OSError` when it cannot be read.
    """
    on_disk = read_file(path, MAX_INPUT_BYTES)
    if on_disk is None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    return on_disk[0]


def write_target(path: Path) -> Path:
    """The file that writing `path` replaces: the end of its symbolic links, if any."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(path: Path) -> None:
    """Raise `ReadOnlyFile` if `path` exists and its owner may not write it.

    Judged by the mode bits, not by trying: replacing a file needs only the
    folder's permission, and root may write anything.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        raise ReadOnlyFile(path, "is read-only, so keepintouch leaves it as it is")


def make_dirs(folder: Path) -> None:
    """Create a folder (and its parents) private to the user, if missing."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, content: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `content` so that a crash leaves the old or the new file.

    The temp file sits in the same folder (`os.replace` is only atomic within a
    file system) and is named after the target so `stale_temp_files` can find
    what a killed writer left behind. `content` may come in parts, written in
    order (the store's document is written that way, never joined in memory).
    A symbolic link is written through (its target is replaced), and a
    read-only file is refused (`ReadOnlyFile`).
    """
    path = write_target(path)
    check_writable(path)
    make_dirs(path.parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                if isinstance(content, bytes | bytearray | memoryview):
                    handle.write(content)
                else:
                    for part in content:
                        handle.write(part)
                handle.flush()
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def stale_temp_files(folder: Path, is_target: Callable[[str], bool]) -> list[Path]:
    """Temp files in `folder` that `atomic_write` made for targets `is_target` accepts.

    Only stale when no writer holds the lock: every writer writes under it.
    """
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _TEMP_RE.match(entry.name)
        if match and is_target(match["target"]):
            found.append(entry)
    return sorted(found)


class OrjsonStorage(Storage):
    """A TinyDB storage that keeps the document in memory and saves it on demand.

    `read()` returns the live in-memory document (TinyDB calls it before every
    table operation, so it must be free) and `write()` only records it; the
    store decides when a transaction is complete and calls `flush()`.

    Saving serialises only what changed. Big tables are written in chunks of
    documents (`_Chunks`); a write that says which documents it touched
    (`write_changed`, as the store's tables do) marks only their chunks as
    changed, any other `write()` all of them. Each unchanged chunk is copied
    from the file we wrote last (where we know its place), the others are
    serialised again. Logging one touch in a 50 MB file then costs one small
    `orjson.dumps` and file copying that releases the GIL, instead of one
    `orjson.dumps` of the whole document, which holds the GIL (and so the
    app's screen) for tens of milliseconds; and no copy of the file is kept
    in memory. The bytes written are exactly those of `encode(document)`.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._data: dict[str, Any] = {}
        #: The chunks of the big tables, by table name.
        self._chunks: dict[str, _Chunks] = {}
        #: The file as last loaded or written by us; None while it does not exist.
        self.state: FileState | None = None

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Take the whole document as changed in unknown ways."""
        self._data = data
        self._chunks = {}

    def write_changed(self, data: dict[str, Any], table: str, edits: Edits) -> None:
        """Take `data` as the document in which only `table` changed, as `edits` says."""
        if data is not self._data:
            self.write(data)
            return
        chunks = self._chunks.get(table)
        if chunks is not None and not chunks.apply(edits):
            del self._chunks[table]

    def install(self, data: dict[str, Any], state: FileState | None) -> None:
        """Adopt a document freshly loaded from (or just written to) the file."""
        self.write(data)
        self.state = state

    def serialize(self) -> bytes:
        return b"".join(self._parts(None, []))

    def _parts(self, read: Read | None, placed: list[tuple[_Chunks, list[Place]]]) -> Iterator[bytes]:
        """The document's JSON in parts (joined: exactly `encode(document)`).

        Unchanged chunks come from `read` when given; where each chunk lands
        is noted in `placed`, for the caller to keep once the file is written.
        """
        pos = 0
        for n, (name, table) in enumerate(self._data.items()):
            head = _table_head(n, name)
            pos += len(head)
            yield head
            chunks = self._chunks.get(name)
            if chunks is None or chunks.docs is not table:
                chunks = _Chunks.of(table)
                if chunks is None:  # small, or document ids out of order: in one piece
                    body = _table_body(table)
                    pos += len(body)
                    yield body
                    continue
                self._chunks[name] = chunks
            places: list[Place] = []
            for part in chunks.parts(read, pos, places):
                pos += len(part)
                yield part
            placed.append((chunks, places))
        yield b"\n}\n" if self._data else b"{}"

    def flush(self) -> None:
        """Write the in-memory document to the file atomically."""
        placed: list[tuple[_Chunks, list[Place]]] = []
        with _reader(self.path, self.state) as read:
            atomic_write(self.path, self._parts(read, placed))
        self.state = file_state(self.path)
        for chunks, places in placed:
            chunks.places = places


#: Reads `length` bytes at `offset` of the file last written.
Read = Callable[[int, int], bytes]
#: Where a chunk lies in the file: (offset, length); None when not written yet or changed since.
Place = tuple[int, int] | None


@contextmanager
def _reader(path: Path, state: FileState | None) -> Iterator[Read | None]:
    """Reading the file as it was when we wrote (or loaded) it; None if it is another one now."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        yield None
        return
    try:
        same = state is not None and FileState.of(os.fstat(fd)) == state
        yield (lambda offset, length: os.pread(fd, length, offset)) if same else None
    finally:
        os.close(fd)


class _Chunks:
    """One big table's documents, in chunks of `SIZE` consecutive documents.

    Only for tables of at least two chunks whose document ids rise in file
    order (TinyDB appends each new document with the next id), so that a
    document id tells its chunk by bisection. A chunk is written as
    `orjson.dumps` of its documents without the braces; `places` says where
    each chunk lies in the file written last, and is None for a chunk changed
    since.
    """

    SIZE = 1000

    def __init__(self, docs: dict[str, Any], keys: list[list[str]], starts: list[int]) -> None:
        self.docs = docs
        self._keys = keys  # per chunk, its document ids in order
        self._starts = starts  # per chunk, its first document id as a number
        self.places: list[Place] = [None] * len(keys)

    @classmethod
    def of(cls, docs: Any) -> _Chunks | None:
        """Chunks for a table, or None unless it is big and its document ids are numbers rising in order."""
        if not isinstance(docs, dict) or len(docs) < 2 * cls.SIZE:
            return None
        ids = list(docs)
        try:
            numbers = list(map(int, ids))
        except (TypeError, ValueError):
            return None
        if not all(map(operator.lt, numbers, numbers[1:])):
            return None
        size = cls.SIZE
        keys = [ids[i : i + size] for i in range(0, len(ids), size)]
        return cls(docs, keys, numbers[::size])

    def apply(self, edits: Edits) -> bool:
        """Follow the table's edits: mark the chunks they touch as changed, file new documents
        at the end. False when the chunks no longer fit (a document came back, or a new one
        does not follow the last): then the table is chunked afresh on the next save."""
        ids = [*edits.added, *edits.changed, *edits.removed]
        if edits.added.keys() & edits.removed or not all(map(str.isdigit, ids)):
            return False  # removed and added again, it moved to the end of the table; or odd ids
        keys, starts, places = self._keys, self._starts, self.places
        for doc_id in edits.changed | edits.removed:
            i = bisect.bisect_right(starts, int(doc_id)) - 1
            if i < 0 or doc_id not in keys[i]:
                return False
            if doc_id in edits.removed:
                keys[i].remove(doc_id)
            places[i] = None
        last = int(keys[-1][-1]) if keys[-1] else starts[-1] - 1
        for doc_id in edits.added:  # in the order they were added, which is the table's
            number = int(doc_id)
            if number <= last:
                return False
            last = number
            if len(keys[-1]) >= self.SIZE:
                keys.append([])
                starts.append(number)
                places.append(None)
            keys[-1].append(doc_id)
            places[-1] = None
        return True

    def parts(self, read: Read | None, pos: int, places: list[Place]) -> Iterator[bytes]:
        """The table's JSON in parts (`{`, chunks separated by commas, `}`; one document
        per line), starting at offset `pos` of the file; where each chunk lands goes to `places`."""
        yield b"{\n"
        pos += 2
        first = True
        for chunk, place in zip(self._keys, self.places, strict=True):
            data = b""
            if place is not None and read is not None:
                data = read(*place)
            if len(data) != (place[1] if place else -1):
                data = _lines(orjson.dumps({k: self.docs[k] for k in chunk})[1:-1]) if chunk else b""
            if not data:
                places.append(None)
                continue
            if not first:
                yield b",\n"
                pos += 2
            places.append((pos, len(data)))
            yield data
            pos += len(data)
            first = False
        yield b"}"


@dataclass
class Edits:
    """What one table operation did to a table's documents, by document id."""

    added: dict[str, None] = field(default_factory=dict)  # new ids, in the order added
    changed: set[str] = field(default_factory=set)  # replaced or (maybe) edited in place
    removed: set[str] = field(default_factory=set)


#: A document parsed from at least this many bytes is frozen out of the collector's sight.
FREEZE_BYTES = 4 << 20


def parse(content: bytes) -> Any:
    """The JSON value in `content` (an empty file is not JSON: see `schema.parsed`).

    A big file's document (a million dicts and strings, no cycles) lives as
    long as the store: left to the collector, its first run after parsing
    walks all of it (20 ms at 10,000 people), and every full run again.
    """
    with gc_paused(freeze=len(content) >= FREEZE_BYTES):
        return orjson.loads(content)


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than we were willing to wait."""


def lock_path(db_path: Path) -> Path:
    """`<db>.lock` beside the file itself: through a symbolic link, beside its target,
    so that processes naming the link and the target lock the same file."""
    target = write_target(db_path)
    return target.with_name(target.name + ".lock")


class FileLock:
    """An exclusive `fcntl.flock` on a sidecar file, waited for at most `timeout` seconds.

    flock locks belong to an open file description, so two `FileLock`s on the
    same file exclude each other even inside one process, and the kernel drops
    the lock when its holder dies (even by SIGKILL): no stale locks. The lock
    file itself is never deleted, since deleting it would let two processes
    lock two different files of the same name.
    """

    _POLL = 0.01
    #: Seconds to wait by default. 24 processes saving a 28 MB file at once on a
    #: busy two-core machine: 16 gave up after 5 s, none after 30 s.
    TIMEOUT = 30.0
    #: Seconds of waiting after which `acquire` tells its caller.
    NOTICE_AFTER = 1.0

    def __init__(self, path: Path, timeout: float | None = None) -> None:
        self.path = path
        self.timeout = self.TIMEOUT if timeout is None else timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, on_wait: Callable[[], None] | None = None) -> None:
        """Take the lock, or raise `LockTimeout` after `timeout` seconds.

        `on_wait` is called once if the lock is still taken after `NOTICE_AFTER`
        seconds, so that a person waiting learns why.
        """
        start = time.monotonic()
        deadline, notice = start + self.timeout, start + self.NOTICE_AFTER
        while not self.try_acquire():
            now = time.monotonic()
            if on_wait is not None and now >= notice:
                on_wait()
                on_wait = None
            if now >= deadline:
                raise LockTimeout(f"{self.path} stayed locked for {self.timeout:g} s")
            time.sleep(self._POLL)

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now; True on success."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already locked by this FileLock")
        make_dirs(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor releases the flock
