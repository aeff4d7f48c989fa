"""The store overrides TinyDB's private `Table._update_table` (store/database.py `_Table`).

A private method may change in any release, so TinyDB is pinned exactly and
these tests fail first when the pin moves or the override stops being used:
then read the new `Table` and check `_Table` against it before moving on.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from tinydb.table import Table

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.store.database import Store, _Table

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
CLOCK = Clock(date(2026, 3, 1))


def test_tinydb_is_pinned_to_the_version_the_override_was_checked_against() -> None:
    pins = re.findall(r'"tinydb==([^"]+)"', PYPROJECT.read_text(encoding="utf-8"))
    assert pins == [version("tinydb")], "pin TinyDB exactly, to the version _Table was checked against"


def test_the_private_method_we_override_still_exists_with_our_signature() -> None:
    assert "_update_table" in vars(Table), "TinyDB's Table no longer has _update_table"
    theirs = inspect.signature(Table._update_table)
    ours = inspect.signature(_Table._update_table)
    assert list(theirs.parameters) == list(ours.parameters) == ["self", "updater"]
    # The public operations the store uses must still go through it.
    for name in ("update", "insert_multiple", "remove"):
        assert "self._update_table(" in inspect.getsource(getattr(Table, name)), name


def test_insert_update_and_remove_go_through_our_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = _Table._update_table
    calls: list[str] = []

    def counted(self: _Table, updater: object) -> None:
        calls.append(self.name)
        ours(self, updater)

    def refuse(self: Table, updater: object) -> None:
        raise AssertionError("TinyDB's own _update_table ran: it copies the whole table")

    monkeypatch.setattr(Table, "_update_table", refuse)
    monkeypatch.setattr(_Table, "_update_table", counted)
    store = Store(tmp_path / "keepintouch.json", CLOCK)
    with store.transaction() as tx:  # insert_multiple
        ada = tx.put(Contact(name="Ada"))
        grace = tx.put(Contact(name="Grace"))
    assert calls == ["contacts"]
    with store.transaction() as tx:  # update
        tx.put(Contact(name="Ada Lovelace", id=ada.id, created=ada.created))
    assert calls == ["contacts"] * 2
    with store.transaction() as tx:  # remove
        tx.remove(grace)
    assert calls == ["contacts"] * 3 + ["removed"]  # the removal leaves a tombstone
    store.close()
    assert [c.name for c in Store(tmp_path / "keepintouch.json", CLOCK).all(Contact)] == ["Ada Lovelace"]
