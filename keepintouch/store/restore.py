"""Putting a backup or an export back in place of the database.

Kept apart from the store because it must work when the database itself
cannot be opened: that is when a restore is needed most.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from keepintouch.domain.clock import Clock
from keepintouch.store import backups
from keepintouch.store.errors import OnWait, StoreCorrupt, holding, not_saved
from keepintouch.store.json_file import (
    FileLock,
    FileRefused,
    atomic_write,
    check_writable,
    encode,
    lock_path,
    read_file,
    read_input,
    write_target,
)
from keepintouch.store.schema import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    TABLES,
    Document,
    ShapeError,
    check_shape,
    checked,
    current_document,
    decode_record,
    parsed,
    with_version,
)
from keepintouch.store.stamps import STAMPS_KEY, stamped_fields


def restore_backup(
    db_path: Path | str,
    backup: Path | str,
    clock: Clock,
    lock_timeout: float | None = None,
    on_lock_wait: OnWait | None = None,
) -> Path | None:
    """Replace the database with a backup, after checking it and backing up the current file.

    Works without opening the database, so that `keepintouch restore` can
    repair an unreadable one. The backup is a database file of ours (an older
    one is upgraded) or the output of `keepintouch export json`, and must load
    completely (every record). Anything else (an empty file, `{}`, another
    program's TinyDB file, a pipe, a file over `MAX_INPUT_BYTES`) raises
    `StoreCorrupt`, and nothing changes: restoring it would replace the
    user's network with nothing. The current file is saved as a new backup
    (or, if it is unreadable itself, set aside beside the backups; an empty
    one holds nothing to keep); no backup is deleted. Returns that copy's
    path, if one was made.
    """
    db_path, backup = Path(db_path).expanduser().absolute(), Path(backup).expanduser().absolute()
    try:
        data = _restorable(read_input(backup), clock)
    except (OSError, ShapeError) as error:
        if isinstance(error, FileRefused):
            reason = f"it {error.strerror}"
        elif isinstance(error, OSError):
            reason = f"cannot be read ({error.strerror or error})"
        else:
            reason = str(error)
        raise StoreCorrupt(f"{backup}: cannot restore it: {reason}. Nothing was changed.") from None
    with holding(FileLock(lock_path(db_path), lock_timeout), db_path, on_lock_wait):
        try:
            check_writable(write_target(db_path))
            current = read_file(db_path)
            saved = None
            if current is not None and current[0].strip():
                saved = _save_current(db_path, current[0], clock)
            atomic_write(db_path, encode(data))
        except OSError as error:
            raise not_saved(db_path, f"restore {backup}", error) from None
    return saved


def _restorable(content: bytes, clock: Clock) -> Document:
    """A file to restore as a current-version document, every record checked."""
    return whole_version(content, clock.now())


def whole_version(content: bytes, now: datetime, *, stamp_export: bool = False) -> Document:
    """A database file of ours (an older one upgraded) or a `keepintouch export json`
    file, as a current-version document with every record checked; `ShapeError` if
    it is neither. `stamp_export`: see `_from_export`."""
    data = parsed(content)
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT and "version" in data:
        return _from_export(data, stamped=stamp_export)
    return current_document(data, now, decode=True)


def _from_export(data: dict[str, Any], *, stamped: bool = False) -> Document:
    """`keepintouch export json` output as a database document, every record checked.

    All or nothing, unlike importing the export: a restore replaces the
    database, so a record that does not decode refuses the whole file.

    An export has no change stamps per field (`stamps.py`): restored, each
    field dates from its record's `created`, as in a record never edited.
    To be merged (`stamped`), each field counts as changed at the record's
    `updated` instead: the last time anything in it changed, the only time
    the export knows. So of a record both sides changed, the later version
    wins whole where they differ; without it, every edit in the export
    would lose to any edit on our side.
    """
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise ShapeError("a keepintouch export without a valid format version")
    if version > EXPORT_VERSION:
        raise ShapeError(f"exported by a newer keepintouch (format version {version}); upgrade keepintouch")
    document = with_version({})
    for name, cls in TABLES.items():
        rows = data.get(name)
        rows = [] if rows is None else rows
        if not isinstance(rows, list):
            raise ShapeError(f"'{name}' in the export is not a list")
        table = {}
        for n, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                raise ShapeError(f"entry {n} of '{name}' in the export is not a record")
            doc = decode_record(cls, row).to_dict()
            if stamped:
                doc[STAMPS_KEY] = dict.fromkeys(stamped_fields(cls), doc["updated"])
            table[str(n)] = doc
        document[name] = table
    check_shape(document)
    return document


def _save_current(db_path: Path, content: bytes, clock: Clock) -> Path:
    try:
        checked(content, clock.now(), decode=False)
    except ShapeError:
        return backups.set_aside(db_path, content, clock.today())
    return backups.save_backup(db_path, content, clock.today(), keep=None)
