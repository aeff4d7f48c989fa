"""Store trouble in the command line: one line naming the file and what to do, exit code 1.

Records are decoded on first use, so a bad one can surface deep inside any
command; the CLI's top level turns every `StoreError` into its line.
"""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_export_cli import seeded

import keepintouch.store.backups
import keepintouch.store.json_file
from keepintouch.cli import main
from keepintouch.store.json_file import FileLock

TODAY = "2026-11-23"


def _run(db: Path, *args: str) -> Result:
    config = db.parent / "config.toml"
    return CliRunner().invoke(main, ["--db", str(db), "--config", str(config), "--today", TODAY, *args])


def _error_line(result: Result, *mentions: str) -> str:
    """The one error line of a failed command (after any notices)."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # click's exit, not a crash
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for mention in mentions:
        assert mention in errors[0], errors[0]
    return errors[0]


def _bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


COMMANDS = {
    "list": ("list",),
    "add": ("add", "Grace Hopper"),
    "today": ("today",),
    "show": ("show", "Ann"),
    "log": ("log", "Ann"),
    "stats": ("stats",),
    "export": ("export", "json"),
    "the app": (),
}


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("table", ["contacts", "touches"])
def test_a_record_that_fails_to_decode_is_one_line_wherever_it_surfaces(
    tmp_path: Path, args: tuple[str, ...], table: str
) -> None:
    kit = seeded(tmp_path)
    data = json.loads(kit.db.read_bytes())
    first = next(iter(data[table].values()))
    first["created"] = "not-a-date"
    kit.db.write_bytes(json.dumps(data).encode())
    before = _bytes(tmp_path)
    line = _error_line(_run(kit.db, *args), str(kit.db), f"record '{first['id']}' in '{table}' is invalid")
    assert "Newest backup" in line or "There is no backup" in line
    assert _bytes(tmp_path) == before


@pytest.fixture
def quick_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits of a fraction of a second instead of 1 s before the notice and 30 s in all."""
    monkeypatch.setattr(FileLock, "TIMEOUT", 0.6)
    monkeypatch.setattr(FileLock, "NOTICE_AFTER", 0.1)


def test_a_lock_held_too_long_says_who_and_what_to_do(tmp_path: Path, quick_lock: None) -> None:
    kit = seeded(tmp_path)
    before = _bytes(tmp_path)
    other = FileLock(tmp_path / "db.json.lock", 1)
    assert other.try_acquire()  # another keepintouch, busy saving
    try:
        result = _run(kit.db, "add", "Grace Hopper")
    finally:
        other.release()
    _error_line(result, f"{kit.db} is busy", "Try again in a moment")
    notices = [line for line in result.stderr.splitlines() if line.startswith("Another keepintouch")]
    assert notices == [f"Another keepintouch is writing to {kit.db}; waiting for it (up to 0.6 s)…"]
    assert _bytes(tmp_path) == before


def test_a_writer_waits_past_5_seconds_and_says_so_once(tmp_path: Path) -> None:
    """Under load a save can take seconds; the old 5 s wait failed 2-3 of 16-24 writers."""
    kit = seeded(tmp_path)
    other = FileLock(tmp_path / "db.json.lock", 1)
    assert other.try_acquire()
    threading.Timer(5.5, other.release).start()
    result = _run(kit.db, "add", "Grace Hopper")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"Another keepintouch is writing to {kit.db}; waiting for it (up to 30 s)…"]
    assert "Grace Hopper" in kit.db.read_text()


def test_no_notice_when_the_lock_is_free(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    result = _run(kit.db, "add", "Grace Hopper")
    assert result.exit_code == 0 and result.stderr == ""


def _failing_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every atomic write (the database and its backups) fails as the disk would."""

    def fail(path: Path, content: object) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(keepintouch.store.json_file, "atomic_write", fail)
    monkeypatch.setattr(keepintouch.store.backups, "atomic_write", fail)


@pytest.mark.parametrize(
    "code, hint",
    [(errno.ENOSPC, "The disk is full"), (errno.EROFS, "The file system is read-only"), (errno.EDQUOT, "quota")],
)
def test_a_write_the_disk_refuses_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, hint: str) -> None:
    kit = seeded(tmp_path)
    before = _bytes(tmp_path)
    _failing_writes(monkeypatch, code)
    for args in (("add", "Grace Hopper"), ("backup",), ("restore", str(kit.db))):
        _error_line(_run(kit.db, *args), str(kit.db), os.strerror(code), hint)
    assert _bytes(tmp_path) == before


def test_a_folder_where_no_file_can_be_made_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder, as an ordinary user meets it (the tests run as root, so it is played)."""
    kit = seeded(tmp_path)
    (tmp_path / "db.json.lock").unlink()
    before = _bytes(tmp_path)
    real_open = os.open

    def refusing(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(tmp_path)) and flags & os.O_CREAT and not os.path.exists(path):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keepintouch.store.json_file.os, "open", refusing)
    line = _error_line(_run(kit.db, "add", "Grace Hopper"), str(kit.db), "Permission denied")
    assert "lock file" in line
    assert _bytes(tmp_path) == before
    monkeypatch.undo()
    assert _bytes(tmp_path) == before


def test_the_app_does_not_open_on_a_database_it_cannot_read(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(b'{"contacts": {')
    before = _bytes(tmp_path)
    _error_line(_run(db), f"{db}: not valid JSON", "There is no backup")
    assert _bytes(tmp_path) == before
