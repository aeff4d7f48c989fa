"""Merging two versions of one network: field by field, tombstones, and the join laws.

Devices are real stores (each its own file) edited by random sequences of
changes; their documents are then merged with `merge_documents`, which must
be idempotent, order-free and associative, and lose nothing.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Occasion, PartialDate, Touch
from keepintouch.store.database import Store, StoreCorrupt
from keepintouch.store.merge import merge_documents
from keepintouch.store.schema import SCHEMA_VERSION, TABLES, migrate
from keepintouch.store.stamps import REMOVED_TABLE

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Ticking(Clock):
    """A clock that moves `step` seconds on each `now()`; several can start at the same time."""

    def __init__(self, start: datetime = START, step: int = 1) -> None:
        object.__setattr__(self, "fixed", start.date())
        object.__setattr__(self, "_at", [start])
        object.__setattr__(self, "_step", step)

    def now(self) -> datetime:
        self._at[0] += timedelta(seconds=self._step)  # type: ignore[attr-defined]
        return self._at[0]  # type: ignore[attr-defined,no-any-return]


def doc_of(store: Store) -> dict[str, Any]:
    """The store's file as a document ({} while it has none)."""
    return orjson.loads(store.path.read_bytes()) if store.path.exists() else {}  # type: ignore[no-any-return]


def network_of(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The visible records of a document by table and id, without document ids."""
    return {name: {d["id"]: d for d in doc.get(name, {}).values()} for name in TABLES}


# --------------------------------------------------------------------------
# Random edits through the store


# Few fields, few people and clocks in step: edits of one field at one instant on two devices
# (a tie the merge must break the same way whichever side it starts from) are common.
FIELDS = st.sampled_from(["org", "notes", "tags", "rhythm"])
VALUES = st.sampled_from(["", "Acme", "Bureau", "monthly", "weekly", "x"])
ops = st.lists(
    st.one_of(
        st.tuples(st.just("add")),
        st.tuples(st.just("edit"), st.integers(0, 2), FIELDS, VALUES),
        st.tuples(st.just("touch"), st.integers(0, 2), VALUES),
        st.tuples(st.just("birthday"), st.integers(0, 2), st.one_of(st.none(), st.integers(1, 28))),
    ),
    max_size=8,
)


def apply(store: Store, device: str, steps: list[tuple[Any, ...]]) -> None:
    """Run edit steps on one device's store, as the actions would write them."""
    for n, step in enumerate(steps):
        with store.transaction() as tx:
            people = sorted(tx.all(Contact), key=lambda c: c.id)
            if step[0] == "add" or not people:
                tx.put(Contact(name=f"{device}{n}", id=f"{device}-p{n}"))
                continue
            person = people[step[1] % len(people)]
            if step[0] == "edit":
                _, _, name, value = step
                value = [value] if name == "tags" and value else ([] if name == "tags" else value)
                if name == "rhythm" and not value:
                    value = "none"
                tx.put(dataclasses.replace(person, **{name: value}))
            elif step[0] == "touch":
                tx.put(Touch(person.id, date(2026, 11, 23), note=step[2], id=f"{device}-t{n}"))
            else:
                birthday = next((o for o in tx.all(Occasion) if o.contact_id == person.id), None)
                if step[2] is None and birthday is not None:
                    tx.remove(birthday)
                elif step[2] is not None and birthday is None:
                    tx.put(Occasion(person.id, "birthday", PartialDate(3, step[2]), id=f"{device}-o{n}"))
                elif step[2] is not None and birthday is not None:
                    tx.put(dataclasses.replace(birthday, when=PartialDate(4, step[2])))


def devices(base: list[tuple[Any, ...]], edits: list[list[tuple[Any, ...]]]) -> list[dict[str, Any]]:
    """Documents of devices that share a base network, then each made its own edits."""
    with tempfile.TemporaryDirectory() as folder:
        first = Store(Path(folder) / "base.json", Ticking())
        apply(first, "base", base)
        first.close()
        docs = []
        for i, steps in enumerate(edits):
            path = Path(folder) / f"device{i}.json"
            if first.path.exists():
                path.write_bytes(first.path.read_bytes())
            store = Store(path, Ticking(START + timedelta(minutes=1)))
            apply(store, f"d{i}", steps)
            docs.append(doc_of(store))
            store.close()
        return docs


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ops, ops, ops, ops)
@example([("add",)], [("edit", 0, "org", "Acme")], [("edit", 0, "org", "Bureau")], [("birthday", 0, None)])
@example([("add",), ("birthday", 0, 1)], [("add",), ("birthday", 0, 1)], [("birthday", 0, None)], [])
@example([], [], [], [("add",)])
def test_merge_is_idempotent_order_free_and_associative(base, a_ops, b_ops, c_ops) -> None:  # type: ignore[no-untyped-def]
    a, b, c = devices(base, [a_ops, b_ops, c_ops])
    ab, _ = merge_documents(a, b)
    ba, _ = merge_documents(b, a)
    assert ab == ba
    assert merge_documents(ab, c)[0] == merge_documents(a, merge_documents(b, c)[0])[0]
    aa, report = merge_documents(a, a)
    assert report.count == 0
    assert network_of(aa) == network_of(merge_documents(a, {})[0])
    assert merge_documents(aa, aa)[0] == aa


@SETTINGS
@given(ops, ops, ops)
def test_merge_keeps_every_touch_and_every_later_field(base, a_ops, b_ops) -> None:  # type: ignore[no-untyped-def]
    a, b = devices(base, [a_ops, b_ops])
    merged = network_of(merge_documents(a, b)[0])
    for side in (a, b):
        assert network_of(side)["touches"].keys() <= merged["touches"].keys()
        for id, doc in network_of(side)["contacts"].items():
            for name, stamp in doc.get("stamps", {}).items():
                winner = merged["contacts"][id]
                assert winner.get("stamps", {}).get(name, winner["created"]) >= stamp


# --------------------------------------------------------------------------
# The cases the issue names


def two_devices(tmp_path: Path) -> tuple[Store, Store, Contact]:
    laptop = Store(tmp_path / "laptop.json", Ticking())
    with laptop.transaction() as tx:
        ada = tx.put(Contact(name="Ada", id="ada000000001"))
        tx.put(Occasion(ada.id, "birthday", PartialDate(12, 10), id="bday00000001"))
    (tmp_path / "desktop.json").write_bytes(laptop.path.read_bytes())
    desktop = Store(tmp_path / "desktop.json", Ticking(START + timedelta(minutes=5)))
    return laptop, desktop, ada


def test_a_new_org_on_one_device_and_a_new_tag_on_the_other_both_survive(tmp_path: Path) -> None:
    laptop, desktop, ada = two_devices(tmp_path)
    with laptop.transaction() as tx:
        tx.put(dataclasses.replace(ada, org="Analytical Engines"))
    with desktop.transaction() as tx:
        tx.put(dataclasses.replace(ada, tags=["math"]))
    report = laptop.merge_copy(desktop.path)
    merged = laptop.get(Contact, ada.id)
    assert merged is not None and (merged.org, merged.tags) == ("Analytical Engines", ["math"])
    assert report.line("a copy made by another device") == "Merged 1 person from a copy made by another device."
    assert desktop.merge_copy(laptop.path).count == 1
    assert doc_of(laptop) == doc_of(desktop)


def test_the_later_change_of_one_field_wins_whichever_side_merges(tmp_path: Path) -> None:
    laptop, desktop, ada = two_devices(tmp_path)
    with laptop.transaction() as tx:
        tx.put(dataclasses.replace(ada, notes="first"))
    with desktop.transaction() as tx:  # its clock is five minutes later
        tx.put(dataclasses.replace(ada, notes="second"))
    laptop.merge_copy(desktop.path)
    desktop.merge_copy(laptop.path)
    assert [s.get(Contact, ada.id).notes for s in (laptop, desktop)] == ["second", "second"]  # type: ignore[union-attr]


def test_a_removal_is_not_undone_by_an_older_copy(tmp_path: Path) -> None:
    laptop, desktop, ada = two_devices(tmp_path)
    birthday = laptop.get(Occasion, "bday00000001")
    assert birthday is not None
    with laptop.transaction() as tx:
        tx.remove(birthday)
    report = laptop.merge_copy(desktop.path)
    assert laptop.all(Occasion) == [] and report.count == 0
    assert desktop.merge_copy(laptop.path).removed["occasions"] == 1
    assert desktop.all(Occasion) == []
    tomb = next(iter(doc_of(desktop)[REMOVED_TABLE].values()))
    assert (tomb["table"], tomb["id"], tomb["record"]["when"]) == ("occasions", birthday.id, "--12-10")


def test_a_change_made_after_the_removal_elsewhere_brings_the_record_back(tmp_path: Path) -> None:
    laptop, desktop, ada = two_devices(tmp_path)
    with laptop.transaction() as tx:
        tx.remove(tx.get(Occasion, "bday00000001"))  # type: ignore[arg-type]
    with desktop.transaction() as tx:  # later: the birthday was corrected, not meant to go
        tx.put(dataclasses.replace(tx.get(Occasion, "bday00000001"), when=PartialDate(12, 11)))  # type: ignore[type-var]
    laptop.merge_copy(desktop.path)
    assert [o.when for o in laptop.all(Occasion)] == [PartialDate(12, 11)]
    assert REMOVED_TABLE not in doc_of(laptop) or not doc_of(laptop)[REMOVED_TABLE]


def test_a_merge_backs_up_first_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    laptop, desktop, ada = two_devices(tmp_path)
    with desktop.transaction() as tx:
        tx.put(Touch(ada.id, date(2026, 11, 23), id="touch0000001"))
    before = laptop.path.read_bytes()
    backups = laptop.list_backups()
    assert laptop.merge_copy(desktop.path, dry_run=True).added["touches"] == 1
    assert laptop.path.read_bytes() == before and laptop.list_backups() == backups
    laptop.merge_copy(desktop.path)
    assert laptop.list_backups()[-1].read_bytes() == before
    assert [t.id for t in laptop.all(Touch)] == ["touch0000001"]


def test_only_changed_fields_get_stamps(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.json", Ticking())
    with store.transaction() as tx:
        ada = tx.put(Contact(name="Ada", org="Old"))
    assert "stamps" not in next(iter(doc_of(store)["contacts"].values()))
    with store.transaction() as tx:
        edited = tx.put(dataclasses.replace(ada, org="New"))
    doc = next(iter(doc_of(store)["contacts"].values()))
    assert doc["stamps"] == {"org": edited.updated.isoformat()}
    assert Contact.from_dict(doc) == edited


def test_version_2_records_edited_since_creation_get_every_field_stamped() -> None:
    fixture = json.loads((Path(__file__).parent / "fixtures" / "keepintouch-v1.json").read_text())
    migrate(fixture, 1, START)
    contacts = fixture["contacts"].values()
    assert fixture["_meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    for doc in contacts:
        if doc["updated"] != doc["created"]:
            assert set(doc["stamps"].values()) == {doc["updated"]} and "name" in doc["stamps"]
        else:
            assert "stamps" not in doc
    assert any("stamps" in doc for doc in contacts)


def test_one_change_changes_one_line_of_the_file(tmp_path: Path) -> None:
    """One record per line, in a stable order: under git, a diff of one change stays small."""
    store = Store(tmp_path / "k.json", Ticking())
    with store.transaction() as tx:
        people = [tx.put(Contact(name=f"Person {i}")) for i in range(30)]
        for person in people:
            tx.put(Touch(person.id, date(2026, 11, 1)))
    before = store.path.read_bytes().splitlines()
    with store.transaction() as tx:
        tx.put(dataclasses.replace(people[17], org="Acme"))
    after = store.path.read_bytes().splitlines()
    assert len(before) == len(after) > 60
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and b'"Acme"' in changed[0][1]
    assert orjson.loads(b"\n".join(after)) == orjson.loads(store._storage.serialize())


def test_a_file_with_broken_tombstones_is_refused_like_any_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema_version": SCHEMA_VERSION}}, REMOVED_TABLE: {"1": ["x"]}}))
    with pytest.raises(StoreCorrupt, match="tombstone"):
        Store(path, Ticking())
    assert json.loads(path.read_text())[REMOVED_TABLE] == {"1": ["x"]}


def test_upgrading_one_old_file_on_two_devices_gives_the_same_birthday_ids() -> None:
    text = (Path(__file__).parent / "fixtures" / "keepintouch-v1.json").read_text()
    one, two = json.loads(text), json.loads(text)
    migrate(one, 1, START)
    migrate(two, 1, START + timedelta(days=3))
    assert set(one["occasions"]) and {d["id"] for d in one["occasions"].values()} == {
        d["id"] for d in two["occasions"].values()
    }
    merged, _ = merge_documents(one, two)
    assert len(merged["occasions"]) == len(one["occasions"])
