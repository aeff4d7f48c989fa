"""Property tests: whatever bytes lie at the database path or are named for a restore,
the store answers with a working network or one `StoreError` line, and changes nothing
it was not asked to change; and the backup rotation never gives up a whole copy for a
broken one."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store import backups
from keepintouch.store.database import Store, StoreError, restore_backup
from keepintouch.store.schema import TABLES

CLOCK = Clock(date(2026, 3, 1))
META = {"_meta": {"1": {"schema_version": 2}}}
CONTACT = Contact(name="Ada", id="ada000000001").to_dict()

#: JSON values, small and odd: what a damaged or foreign file may hold once parsed.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
#: Documents near ours: our tables holding odd values, records with odd fields.
near_ours = st.fixed_dictionaries(
    {},
    optional={
        "_meta": st.one_of(json_values, st.just(META["_meta"])),
        "contacts": st.one_of(
            json_values,
            st.dictionaries(
                st.sampled_from(["1", "2", "x"]),
                st.one_of(json_values, st.builds(lambda extra: CONTACT | extra, st.dictionaries(
                    st.sampled_from(["id", "name", "created", "rhythm", "tags", "first_due"]), json_values, max_size=2
                ))),
                max_size=2,
            ),
        ),
        "touches": json_values,
        "format": st.sampled_from(["keepintouch", "other"]),
        "version": json_values,
    },
)
contents = st.one_of(
    st.binary(max_size=64),
    json_values.map(lambda v: json.dumps(v).encode()),
    near_ours.map(lambda v: json.dumps(v).encode()),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@SETTINGS
@given(content=contents)
def test_any_database_file_opens_or_is_one_line_and_stays_as_it_was(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "keepintouch.json"
        db.write_bytes(content)
        (folder / "keepintouch.json.lock").touch()  # used before: an empty file is damage
        before = _files(folder)
        try:
            Store(db, CLOCK).network()
        except StoreError as error:
            assert "\n" not in str(error) and str(db) in str(error)
            assert _files(folder) == before
            event("refused")
            return
        event("opened")
        after = _files(folder)
        if after != before:  # an older file, upgraded: only after a backup of it as it was
            assert after["backups/keepintouch-2026-03-01.json"] == content
            assert set(after) == set(before) | {"backups/keepintouch-2026-03-01.json"}


@SETTINGS
@given(content=contents)
def test_any_file_to_restore_is_restored_whole_or_refused_changing_nothing(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "keepintouch.json"
        with Store(db, CLOCK).transaction() as t:
            t.put(Contact(name="Grace"))
        source = folder / "source.json"
        source.write_bytes(content)
        before = _files(folder)
        try:
            restore_backup(db, source, CLOCK)
        except StoreError as error:
            assert "\n" not in str(error) and "Nothing was changed" in str(error)
            assert _files(folder) == before
            event("refused")
            return
        event("restored")
        Store(db, CLOCK).network()  # what was restored loads, every record
        source_data = json.loads(content)
        assert isinstance(source_data, dict)
        assert {"_meta", *TABLES} & set(source_data) or source_data.get("format") == "keepintouch", "only ours"
        assert any(p.startswith("backups/") for p in _files(folder)), "the state before was kept"


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(["whole", "empty", "cut", "zeros"]), min_size=0, max_size=8),
    keep=st.integers(min_value=1, max_value=4),
)
def test_rotation_never_gives_up_a_whole_backup_for_a_broken_one(kinds: list[str], keep: int) -> None:
    broken = {"empty": b"", "cut": b'{"_meta": {"1"', "zeros": b"\x00" * 100}
    with tempfile.TemporaryDirectory() as name:
        db = Path(name) / "keepintouch.json"
        folder = backups.backups_dir(db)
        folder.mkdir()
        whole_before = []
        for n, kind in enumerate(kinds):
            path = folder / f"keepintouch-{date(2026, 1, 1) + timedelta(days=n)}.json"
            path.write_bytes(json.dumps(META).encode() if kind == "whole" else broken[kind])
            if kind == "whole":
                whole_before.append(path)
        new = backups.save_backup(db, json.dumps(META).encode(), date(2026, 2, 1), keep)
        expected = (whole_before + [new])[-keep:]
        assert backups.whole_backups(db) == expected
        assert backups.newest_backup(db) == new
        broken_left = [p for p in backups.list_backups(db) if not backups.looks_whole(p)]
        assert len(broken_left) == sum(kind != "whole" for kind in kinds), "broken copies are left alone"
