"""Older files are upgraded on open, after a backup; newer ones are refused untouched."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, PartialDate, Promise
from keepintouch.store.database import SCHEMA_VERSION, Store, StoreCorrupt, StoreError

FIXTURE = Path(__file__).parent / "fixtures" / "keepintouch-v1.json"
CLOCK = Clock(date(2026, 3, 1))


@pytest.fixture
def v1_db(tmp_path: Path) -> Path:
    db = tmp_path / "keepintouch.json"
    shutil.copyfile(FIXTURE, db)
    return db


def test_v1_fixture_is_converted(v1_db: Path) -> None:
    network = Store(v1_db, CLOCK).network()
    contacts = {c.id: c for c in network.contacts}
    assert {id: c.emails for id, c in contacts.items()} == {
        "ada000000001": ["ada@example.org"],
        "grace0000002": [],
        "alan00000003": ["alan@example.org"],
        "linus0000004": [],
    }
    birthdays = {o.contact_id: (o.kind, o.when, o.yearly) for o in network.occasions}
    assert birthdays == {
        "ada000000001": ("birthday", PartialDate(12, 10, 1815), True),
        "grace0000002": ("birthday", PartialDate(12, 9), True),
    }
    assert contacts["linus0000004"].notes == "Met at a kernel summit.\nBirthday: sometime in December"
    assert {t.id: t.direction for t in network.touches} == {
        "touch0000001": "out",
        "touch0000002": "in",
        "touch0000003": "out",
    }
    # Everything else comes through as it was.
    ada = contacts["ada000000001"]
    assert (ada.org, ada.tags, ada.rhythm) == ("Analytical Engines Ltd", ["math", "london"], "monthly")
    assert ada.created == datetime(2025, 1, 5, 9, 30, tzinfo=UTC)
    assert network.touches[0].gave and network.touches[2].awaiting_reply
    assert network.promises == [Promise.from_dict(json.loads(FIXTURE.read_text())["promises"]["1"])]


def test_v1_file_is_backed_up_then_rewritten_as_current(v1_db: Path) -> None:
    original = v1_db.read_bytes()
    store = Store(v1_db, CLOCK)
    assert [b.read_bytes() for b in store.list_backups()] == [original]
    on_disk = json.loads(v1_db.read_bytes())
    assert on_disk["_meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    old_keys = {"email", "birthday", "inbound"}
    assert not old_keys & {key for table in ("contacts", "touches") for doc in on_disk[table].values() for key in doc}
    occasions = store.all(type(store.network().occasions[0]))
    again = Store(v1_db, CLOCK)
    assert again.all(type(occasions[0])) == occasions, "upgraded once, not on every open"
    assert len(again.list_backups()) == 1


def test_file_without_meta_counts_as_version_1(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    db.write_text('{"contacts": {"1": {"id": "a", "name": "Ada", "email": "ada@example.org"}}}')
    assert Store(db, CLOCK).get(Contact, "a").emails == ["ada@example.org"]  # type: ignore[union-attr]


def test_v1_file_that_cannot_be_upgraded_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    content = b'{"_meta": {"1": {"schema_version": 1}}, "contacts": {"1": ["not", "a", "contact"]}}'
    db.write_bytes(content)
    with pytest.raises(StoreCorrupt, match="could not be upgraded from schema version 1"):
        Store(db, CLOCK)
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keepintouch.json", "keepintouch.json.lock"]


def test_newer_file_asks_to_upgrade_keepintouch_and_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    content = f'{{"_meta": {{"1": {{"schema_version": {SCHEMA_VERSION + 1}}}}}, "contacts": {{}}}}'.encode()
    db.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(db, CLOCK)
    assert not isinstance(caught.value, StoreCorrupt)
    assert "\n" not in str(caught.value) and str(db) in str(caught.value)
    assert "Upgrade keepintouch" in str(caught.value)
    assert db.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["keepintouch.json"]
