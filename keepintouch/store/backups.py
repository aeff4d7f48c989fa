"""Daily copies of the database, so that a bad day can be undone.

A wrong import, a bug or a stray edit should cost at most a day. Copies live in
`backups/` beside the database and are named `<stem>-YYYY-MM-DD.json`; a
further copy on the same day gets `-2`, `-3`, … (`backup_now` never overwrites
an existing copy). The newest copy is the one with the latest name, not the
latest file time, because restoring and copying change file times. Only the
newest `keep` whole copies are kept, and only a whole copy is named as the
newest: a copy that is empty or cut short (as a crash or a sync tool can
leave a file; older versions of keepintouch even copied an empty database)
is never counted, so it can never push a good copy out. Files set aside
because they could not be read (`<stem>-YYYY-MM-DD-unreadable.json`) are
never listed nor pruned: they are evidence, not restore points.

Pure file handling: the store decides when to back up and what is valid.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path

from keepintouch.store.json_file import atomic_write

BACKUPS_DIR = "backups"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUPS_DIR


def _pattern(db_path: Path, label: str = "") -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(db_path.stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){label}(?:-(\d+))?\.json$")


def is_backup_name(db_path: Path, name: str) -> bool:
    """Is `name` a file this module writes for the database at `db_path`?"""
    return bool(_pattern(db_path, "(?:-unreadable)?").match(name))


def _sort_key(match: re.Match[str]) -> tuple[str, int]:
    return match[1], int(match[2] or 1)


def list_backups(db_path: Path) -> list[Path]:
    """The backups of the database at `db_path`, oldest first."""
    folder = backups_dir(db_path)
    pattern = _pattern(db_path)
    try:  # no folder, or one we may not read: no backups to offer
        matches = [m for m in map(pattern.match, (p.name for p in folder.iterdir())) if m]
    except OSError:
        return []
    return [folder / m[0] for m in sorted(matches, key=_sort_key)]


def looks_whole(path: Path) -> bool:
    """Does the file hold one JSON object, from `{` to `}`? A cheap look at both ends only.

    Reading every copy in full before each daily backup would cost seconds on a
    big database; an empty, truncated or zeroed copy fails this look, and a
    restore checks every record anyway.
    """
    try:  # O_NONBLOCK: a FIFO put there must not hang us; it is not whole either
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return False
        head = os.pread(fd, 64, 0).lstrip()
        tail = os.pread(fd, 64, max(st.st_size - 64, 0)).rstrip()
    except OSError:
        return False
    finally:
        os.close(fd)
    return head.startswith(b"{") and tail.endswith(b"}")


def whole_backups(db_path: Path) -> list[Path]:
    """The backups that look whole (`looks_whole`), oldest first."""
    return [path for path in list_backups(db_path) if looks_whole(path)]


def newest_backup(db_path: Path) -> Path | None:
    """The newest backup that looks whole: the one to offer for a restore."""
    backups = whole_backups(db_path)
    return backups[-1] if backups else None


def has_backup_for(db_path: Path, day: date) -> bool:
    prefix = f"{db_path.stem}-{day.isoformat()}"
    return any(p.name.startswith(prefix) for p in list_backups(db_path))


def _free_path(db_path: Path, day: date, label: str = "") -> Path:
    folder = backups_dir(db_path)
    base = f"{db_path.stem}-{day.isoformat()}{label}"
    candidate, n = folder / f"{base}.json", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}-{n}.json"
    return candidate


def save_backup(db_path: Path, content: bytes, day: date, keep: int | None) -> Path:
    """Store `content` as a new backup dated `day`, then prune to the newest `keep` whole ones.

    The new copy itself is never pruned, even with `keep` < 1; `keep=None`
    prunes nothing. Copies that do not look whole are neither counted nor
    pruned. The store checks `content` before it calls this.
    """
    path = _free_path(db_path, day)
    atomic_write(path, content)
    if keep is None:
        return path
    for old in whole_backups(db_path)[: -max(keep, 1)]:
        if old != path:
            old.unlink(missing_ok=True)
    return path


def set_aside(db_path: Path, content: bytes, day: date) -> Path:
    """Keep an unreadable database file out of harm's way (not listed, never pruned)."""
    path = _free_path(db_path, day, "-unreadable")
    atomic_write(path, content)
    return path
