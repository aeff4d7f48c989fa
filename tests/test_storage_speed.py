"""What keeps big databases fast: saving re-serialises only the changed chunks of big tables
(and still writes exactly `encode`: one record per line), and a big decode is frozen out of the collector's sight."""

from __future__ import annotations

import dataclasses
import gc
import random
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import records

import keepintouch.store.database
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Record, Touch
from keepintouch.store.database import Store
from keepintouch.store.json_file import Edits, OrjsonStorage, _Chunks, encode

CLOCK = Clock(date(2026, 3, 1))


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Chunks, "SIZE", 3)


def _same_as_whole(store: Store) -> None:
    storage: OrjsonStorage = store._storage
    whole = encode(storage.read())
    assert storage.serialize() == whole
    assert store.path.read_bytes() == whole


def test_random_edits_write_exactly_the_whole_document(tmp_path: Path) -> None:
    rng = random.Random(7)
    store = Store(tmp_path / "db.json", CLOCK)
    with store.transaction() as tx:
        people = [tx.put(Contact(name=f"Person {i}")) for i in range(4)]
    touches: list[Touch] = []
    for step in range(150):
        with store.transaction() as tx:
            for _ in range(rng.randint(1, 4)):
                action = rng.random()
                if action < 0.5 or not touches:
                    day = date(2026, 1, 1) + timedelta(days=rng.randrange(60))
                    touches.append(tx.put(Touch(rng.choice(people).id, day, note=f"step {step}")))
                elif action < 0.8:
                    i = rng.randrange(len(touches))
                    touches[i] = tx.put(dataclasses.replace(touches[i], note=f"edited at {step}"))
                else:
                    tx.remove(touches.pop(rng.randrange(len(touches))))
        _same_as_whole(store)
    assert "touches" in store._storage._chunks  # the chunks followed every edit
    assert sorted(t.id for t in Store(store.path, CLOCK).all(Touch)) == sorted(t.id for t in touches)


def test_a_table_whose_ids_are_out_of_order_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    docs = {str(n): Touch("c1", date(2026, 1, n), id=f"t{n}").to_dict() for n in (5, 2, 9, 7, 1, 3, 8)}
    path.write_bytes(orjson.dumps({"_meta": {"1": {"schema_version": 2}}, "touches": docs}))
    store = Store(path, CLOCK)
    with store.transaction() as tx:
        tx.put(Touch("c1", date(2026, 2, 1), id="new"))
        tx.put(dataclasses.replace(store.get(Touch, "t2"), note="edited"))  # type: ignore[arg-type]
    _same_as_whole(store)


def test_chunks_give_up_when_a_document_moves_to_the_end() -> None:
    docs = {str(n): {"id": str(n)} for n in range(1, 8)}
    chunks = _Chunks.of(docs)
    assert chunks is not None
    del docs["2"]
    docs["2"] = {"id": "2"}
    assert not chunks.apply(Edits(added={"2": None}, removed={"2"}))
    assert _Chunks.of({"3": {}, "1": {}}) is None and _Chunks.of({"x": {}}) is None


def test_an_unannounced_write_forgets_every_chunk(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json", CLOCK)
    with store.transaction() as tx:
        for i in range(10):
            tx.put(Touch("c1", date(2026, 1, 1 + i)))
    storage: OrjsonStorage = store._storage
    storage.serialize()
    data = storage.read()
    next(iter(data["touches"].values()))["note"] = "changed behind the storage's back"
    storage.write(data)
    assert storage.serialize() == encode(data)


def test_decoding_a_big_table_freezes_it_out_of_the_collectors_sight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    store = Store(tmp_path / "db.json", CLOCK)
    with store.transaction() as tx:
        for i in range(5):
            tx.put(Touch("c1", date(2026, 1, 1 + i)))
    monkeypatch.setattr(keepintouch.store.database, "FREEZE_FROM", 6)
    assert len(Store(store.path, CLOCK).all(Touch)) == 5 and not frozen
    monkeypatch.setattr(keepintouch.store.database, "FREEZE_FROM", 5)
    assert len(Store(store.path, CLOCK).all(Touch)) == 5 and frozen == [1]
    assert gc.isenabled()


def _outcome(decode: object, data: object) -> object:
    try:
        return decode(data)  # type: ignore[operator]
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error), str(error)


@given(records, st.data())
def test_the_compiled_decoder_agrees_with_the_generic_one(record: Record, data: st.DataObject) -> None:
    """Whatever is stored (fields missing, None, of the wrong type), both ways give the same
    record or the same error."""
    stored = record.to_dict()
    for name in data.draw(st.lists(st.sampled_from(sorted(stored)), max_size=3, unique=True)):
        change = data.draw(st.sampled_from(["drop", "none", "number", "text"]))
        if change == "drop":
            if name != "id":  # a missing id is a new random one, each time
                del stored[name]
        else:
            stored[name] = {"none": None, "number": 7, "text": "not a date"}[change]
    cls = type(record)
    assert _outcome(cls.from_dict, stored) == _outcome(cls._from_dict_slow, stored)  # type: ignore[attr-defined]


def test_a_planner_given_the_due_dates_plans_the_same_days() -> None:
    from keepintouch.actions.demo import build_demo_network
    from keepintouch.domain.model import Settings
    from keepintouch.engine.due import DueDates
    from keepintouch.engine.queue import QueuePlanner

    today = date(2026, 11, 23)
    network, settings = build_demo_network(today), Settings()
    given = QueuePlanner(network, settings, today, dues=DueDates(network, settings, today))
    built = QueuePlanner(network, settings, today)
    for day in (today + timedelta(days=n) for n in range(30)):
        assert given.queue(day) == built.queue(day)
    assert given.week() == built.week()
