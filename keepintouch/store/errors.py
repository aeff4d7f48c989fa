"""What can go wrong with the database file, each said in one line.

Every message names the file and what to do (restore the newest whole
backup, free some space, make the file writable, try again in a moment), so
that the command line and the app can show it as it is, never a traceback.
"""

from __future__ import annotations

import errno
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from keepintouch.store import backups
from keepintouch.store.json_file import FileLock, FileRefused, LockTimeout, ReadOnlyFile
from keepintouch.store.schema import SCHEMA_VERSION

#: Told once, with a one-line notice, when a writer has waited a while for the lock.
OnWait = Callable[[str], None]


class StoreError(Exception):
    """A problem the user must act on; str() is one line naming the file and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class StoreCorrupt(StoreError):
    """The file is not a keepintouch database (invalid JSON, wrong shape, bad record)."""


class CopyUnreadable(StoreCorrupt):
    """Another version of the database, given to merge, that cannot be read as one."""


class StoreLocked(StoreError):
    """Another process kept the database locked for longer than we wait."""


def backup_hint(db_path: Path) -> str:
    newest = backups.newest_backup(db_path)
    if newest is None:
        return "There is no backup; repair the file or move it aside to start afresh."
    return f"Newest backup: {newest} — restore it with `keepintouch restore {shlex.quote(str(newest))}`."


def corrupt(db_path: Path, reason: str) -> StoreCorrupt:
    return StoreCorrupt(f"{db_path}: {reason}. {backup_hint(db_path)}")


def emptied(db_path: Path) -> StoreCorrupt:
    newest = backups.newest_backup(db_path)
    if newest is None:
        hint = "There is no backup; look for an older copy in your sync tool's history, or delete the file to start afresh."
    else:
        hint = backup_hint(db_path)
    return StoreCorrupt(f"{db_path}: the file is empty (0 bytes), as a crash or a sync tool can leave it. {hint}")


def unreadable(db_path: Path, error: OSError) -> StoreError:
    if isinstance(error, IsADirectoryError):
        reason = "is a directory, not a database file"
    elif isinstance(error, FileRefused):
        reason = f"{error.strerror}"
    else:
        reason = f"cannot be read ({error.strerror or error})"
    return StoreError(f"{db_path}: {reason}. {backup_hint(db_path)}")


def too_new(db_path: Path, version: int) -> StoreError:
    return StoreError(
        f"{db_path}: written by a newer keepintouch (data version {version}; this one reads up to "
        f"{SCHEMA_VERSION}). Upgrade keepintouch to open it; the file was not changed."
    )


def not_saved(db_path: Path, what: str, error: OSError) -> StoreError:
    if isinstance(error, ReadOnlyFile):
        return StoreError(
            f"{error.filename} is read-only, so keepintouch did not {what}. "
            f"Make it writable (chmod u+w) to save changes; nothing was changed."
        )
    hint = {
        errno.ENOSPC: " The disk is full; free some space and try again.",
        errno.EDQUOT: " Your disk quota is used up; free some space and try again.",
        errno.EROFS: " The file system is read-only; save to a writable folder (--db).",
        errno.EACCES: " Check the permissions of the file and its folder.",
        errno.EPERM: " Check the permissions of the file and its folder.",
    }.get(error.errno or 0, "")
    return StoreError(f"{db_path}: could not {what} ({error.strerror or error}).{hint}")


def _waiting_notice(db_path: Path, lock: FileLock) -> str:
    return f"Another keepintouch is writing to {db_path}; waiting for it (up to {lock.timeout:g} s)…"


@contextmanager
def holding(lock: FileLock, db_path: Path, on_wait: OnWait | None = None) -> Iterator[None]:
    """Hold the writers' lock, turning its failures into one-line `StoreError`s."""
    try:
        lock.acquire(None if on_wait is None else lambda: on_wait(_waiting_notice(db_path, lock)))
    except LockTimeout:
        raise StoreLocked(
            f"{db_path} is busy: another keepintouch is saving to it and did not finish "
            f"within {lock.timeout:g} s. Try again in a moment."
        ) from None
    except OSError as error:
        raise not_saved(db_path, f"create the lock file {lock.path}", error) from None
    try:
        yield
    finally:
        lock.release()
