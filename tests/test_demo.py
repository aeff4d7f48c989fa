"""The demo network shows every feature, stays alive relative to today, and is deterministic."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from keepintouch.actions.demo import build_demo_network, write_demo_db
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import TOUCH_KINDS
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)


def test_demo_shows_every_feature() -> None:
    net = build_demo_network(TODAY)
    assert 24 <= len(net.contacts) <= 30
    assert {c.rhythm for c in net.contacts} >= {"biweekly", "monthly", "6w", "quarterly", "twice-a-year", "yearly", "none"}
    assert {t.kind for t in net.touches} == set(TOUCH_KINDS)
    assert {t.direction for t in net.touches} == {"in", "out"}
    births = [o for o in net.occasions if o.kind == "birthday"]
    assert any(o.when.year for o in births) and any(o.when.year is None for o in births)
    assert any(o.kind == "anniversary" for o in net.occasions)
    assert any(o.kind == "news" and TODAY - o.when.in_year(TODAY.year) < timedelta(days=14) for o in net.occasions)
    assert any(not p.done and p.due for p in net.promises)
    assert any(t.awaiting_reply for t in net.touches)
    assert any(c.is_snoozed(TODAY) for c in net.contacts)
    assert any(c.archived for c in net.contacts)
    assert all(TODAY - timedelta(days=366) <= t.date <= TODAY for t in net.touches)
    assert all(len(t.note) > 10 for t in net.touches)


def test_demo_is_deterministic_and_moves_with_the_date() -> None:
    assert build_demo_network(TODAY) == build_demo_network(TODAY)
    later = build_demo_network(TODAY + timedelta(days=100))
    assert [t.date + timedelta(days=100) for t in build_demo_network(TODAY).touches] == [t.date for t in later.touches]


def test_write_demo_db_makes_a_loadable_database(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    write_demo_db(path, Clock(TODAY))
    loaded = Store(path, Clock(TODAY)).network()
    built = build_demo_network(TODAY)
    assert sorted(c.name for c in loaded.contacts) == sorted(c.name for c in built.contacts)
    assert len(loaded.touches) == len(built.touches) and len(loaded.promises) == len(built.promises)
