"""An empty (0-byte) database file is damage, not an empty network, unless it is brand-new.

Some file systems and sync tools leave a 0-byte file after a crash. Taken as
an empty database, it was overwritten, its daily backup was a 0-byte copy
that counted as the newest, and a week later the good backups were gone.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_harness import SIZE, demo_app, settle

from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store import backups
from keepintouch.store.database import Store, StoreCorrupt

DAY = date(2026, 3, 1)
CLOCK = Clock(DAY)


def _listing(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: "nothing changed" means this is equal."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _add(store: Store, name: str) -> None:
    with store.transaction() as t:
        t.put(Contact(name=name))


def _used_for_days(db: Path, days: int, backup_count: int = 7) -> Store:
    """A database written on each of `days` days, so it has daily backups."""
    store = Store(db, CLOCK, backup_count=backup_count)
    for offset in range(days):
        store.clock = Clock(DAY + timedelta(days=offset))
        _add(store, f"day {offset}")
    return store


def _names(path: Path) -> list[str]:
    return sorted(doc["name"] for doc in json.loads(path.read_bytes()).get("contacts", {}).values())


def test_an_emptied_file_with_backups_is_refused_naming_the_newest_good_backup(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    store = _used_for_days(db, 3)
    newest = store.newest_backup()
    assert newest is not None
    (store.backups_dir / "keepintouch-2026-03-09.json").write_bytes(b"")  # an empty copy, named newer
    db.write_bytes(b"")
    before = _listing(tmp_path)
    with pytest.raises(StoreCorrupt) as caught:
        Store(db, CLOCK)
    message = str(caught.value)
    assert "\n" not in message
    assert f"{db}: the file is empty (0 bytes)" in message
    assert f"Newest backup: {newest}" in message and f"keepintouch restore {newest}" in message
    assert _listing(tmp_path) == before


def test_an_emptied_file_beside_a_lock_file_is_refused_even_without_backups(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    _add(Store(db, CLOCK, backup_count=0), "Ada")  # used before (the lock file says so), never backed up
    db.write_bytes(b"")
    before = _listing(tmp_path)
    with pytest.raises(StoreCorrupt) as caught:
        Store(db, CLOCK)
    assert "There is no backup" in str(caught.value) and "sync tool's history" in str(caught.value)
    assert _listing(tmp_path) == before


def test_a_brand_new_empty_file_is_an_empty_database_until_its_first_write(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(b"")  # e.g. `touch keepintouch.json` before the first run
    assert Store(db, CLOCK).network().contacts == []
    assert Store(db, CLOCK).network().contacts == [], "reading twice must not turn it into a damaged file"
    assert _listing(tmp_path) == {"keepintouch.json": b""}, "reading makes no lock file and no backup"
    store = Store(db, CLOCK)
    _add(store, "Ada")
    assert _names(db) == ["Ada"]
    assert store.list_backups() == [], "an empty file is nothing to back up"
    assert [c.name for c in Store(db, CLOCK).all(Contact)] == ["Ada"]


def test_a_blank_file_is_damage_even_when_new(tmp_path: Path) -> None:
    """Only a 0-byte file can be new: nobody makes a database of blank lines."""
    db = tmp_path / "keepintouch.json"
    db.write_bytes(b"\n  \n")
    with pytest.raises(StoreCorrupt, match="nothing but blank space"):
        Store(db, CLOCK)
    assert _listing(tmp_path) == {"keepintouch.json": b"\n  \n"}


def test_a_brand_new_empty_file_is_written_by_a_transaction_that_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(b"")
    with Store(db, CLOCK).transaction():
        pass  # takes the lock (so the lock file now exists) and changes nothing
    assert db.stat().st_size > 0
    assert Store(db, CLOCK).network().contacts == []


def test_backing_up_a_brand_new_empty_file_makes_a_whole_backup(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(b"")
    backup = Store(db, CLOCK).backup_now()
    assert backups.looks_whole(backup) and json.loads(backup.read_bytes())["_meta"]
    assert Store(db, CLOCK).network().contacts == []


def test_a_file_emptied_while_open_stops_writes_and_never_becomes_a_backup(tmp_path: Path) -> None:
    """A week of failed saves on an emptied file leaves every good backup in place."""
    db = tmp_path / "keepintouch.json"
    store = _used_for_days(db, 7, backup_count=3)
    good = store.list_backups()
    assert len(good) == 3
    db.write_bytes(b"")  # the sync tool's doing, while the app stays open
    for offset in range(7, 15):
        store.clock = Clock(DAY + timedelta(days=offset))
        with pytest.raises(StoreCorrupt, match="empty"):
            _add(store, f"day {offset}")
    assert db.read_bytes() == b""
    assert store.list_backups() == good
    assert all(p.stat().st_size > 0 for p in good)


def test_rotation_keeps_the_newest_whole_backups_whatever_empty_ones_lie_around(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    store = _used_for_days(db, 3, backup_count=2)
    folder = store.backups_dir
    # Left by older versions or a sync tool: empty, cut short, zeroed; all named newer.
    bad = {
        "keepintouch-2026-03-20.json": b"",
        "keepintouch-2026-03-21.json": b'{"_meta": {"1": {"schema_v',
        "keepintouch-2026-03-22.json": b"\x00" * 4096,
    }
    for name, content in bad.items():
        (folder / name).write_bytes(content)
    store.clock = Clock(date(2026, 3, 25))
    _add(store, "later")
    whole = backups.whole_backups(db)
    assert [p.name for p in whole] == ["keepintouch-2026-03-03.json", "keepintouch-2026-03-25.json"]
    assert _names(whole[-1]) == ["day 0", "day 1", "day 2"]
    assert store.newest_backup() == whole[-1]
    for name, content in bad.items():
        assert (folder / name).read_bytes() == content, "never counted, never pruned"


def test_cli_refuses_an_emptied_database_with_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    store = _used_for_days(db, 2)
    newest = store.newest_backup()
    db.write_bytes(b"")
    before = _listing(tmp_path)
    for args in (["list"], ["add", "Grace"], ["today"], ["backup"]):
        result = CliRunner().invoke(main, ["--db", str(db), "--config", str(tmp_path / "c.toml"), *args])
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {db}: the file is empty"), result.stderr
        assert f"keepintouch restore {newest}" in lines[0]
        assert _listing(tmp_path) == before


async def test_the_app_says_so_when_its_file_is_emptied_and_keeps_it_as_it_is(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s", "enter")  # a first save of the day: makes today's backup
        await settle(pilot)
        db = tmp_path / "db.json"
        db.write_bytes(b"")
        before = _listing(tmp_path)
        app._poll()
        await pilot.pause(0.3)
        await settle(pilot)
        notices = [n.message for n in app._notifications if n.severity == "warning"]
        assert notices and "the file is empty (0 bytes)" in notices[-1] and "keepintouch restore" in notices[-1]
        await pilot.press("x")  # skip: a write, refused
        await settle(pilot)
        assert app.is_running
        assert _listing(tmp_path) == before
