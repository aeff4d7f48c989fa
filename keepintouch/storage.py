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

`FileLock` serialises writers across processes; it lives here because it is
part of the same on-disk protocol (`<db>.lock`, see `store.py`).
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

#: Personal data: readable by its owner only, whatever the umask says.
FILE_MODE = 0o600
DIR_MODE = 0o700
#: `.<target name>.<pid>-<random>.tmp`, as `atomic_write` names its temp files.
_TEMP_RE = re.compile(r"^\.(?P<target>.+)\.\d+-[0-9a-f]{8}\.tmp$")


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


def read_snapshot(path: Path) -> tuple[bytes, FileState] | None:
    """The file's bytes and the state they belong to, or None when it does not exist.

    The state comes from the open descriptor, so it matches the bytes even if a
    writer replaces the file meanwhile.
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
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            content = handle.read()
        return content, FileState.of(st)
    finally:
        os.close(fd)


def make_dirs(folder: Path) -> None:
    """Create a folder (and its parents) private to the user, if missing."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace `path` with `content` so that a crash leaves the old or the new file.

    The temp file sits in the same folder (`os.replace` is only atomic within a
    file system) and is named after the target so `stale_temp_files` can find
    what a killed writer left behind.
    """
    make_dirs(path.parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(content)
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
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._data: dict[str, Any] = {}
        #: The file as last loaded or written by us; None while it does not exist.
        self.state: FileState | None = None

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data

    def install(self, data: dict[str, Any], state: FileState | None) -> None:
        """Adopt a document freshly loaded from (or just written to) the file."""
        self._data = data
        self.state = state

    def changed_on_disk(self) -> bool:
        """One `os.stat`: has anyone replaced the file since we loaded or wrote it?"""
        return file_state(self.path) != self.state

    def serialize(self) -> bytes:
        return orjson.dumps(self._data)

    def flush(self) -> None:
        """Write the in-memory document to the file atomically."""
        atomic_write(self.path, self.serialize())
        self.state = file_state(self.path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles.

    Parsing a 30 MB file creates over a million dicts and strings; the
    collector would scan the growing heap again and again meanwhile, which
    makes parsing several times slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse(content: bytes) -> Any:
    """The JSON value in `content`; an empty file is an empty database, as in TinyDB."""
    if not content.strip():
        return {}
    with gc_paused():
        return orjson.loads(content)


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than we were willing to wait."""


class FileLock:
    """An exclusive `fcntl.flock` on a sidecar file, waited for at most `timeout` seconds.

    flock locks belong to an open file description, so two `FileLock`s on the
    same file exclude each other even inside one process, and the kernel drops
    the lock when its holder dies (even by SIGKILL): no stale locks. The lock
    file itself is never deleted, since deleting it would let two processes
    lock two different files of the same name.
    """

    _POLL = 0.01

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise `LockTimeout` after `timeout` seconds."""
        deadline = time.monotonic() + self.timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
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
