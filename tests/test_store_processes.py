"""Several processes on one database: killed writers and concurrent writers lose nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from store_worker import CLOCK, COUNTER_ID, touch_note

from keepintouch.domain.model import Contact, Touch
from keepintouch.store.database import Store

WORKER = Path(__file__).with_name("store_worker.py")
KILLS = 35
PADDING = 3000  # contacts, so that each write takes a few milliseconds to kill into


def _start(*args: str) -> subprocess.Popen[str]:
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    assert worker.stdout.readline() == "ready\n", "the worker died before it was ready"
    return worker


def _temp_files(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{db.name}.*.tmp"))


def _check_consistent(db: Path, padding: dict[str, Contact]) -> int:
    """Load the database and check it is one complete state; returns its counter."""
    store = Store(db, CLOCK)
    counter = store.get(Contact, COUNTER_ID)
    n = int(counter.notes) if counter else 0
    touches = {t.id: t for t in store.all(Touch)}
    assert sorted(touches) == sorted(f"t{i}" for i in range(1, n + 1))
    for i in range(1, n + 1):
        assert touches[f"t{i}"].note == touch_note(i, n)
    assert {c.id: c for c in store.all(Contact) if c.id != COUNTER_ID} == padding
    store.close()
    return n


def test_writer_killed_at_random_moments_leaves_a_complete_state(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    seeding = Store(db, CLOCK)
    with seeding.transaction() as t:
        t.put_many(Contact(name=f"Person {i}", org="Acme", notes="x" * 200) for i in range(PADDING))
    padding = {c.id: c for c in seeding.all(Contact)}
    rng = random.Random(20260301)
    last, mid_write = 0, 0
    for _ in range(KILLS):
        worker = _start("crash", str(db))
        time.sleep(rng.uniform(0, 0.06))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        mid_write += bool(_temp_files(db))
        n = _check_consistent(db, padding)
        assert n > last, "every worker commits at least once before it is killed"
        last = n
        assert not _temp_files(db), "opening the store removes a killed writer's temp file"
    print(f"\n{mid_write} of {KILLS} kills interrupted a write; {last} writes in all")
    # Proof that the kills did land inside writes, not only between them.
    assert mid_write >= 3, f"only {mid_write} of {KILLS} kills interrupted a write"


def test_two_processes_adding_at_once_keep_all_contacts(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    workers = [_start("add", str(db), prefix, "50") for prefix in ("left", "right")]
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    assert [worker.wait(timeout=60) for worker in workers] == [0, 0]
    names = sorted(c.name for c in Store(db, CLOCK).all(Contact))
    assert names == sorted(f"{prefix}-{i}" for prefix in ("left", "right") for i in range(50))


def test_open_store_sees_another_process_write_and_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "keepintouch.json"
    app = Store(db, CLOCK)  # like the TUI, open all along
    with app.transaction() as t:
        t.put(Contact(name="Ada"))
    worker = _start("add", str(db), "shell", "1")  # like `keepintouch log` from another shell
    worker.communicate("go\n", timeout=30)
    assert [c.name for c in app.all(Contact)] == ["Ada"]  # nothing re-read behind the app's back
    assert app.refresh() is True
    assert [c.name for c in app.all(Contact)] == ["Ada", "shell-0"]
    assert app.refresh() is False
    with app.transaction() as t:
        t.put(Contact(name="Grace"))
    assert [c.name for c in Store(db, CLOCK).all(Contact)] == ["Ada", "shell-0", "Grace"]
