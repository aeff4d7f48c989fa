"""A file the store cannot use: one clear line, the file untouched, and no write afterwards."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store.database import Store, StoreCorrupt, StoreError, restore_backup

CLOCK = Clock(date(2026, 3, 1))
VALID = b'{"_meta": {"1": {"schema_version": 3}}, "contacts": {}}'
META = '"_meta": {"1": {"schema_version": 3}}'


def _contact(**changes: object) -> str:
    return json.dumps(Contact(name="Ada", id="ada000000001").to_dict() | changes)


def _with_backups(db: Path) -> Path:
    """Two valid backups beside `db`; returns the newest."""
    folder = db.parent / "backups"
    folder.mkdir()
    for name in ("keepintouch-2026-02-27.json", "keepintouch-2026-02-28.json", "keepintouch-2026-02-28-2.json"):
        (folder / name).write_bytes(VALID)
    return folder / "keepintouch-2026-02-28-2.json"


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _assert_one_line(error: Exception, *mentions: object) -> None:
    message = str(error)
    assert "\n" not in message
    for mention in mentions:
        assert str(mention) in message


BROKEN = {
    "truncated JSON": (b'{"contacts": {"1": {"name": "Ada"', "not valid JSON"),
    "binary garbage": (b"\x00\xff\xfe garbage", "not valid JSON"),
    "a JSON list": (b"[1, 2, 3]", "top level is not a JSON object"),
    "a table that is a list": (f'{{{META}, "contacts": []}}'.encode(), "table 'contacts' is not a JSON object"),
    "a record that is a string": (f'{{{META}, "contacts": {{"1": "Ada"}}}}'.encode(), "not a record with an id"),
    "a non-numeric document id": (f'{{{META}, "contacts": {{"ada": {{"id": "a", "name": "A"}}}}}}'.encode(),
                                  "non-numeric document id"),
    "a record lacking a field": (f'{{{META}, "touches": {{"1": {{"id": "t1", "date": "2026-01-01"}}}}}}'.encode(),
                                 "lacks contact_id"),
    "two records with one id": (f'{{{META}, "contacts": {{"1": {{"id": "a", "name": "A"}}, '
                                f'"2": {{"id": "a", "name": "B"}}}}}}'.encode(), "share the id"),
    "a bad schema version": (b'{"_meta": {"1": {"schema_version": "2"}}}', "schema version"),
}


@pytest.mark.parametrize("content, reason", BROKEN.values(), ids=BROKEN.keys())
def test_corrupt_file_is_named_with_its_newest_backup_and_left_untouched(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(content)
    newest = _with_backups(db)
    before = _listing(tmp_path)
    with pytest.raises(StoreCorrupt) as caught:
        Store(db, CLOCK)
    _assert_one_line(caught.value, db, reason, f"Newest backup: {newest}", f"keepintouch restore {newest}")
    assert db.read_bytes() == content
    assert _listing(tmp_path) == before


def test_corrupt_file_without_backups_says_so(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(b"{")
    with pytest.raises(StoreCorrupt) as caught:
        Store(db, CLOCK)
    _assert_one_line(caught.value, db, "There is no backup")


def test_directory_at_the_path_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.mkdir()
    newest = _with_backups(db)
    with pytest.raises(StoreError) as caught:
        Store(db, CLOCK)
    _assert_one_line(caught.value, db, "is a directory", newest)
    assert db.is_dir() and list(db.iterdir()) == []


def test_file_that_cannot_be_opened_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # We run as root here, where chmod 000 does not stop reads; so make open() say
    # what it says to an ordinary user (the chmod variant below runs when not root).
    db = tmp_path / "keepintouch.json"
    db.write_bytes(VALID)
    newest = _with_backups(db)
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if Path(path) == db:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(db))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(StoreError) as caught:
        Store(db, CLOCK)
    _assert_one_line(caught.value, db, "cannot be read (Permission denied)", newest)
    monkeypatch.undo()
    assert db.read_bytes() == VALID


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_bytes(VALID)
    db.chmod(0)
    try:
        with pytest.raises(StoreError) as caught:
            Store(db, CLOCK)
    finally:
        db.chmod(0o600)
    _assert_one_line(caught.value, db, "Permission denied", "There is no backup")


def test_bad_value_found_later_stops_all_writes(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    content = f'{{{META}, "contacts": {{"1": {_contact(first_due="2026-13-45")}}}}}'.encode()
    db.write_bytes(content)
    store = Store(db, CLOCK)  # the structure is fine; values are decoded when asked for
    with pytest.raises(StoreCorrupt) as caught:
        store.network()
    _assert_one_line(caught.value, db, "record 'ada000000001' in 'contacts' is invalid")
    with pytest.raises(StoreCorrupt), store.transaction() as t:
        t.put(Contact(name="Grace"))
    with pytest.raises(StoreCorrupt):
        store.backup_now()
    assert db.read_bytes() == content
    assert _listing(tmp_path) == ["keepintouch.json", "keepintouch.json.lock"]


def test_file_broken_while_open_stops_writes_until_it_is_repaired(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    app = Store(db, CLOCK)
    with app.transaction() as t:
        t.put(Contact(name="Ada"))
    good = app.backup_now()
    db.write_bytes(b'{"contacts": ')  # say, a sync tool or a hand edit gone wrong
    with pytest.raises(StoreCorrupt):
        app.refresh()
    for _ in range(2):
        with pytest.raises(StoreCorrupt), app.transaction() as t:
            t.put(Contact(name="Grace"))
    assert db.read_bytes() == b'{"contacts": '
    assert [c.name for c in app.all(Contact)] == ["Ada"], "what was loaded stays readable"
    restore_backup(db, good, CLOCK)
    assert app.refresh() is False, "the same records as before the breakage"
    with app.transaction() as t:
        t.put(Contact(name="Grace"))
    assert [c.name for c in Store(db, CLOCK).all(Contact)] == ["Ada", "Grace"]



def _wrong_values(hint: object) -> list[object]:
    """Values of the wrong type for a field declared as `hint`, as a hand edit or a bad sync might leave."""
    text = str(hint)
    if "list" in text:
        return [7, [1], "a"]
    if "dict" in text:
        return [[], {"a": 1}]
    if hint is bool:
        return ["yes", 1]
    if hint is int:
        return ["2", True]
    return [7, True, ["x"]]


def _every_kind_of_record(tmp_path: Path) -> Path:
    from click.testing import CliRunner

    from keepintouch.cli import main

    db = tmp_path / "db.json"
    for args in (
        ["add", "Ada Lovelace", "--birthday", "--12-10", "--tag", "maths", "--email", "ada@x.org"],
        ["log", "Ada Lovelace", "--note", "tea", "--promise", "send the notes"],
        ["pause", "--for", "1w"],
        ["energy", "low"],
    ):
        result = CliRunner().invoke(main, ["--db", str(db), "--config", str(tmp_path / "c.toml"), "--today", "2026-03-01", *args])
        assert result.exit_code == 0, result.output
    return db


def test_a_field_of_the_wrong_type_anywhere_is_one_line_and_the_file_is_left_alone(tmp_path: Path) -> None:
    """"name": 7 or "tags": "a" in a hand-edited or badly synced file: every command says which
    record, never a traceback, and writes nothing."""
    import typing

    from click.testing import CliRunner

    from keepintouch.cli import main
    from keepintouch.store.database import TABLES

    db = _every_kind_of_record(tmp_path)
    good = json.loads(db.read_bytes())
    tried = 0
    for table, cls in TABLES.items():
        assert good.get(table), f"no {table} record to damage"
        doc_id, record = next(iter(good[table].items()))
        for name, hint in typing.get_type_hints(cls).items():
            if name not in record or name == "table":
                continue
            for wrong in _wrong_values(hint):
                damaged = json.loads(json.dumps(good))
                damaged[table][doc_id][name] = wrong
                content = json.dumps(damaged).encode()
                db.write_bytes(content)
                for command in (["list"], ["today"], ["show", "Ada"]):
                    result = CliRunner().invoke(main, ["--db", str(db), "--config", str(tmp_path / "c.toml"), *command])
                    assert result.exit_code == 1, (table, name, wrong, command, result.output)
                    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
                    assert result.output.count("\n") == 1 and f"in '{table}'" in result.output, result.output
                assert db.read_bytes() == content
                tried += 1
    assert tried > 60
