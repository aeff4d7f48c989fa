"""The one owner of the store while the app runs.

TinyDB is not thread-safe, so the app never touches the `Store` itself: it
hands changes to the `StoreWriter`, which runs them one at a time, in the order
they were given, in thread workers (so the screen never freezes), and reports
back with messages posted to the app:

- `StoreWriter.Saved`: a change is on disk; carries the fresh view of it.
- `StoreWriter.Reloaded`: another process changed the database, or a sync
  tool left a conflict copy beside it that was merged in; carries the lines
  to say about those copies.
- `StoreWriter.Failed`: a change could not be written; carries a one-line
  reason and the change, whose `on_error` callback gets the reason so the
  form can be reopened with what was typed.

The first read happens before any worker exists (`load`); after that every
read and write holds the same lock and runs off the main thread. So does the
`prepare` function the app gives (network -> what the panes show: due dates,
today's queue), so that a big network never stalls the screen.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

from keepintouch.actions.base import ActionError, Outcome, write
from keepintouch.domain.gc_pause import gc_paused
from keepintouch.domain.model import Network
from keepintouch.store.database import Store, StoreError

if TYPE_CHECKING:
    from textual.app import App


@dataclass
class Change:
    """One write: `build` runs an action on the newest network inside the
    transaction (another process may have written since the screen was drawn).

    `done` is the word said once it is on disk: None for the action's own
    confirmation, "" for none.
    """

    build: Callable[[Network], Outcome]
    done: str | None = None
    on_error: Callable[[str], None] | None = None
    on_saved: Callable[[], None] | None = None
    #: What the action returned, once it ran.
    outcome: Outcome | None = None

    @property
    def confirmation(self) -> str:
        if self.done is not None:
            return self.done
        return self.outcome.message if self.outcome is not None else ""


def describe_error(error: BaseException) -> str:
    """A one-line, human reason for a failed store access."""
    if isinstance(error, StoreError | ActionError):
        return str(error)
    if isinstance(error, OSError):
        return f"Could not write the database: {error.strerror or error}."
    return f"Could not save: {error}"


class StoreWriter:
    """Runs store reads and writes in order, off the main thread."""

    @dataclass
    class Saved(Message):
        view: Any  # what `prepare` made of the new network
        change: Change

    @dataclass
    class Reloaded(Message):
        view: Any
        #: What merging conflict copies said (`Store.merge_conflict_copies`), to show as the start does.
        notes: list[str] = field(default_factory=list)

    @dataclass
    class Failed(Message):
        reason: str
        change: Change | None = None

    def __init__(self, store: Store, prepare: Callable[[Network], Any]) -> None:
        self._store = store
        self._prepare = prepare
        self._lock = threading.Lock()
        self._queue: deque[Change] = deque()
        self._pending = 0
        self._app: App[Any] | None = None

    def load(self) -> Any:
        """Read and prepare the network synchronously; only before the app starts its workers."""
        with self._lock:
            return self._view(self._store.network())

    def attach(self, app: App[Any]) -> None:
        self._app = app
        # A save may wait (up to 30 s) for another keepintouch: say so on screen, not on stderr.
        self._store.on_lock_wait = lambda notice: app.call_from_thread(app.notify, notice, timeout=6)

    @property
    def busy(self) -> bool:
        """Whether a change is queued or being written."""
        return self._pending > 0

    def submit(self, change: Change) -> None:
        """Queue a change; it is written after every change submitted before it.

        The write starts once the screen has been drawn: a change usually
        comes as a form closes, and the worker's thread would otherwise take
        turns at the GIL with drawing the screen behind it, making that frame
        late by twice its work.
        """
        assert self._app is not None, "attach the writer to the app first"
        self._queue.append(change)
        self._pending += 1
        self._app.call_after_refresh(self._app.run_worker, self._write_next, thread=True, group="store", exit_on_error=False)

    def poll(self) -> None:
        """Look for changes made by other processes (e.g. `keepintouch log`) and for
        conflict copies other devices left, merged here like every other write."""
        if self._app is None or self.busy:
            return
        self._app.run_worker(self._poll, thread=True, group="store", exit_on_error=False)

    async def wait_idle(self) -> None:
        """Wait until every submitted change is on disk (or has failed)."""
        while self._pending:  # noqa: ASYNC110 - it drops in worker threads, which cannot set an asyncio.Event
            await asyncio.sleep(0.01)

    def _write_next(self) -> None:
        assert self._app is not None
        message: Message = self.Failed("Could not save: the change was lost in the queue.")
        try:
            with self._lock:
                # Each worker writes the oldest change: order is kept whichever thread runs first.
                change = self._queue.popleft()
                message = self.Failed("Could not save.", change)
                try:
                    with self._store.transaction() as tx:
                        change.outcome = change.build(tx.network())
                        write(tx, change.outcome)
                    network = self._store.network()
                except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
                    message = self.Failed(describe_error(error), change)
                else:
                    message = self.Saved(self._view(network), change)
        finally:
            self._app.call_from_thread(self._finish, message)

    def _view(self, network: Network) -> Any:
        """Prepare the panes' view off the screen's thread, out of the collector's sight.

        The view of a big network is hundreds of thousands of objects that live
        until the next one replaces them. Left to the cyclic collector, every
        full collection would scan them all while holding the GIL (a tenth of a
        second at 10,000 people, measured by bench/), freezing the screen just
        after a save. Frozen instead (`gc.freeze`), they are still freed by
        reference counting when the next view replaces them; only a reference
        cycle among them would outlive it, and the view builds none.
        """
        with gc_paused(freeze=True):
            return self._prepare(network)

    def _finish(self, message: Message) -> None:
        self._pending -= 1
        assert self._app is not None
        self._app.post_message(message)

    def _poll(self) -> None:
        assert self._app is not None
        with self._lock:
            try:
                changed = self._store.refresh()
                notes = self._store.merge_conflict_copies()
                if not (changed or notes):
                    return
                network = self._store.network()
            except Exception as error:  # noqa: BLE001
                self._app.post_message(self.Failed(describe_error(error)))
                return
        self._app.post_message(self.Reloaded(self._view(network), notes))

