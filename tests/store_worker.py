"""A second process for the store's multi-process tests.

    python store_worker.py crash DB          write forever (until killed): see `crash_loop`
    python store_worker.py add DB PREFIX N   wait for a line on stdin, then add N contacts

Prints "ready" once it is in position, so the test can time its move.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import date

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Touch
from keepintouch.store.database import Store

CLOCK = Clock(date(2026, 3, 1))
COUNTER_ID = "counter"


def touch_note(n: int, last: int) -> str:
    """What touch `n` says once `last` writes are done: each write also updates the one before."""
    return f"touch {n}" if n == last else f"touch {n}, seen by {n + 1}"


def crash_loop(db: str) -> None:
    """Each write adds touch n, updates touch n-1 and sets the counter to n, all at once."""
    store = Store(db, CLOCK)
    ready = False
    while True:
        with store.transaction() as t:
            counter = t.get(Contact, COUNTER_ID)
            n = int(counter.notes) + 1 if counter else 1
            t.put(Contact(name="Counter", notes=str(n), id=COUNTER_ID))
            if n > 1:
                previous = t.get(Touch, f"t{n - 1}")
                assert previous is not None
                t.put(dataclasses.replace(previous, note=touch_note(n - 1, n)))
            t.put(Touch(contact_id=COUNTER_ID, date=CLOCK.today(), note=touch_note(n, n), id=f"t{n}"))
        if not ready:
            print("ready", flush=True)
            ready = True


def add(db: str, prefix: str, count: int) -> None:
    """Add `count` contacts, one transaction each, once stdin says go."""
    store = Store(db, CLOCK, lock_timeout=30)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(count):
        with store.transaction() as t:
            t.put(Contact(name=f"{prefix}-{i}"))


if __name__ == "__main__":
    mode, db, *args = sys.argv[1:]
    if mode == "crash":
        crash_loop(db)
    else:
        add(db, args[0], int(args[1]))
