"""Touches grouped by person: built in one pass, or kept up to date save by save.

The store keeps one `TouchGroups` beside its records and changes it with each
save, so the engine never re-indexes every touch; whatever way a group came
about, the engine must see the same histories as a fresh grouping.
"""

from __future__ import annotations

import dataclasses
import errno
import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_rhythm import TODAY, networks, person, stamp, touch

import keepintouch.store.json_file
from keepintouch.domain.clock import Clock
from keepintouch.domain.history import TouchGroups, TouchIndex, touch_groups
from keepintouch.domain.model import TOUCH_KINDS, Network, Settings, Touch
from keepintouch.engine.queue import daily_queue
from keepintouch.store.database import Store, StoreError

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PEOPLE = ("ada", "bo", "cy", "di")


def _shape(groups: TouchGroups, people: list[str]) -> dict[str, tuple]:
    """What the engine reads of each person's group (order of touches aside)."""
    shape = {}
    for cid in people:
        history = groups.get(cid)
        if history is not None:
            shape[cid] = (
                sorted(t.id for t in history.touches),
                history.last_date,
                history.last_in_date,
                sorted(t.id for t in history.flagged),
            )
    return shape


def _touch(i: int, who: int, ago: int, kind: str, direction: str, awaiting: bool) -> Touch:
    day = TODAY - timedelta(days=ago)
    return Touch(contact_id=PEOPLE[who], date=day, kind=kind, direction=direction, awaiting_reply=awaiting,
                 id=f"t{i}", created=stamp(day))


_rows = st.tuples(
    st.integers(0, len(PEOPLE) - 1), st.integers(-5, 90), st.sampled_from(TOUCH_KINDS),
    st.sampled_from(("out", "in")), st.booleans(),
)
#: One save: (touches to add, indexes of touches to remove, (index, new row) replacements).
_saves = st.tuples(
    st.lists(_rows, max_size=3), st.lists(st.integers(0, 50), max_size=2),
    st.lists(st.tuples(st.integers(0, 50), _rows), max_size=2),
)


@FAST
@given(st.lists(_rows, max_size=30), st.lists(_saves, max_size=6))
def test_groups_changed_save_by_save_equal_groups_built_afresh(first, saves) -> None:
    counter = iter(range(10_000))
    current = {t.id: t for t in (_touch(next(counter), *row) for row in first)}
    groups = TouchGroups.of(current.values())
    for adds, removals, replacements in saves:
        ids = list(current)
        removed = {ids[i % len(ids)] for i in removals} if ids else set()
        replaced = {ids[i % len(ids)]: row for i, row in replacements} if ids else {}
        before = [current[i] for i in removed | set(replaced)]
        after = [_touch(int(i[1:]), *row) for i, row in replaced.items() if i not in removed]
        after += [_touch(next(counter), *row) for row in adds]
        for i in removed:
            del current[i]
        current.update({t.id: t for t in after})
        groups = groups.changed(before, after)
        assert groups.count == len(current)
        assert _shape(groups, list(PEOPLE)) == _shape(TouchGroups.of(current.values()), list(PEOPLE))


def test_a_replaced_touch_keeps_its_place_and_a_moved_one_joins_its_new_person() -> None:
    ada, bo = person("Ada"), person("Bo")
    first, second, third = (touch(ada, TODAY - timedelta(days=n)) for n in (3, 2, 1))
    groups = TouchGroups.of([first, second, third])
    edited = dataclasses.replace(second, note="coffee, not a call")
    moved = dataclasses.replace(third, contact_id=bo.id)
    groups = groups.changed([second, third], [edited, moved])
    assert groups.touches(ada.id) == [first, edited]
    assert groups.touches(bo.id) == [moved]
    assert groups.get(ada.id).last_date == second.date


def test_an_index_for_a_past_day_ignores_later_touches() -> None:
    ada = person("Ada")
    old = touch(ada, TODAY - timedelta(days=10), direction="in")
    later = touch(ada, TODAY + timedelta(days=2))
    index = TouchIndex(TouchGroups.of([old, later]), TODAY)
    assert index.get(ada.id).touches == [old]
    assert index.get(ada.id).last_date == old.date
    assert TouchIndex(TouchGroups.of([later]), TODAY).get(ada.id) is None


def test_groups_given_with_a_network_are_used_only_while_they_fit_its_touches() -> None:
    ada = person("Ada")
    net = Network(contacts=[ada], touches=[touch(ada, TODAY - timedelta(days=40))])
    net.touch_groups = TouchGroups.of(net.touches)
    assert touch_groups(net) is net.touch_groups
    net.touches.append(touch(ada, TODAY - timedelta(days=1)))  # changed behind the groups' back
    assert touch_groups(net).get(ada.id).last_date == TODAY - timedelta(days=1)
    assert dataclasses.replace(net, touches=[]).touch_groups is None


@FAST
@given(networks())
def test_the_queue_is_the_same_with_the_stores_groups_or_without(net) -> None:
    plain = daily_queue(net, Settings(), TODAY)
    net.touch_groups = TouchGroups.of(net.touches)
    assert [(s.contact.id, s.reason) for s in daily_queue(net, Settings(), TODAY)] == [
        (s.contact.id, s.reason) for s in plain
    ]


# --------------------------------------------------------------------------
# The store keeps its groups in step with its records


def _fresh(store: Store) -> dict[str, tuple]:
    touches = store.all(Touch)
    people = sorted({t.contact_id for t in touches} | set(PEOPLE))
    return _shape(TouchGroups.of(touches), people)


def _kept(store: Store) -> dict[str, tuple]:
    touches = store.all(Touch)
    people = sorted({t.contact_id for t in touches} | set(PEOPLE))
    return _shape(store.network().touch_groups, people)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "keepintouch.json", Clock(TODAY), backup_count=0)


def test_the_stores_groups_follow_puts_replacements_and_removals(store: Store) -> None:
    with store.transaction() as tx:
        tx.put_many(_touch(i, i % 4, i, "call", "out", i % 3 == 0) for i in range(12))
    assert store.network().touch_groups.count == 12
    with store.transaction() as tx:
        tx.remove(tx.get(Touch, "t0"))
        tx.put(dataclasses.replace(tx.get(Touch, "t1"), contact_id="di", direction="in"))
        tx.put(_touch(99, 0, 0, "coffee", "in", False))
    assert _kept(store) == _fresh(store)
    assert store.network().touch_groups.count == 12


def test_the_stores_groups_take_in_what_another_process_saved(store: Store, tmp_path: Path) -> None:
    with store.transaction() as tx:
        tx.put(_touch(1, 0, 10, "call", "out", True))
    store.network()  # grouped now
    other = Store(store.path, Clock(TODAY), backup_count=0)
    with other.transaction() as tx:
        tx.put(_touch(2, 0, 1, "message", "in", False))
    assert store.refresh()
    assert store.network().touch_groups.get("ada").last_in_date == TODAY - timedelta(days=1)
    assert _kept(store) == _fresh(store)


def test_a_failed_save_leaves_the_stores_groups_as_the_file_is(store: Store, monkeypatch) -> None:
    with store.transaction() as tx:
        tx.put(_touch(1, 0, 10, "call", "out", False))
    store.network()

    def full_disk(path: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(keepintouch.store.json_file, "atomic_write", full_disk)
    with pytest.raises(StoreError, match="could not save"):
        with store.transaction() as tx:
            tx.put(_touch(2, 0, 0, "coffee", "out", False))
    monkeypatch.undo()
    assert store.network().touch_groups.count == 1
    assert _kept(store) == _fresh(store)


def test_a_transaction_lends_the_stores_groups_until_it_changes_a_touch(store: Store) -> None:
    with store.transaction() as tx:
        tx.put(_touch(1, 0, 10, "call", "out", False))
    with store.transaction() as tx:
        assert tx.network().touch_groups is store.network().touch_groups
        tx.put(_touch(2, 1, 0, "coffee", "out", False))
        assert tx.network().touch_groups is None
