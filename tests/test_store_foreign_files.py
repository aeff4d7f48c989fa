"""Files that are not what they seem: restores of foreign files, links, read-only files, odd files.

Each case at the level a user meets it: the command's exit code and its one
line, and every byte on disk as it was (or, for a link, written through it).
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_export_cli import seeded
from tui_harness import SIZE, demo_app, settle

import keepintouch.interchange.native_json as native_json
from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store import schema
from keepintouch.store.database import Store, StoreError
from keepintouch.store.json_file import MAX_INPUT_BYTES, FileLock

TODAY = "2026-11-23"


def _listing(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` with its bytes (links followed, FIFOs named)."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = b"-> " + os.readlink(path).encode()
        elif stat.S_ISFIFO(path.lstat().st_mode):
            found[name] = b"fifo"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def _run(db: Path, *args: str) -> Result:
    config = db.parent / "config.toml"
    return CliRunner().invoke(main, ["--db", str(db), "--config", str(config), "--today", TODAY, *args])


def _fails_with_one_line(result: Result, *mentions: str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for mention in mentions:
        assert mention in lines[0], lines[0]
    return lines[0]


def _people(db: Path) -> list[str]:
    return sorted(c.name for c in Store(db, Clock()).all(Contact))


# -- restore: only a keepintouch database or our own export -------------------

FOREIGN = {
    "an empty file": (b"", "the file is empty (0 bytes)"),
    "only whitespace": (b" \n\n", "the file holds nothing but blank space"),
    "an empty object": (b"{}", "not a keepintouch database or JSON export"),
    "another program's TinyDB file": (b'{"_default": {"1": {"title": "Buy milk"}}}', "not a keepintouch database"),
    "a JSON list": (b"[]", "not a keepintouch database"),
    "an export from the future": (b'{"format": "keepintouch", "version": 7, "contacts": []}', "newer keepintouch"),
    "an export with a broken record": (
        b'{"format": "keepintouch", "version": 1, "contacts": [{"id": "a1", "name": "Ann", "created": "not-a-date"}]}',
        "record 'a1' in 'contacts' is invalid",
    ),
    "an export whose table is not a list": (b'{"format": "keepintouch", "version": 1, "contacts": {}}', "not a list"),
}


@pytest.mark.parametrize("content, reason", FOREIGN.values(), ids=FOREIGN.keys())
def test_restore_refuses_what_is_not_ours_and_changes_nothing(tmp_path: Path, content: bytes, reason: str) -> None:
    kit = seeded(tmp_path)
    (tmp_path / "from-elsewhere.json").write_bytes(content)
    before = _listing(tmp_path)
    line = _fails_with_one_line(_run(kit.db, "restore", str(tmp_path / "from-elsewhere.json")), reason)
    assert "Nothing was changed" in line
    assert _listing(tmp_path) == before


def test_restore_takes_our_json_export_and_brings_back_every_record(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    original = Store(kit.db, Clock()).network()
    export = tmp_path / "everything.json"
    assert _run(kit.db, "export", "json", "-o", str(export)).exit_code == 0
    other = tmp_path / "elsewhere" / "keepintouch.json"
    result = _run(other, "restore", str(export))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Restored from {export}.\n"
    restored = Store(other, Clock()).network()
    for table in schema.TABLES:
        assert getattr(restored, table) == getattr(original, table), table
    # over an existing database: the state before is kept as a backup
    result = _run(kit.db, "restore", str(export))
    assert result.exit_code == 0 and "The state before is saved in" in result.stdout


def test_the_store_knows_the_export_format_the_exporter_writes() -> None:
    assert (schema.EXPORT_FORMAT, schema.EXPORT_VERSION) == (native_json.FORMAT, native_json.VERSION)


# -- symbolic links and read-only files ---------------------------------------


def test_a_linked_database_is_written_through_its_link(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "keepintouch.json"
    synced.parent.mkdir()
    link = tmp_path / "data" / "keepintouch.json"
    link.parent.mkdir()
    link.symlink_to(synced)
    assert _run(link, "add", "Ada").exit_code == 0
    assert _run(synced, "add", "Grace").exit_code == 0  # the same file by its own name
    assert _run(link, "add", "Hedy").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(synced)
    assert _people(synced) == ["Ada", "Grace", "Hedy"]
    assert sorted(p.name for p in synced.parent.iterdir()) == ["backups", "keepintouch.json", "keepintouch.json.lock"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["backups", "keepintouch.json"], "no temp files left"


def test_the_link_and_its_target_share_one_lock(tmp_path: Path) -> None:
    target = tmp_path / "keepintouch.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    through_link = Store(link, Clock(), lock_timeout=0.2)
    with Store(target, Clock()).transaction():
        with pytest.raises(StoreError, match="busy"):
            with through_link.transaction():
                pass


def test_a_read_only_database_is_refused_with_one_line_and_left_as_it_is(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    kit.db.chmod(0o400)
    before = _listing(tmp_path)
    for args in (("add", "Grace"), ("restore", str(kit.db))):
        _fails_with_one_line(_run(kit.db, *args), f"{kit.db} is read-only", "chmod u+w")
        assert _listing(tmp_path) == before
        assert stat.S_IMODE(kit.db.stat().st_mode) == 0o400


def test_a_read_only_export_target_is_refused(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    out = tmp_path / "contacts.vcf"
    out.write_bytes(b"mine")
    out.chmod(0o444)
    _fails_with_one_line(_run(kit.db, "export", "vcard", "-o", str(out)), f"{out} is read-only")
    assert out.read_bytes() == b"mine"


# -- odd files: pipes, devices, huge files ------------------------------------


def _limited(seconds: float, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run keepintouch in a child with 1 GiB of address space and a deadline: a
    regression here would otherwise hang the suite or eat the machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "keepintouch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        env={**os.environ, "KEEPINTOUCH_CONFIG": str(cwd / "config.toml")},
    )


@pytest.mark.parametrize("command", ["import", "restore"])
@pytest.mark.parametrize("kind", ["a FIFO", "/dev/zero", "a huge sparse file"])
def test_what_is_not_a_plain_file_of_sane_size_is_refused_unread(tmp_path: Path, command: str, kind: str) -> None:
    kit = seeded(tmp_path)
    if kind == "a FIFO":
        odd = tmp_path / "pipe"
        os.mkfifo(odd)
        reason = "is not a regular file"
    elif kind == "/dev/zero":
        odd, reason = Path("/dev/zero"), "is not a regular file"
    else:
        odd = tmp_path / "huge.vcf"
        with odd.open("wb") as handle:
            handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: takes no disk
        reason = f"is larger than {MAX_INPUT_BYTES >> 20} MiB"
    before = _listing(tmp_path)
    done = _limited(30, "--db", str(kit.db), command, str(odd), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and f"{odd}" in lines[0] and reason in lines[0], lines
    assert _listing(tmp_path) == before


def test_a_config_that_is_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "config.toml")
    done = _limited(30, "--db", str(tmp_path / "db.json"), "list", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"Error: config {tmp_path / 'config.toml'} is not a regular file (a pipe, device or socket), so it was not read"]


def test_the_input_limit_is_generous() -> None:
    assert MAX_INPUT_BYTES >= 64 << 20


def test_a_lock_file_taken_by_this_process_excludes_another_in_it(tmp_path: Path) -> None:
    """The tests above hold locks in-process; that only works because flock is per open file."""
    first, second = FileLock(tmp_path / "x.lock", 0.1), FileLock(tmp_path / "x.lock", 0.1)
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    second.release()


def test_an_export_restored_keeps_each_record_as_exported(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    export = tmp_path / "e.json"
    _run(kit.db, "export", "json", "-o", str(export))
    exported = json.loads(export.read_bytes())
    fresh = tmp_path / "fresh" / "db.json"
    assert _run(fresh, "restore", str(export)).exit_code == 0
    stored = json.loads(fresh.read_bytes())
    for table in schema.TABLES:
        assert list(stored.get(table, {}).values()) == exported[table], table


async def test_the_app_says_a_read_only_database_is_left_as_it_is(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    db = tmp_path / "db.json"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        db.chmod(0o400)
        before = _listing(tmp_path)
        await pilot.press("s", "enter")  # snooze the selected person: a save
        await settle(pilot)
        notices = [n.message for n in app._notifications if n.severity == "warning"]
        assert notices and f"{db} is read-only" in notices[-1] and "chmod u+w" in notices[-1]
        assert app.is_running
        assert _listing(tmp_path) == before
