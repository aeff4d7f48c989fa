"""The conflict copies sync tools leave beside the database, and where merged ones go.

When two devices changed the synced database between syncs, the sync tool
keeps one version under the database's name and the other beside it:

- Syncthing:  `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICEID.json`
- Dropbox:    `NAME (Ada's laptop's conflicted copy 2026-11-23).json`
- Nextcloud and ownCloud: `NAME (conflicted copy 2026-11-23 103000).json`

The store merges each one (`Store.merge_copy`) and then moves it into
`merged/` beside `backups/`, so it is neither merged again nor lost. Pure
file handling: the store decides what is valid.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from keepintouch.store.json_file import make_dirs

MERGED_DIR = "merged"


def _patterns(db_path: Path) -> list[re.Pattern[str]]:
    stem, suffix = re.escape(db_path.stem), re.escape(db_path.suffix)
    return [
        re.compile(rf"^{stem}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Za-z0-9]+{suffix}$"),
        re.compile(rf"^{stem} \([^()]*conflicted copy[^()]*\){suffix}$"),
    ]


def is_conflict_copy(db_path: Path, name: str) -> bool:
    """Is `name` a conflict copy a sync tool made of the database at `db_path`?"""
    return any(pattern.match(name) for pattern in _patterns(db_path))


def conflict_copies(db_path: Path) -> list[Path]:
    """The conflict copies beside the database, oldest name first (regular files only)."""
    try:
        names = os.listdir(db_path.parent)
    except OSError:
        return []
    found = [db_path.parent / name for name in names if is_conflict_copy(db_path, name)]
    return sorted(path for path in found if path.is_file())


def merged_dir(db_path: Path) -> Path:
    return db_path.parent / MERGED_DIR


def set_merged(db_path: Path, copy: Path) -> Path:
    """Move a merged copy into `merged/` (never over an earlier one); returns where it went."""
    folder = merged_dir(db_path)
    make_dirs(folder)
    target, n = folder / copy.name, 1
    while target.exists():
        n += 1
        target = folder / f"{copy.stem}-{n}{copy.suffix}"
    os.replace(copy, target)
    return target
