"""Shared set-up for the app's Pilot and snapshot tests.

Every app is built with the one factory (`make_app`) on a database and a
config file under `tmp_path`, with the clock frozen on 2026-11-23, so tests
never see the user's files or the real date.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from keepintouch.actions.demo import write_demo_db
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Settings
from keepintouch.store.database import Store
from keepintouch.tui import KeepInTouchApp, make_app
from keepintouch.tui.widgets.header import TopBar

TODAY = date(2026, 11, 23)
CLOCK = Clock(TODAY)
SIZE = (120, 40)


def demo_app(folder: Path, settings: Settings | None = None) -> KeepInTouchApp:
    """The app on a fresh demo database in `folder`."""
    write_demo_db(folder / "db.json", CLOCK)
    return app_on(folder, settings)


def app_on(folder: Path, settings: Settings | None = None) -> KeepInTouchApp:
    store = Store(folder / "db.json", CLOCK)
    return make_app(store, CLOCK, settings or Settings(), folder / "config.toml")


def stored(folder: Path) -> Network:
    """What is on disk now, read by a separate store (as another process would)."""
    return Store(folder / "db.json", CLOCK).network()


def confirmed(app: KeepInTouchApp) -> str:
    """The word the top bar says about the last saved change ("" when none)."""
    return app.query_one(TopBar).status


def person(network: Network, name: str) -> Contact:
    return next(c for c in network.contacts if c.name == name)


#: How long `until` waits before failing: generous, because CI shares a loaded machine.
PATIENCE = 15.0


async def until(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` holds; fail after `PATIENCE` seconds saying `what` never happened.

    Tests wait for what they expect, never for a fixed time: a loaded machine
    makes any fixed pause too short some day.
    """
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not after {PATIENCE:g} s: {what}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot) -> None:
    """Wait until every write is on disk and the app has shown the result."""
    await pilot.pause()
    await pilot.app.writer.wait_idle()  # type: ignore[attr-defined]
    await pilot.pause()


def steady_cursors(pilot: Pilot) -> None:
    """No blinking cursors on the current screen (for snapshots)."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def type_text(pilot: Pilot, text: str) -> None:
    """Type like a person: spaces, capitals and punctuation included."""
    from textual.keys import _character_to_key

    await pilot.press(*(_character_to_key(ch) if not ch.isalnum() else ch for ch in text))


async def palette(pilot: Pilot, command: str) -> None:
    """Run a command from the command palette, as a user would: ctrl+p, type, enter."""
    await pilot.press("ctrl+p")
    await type_text(pilot, command)
    await until(pilot, lambda: _palette_offers(pilot, command), f"the command palette offering {command!r}")
    await pilot.press("enter")
    await pilot.pause()


def _palette_offers(pilot: Pilot, command: str) -> bool:
    """The palette's search for `command` is over and its first hit matches it."""
    screen = pilot.app.screen
    if not isinstance(screen, CommandPalette):
        return False
    if any(worker.node is screen and not worker.is_finished for worker in pilot.app.workers):
        return False  # still gathering hits
    option = screen.query_one(CommandList).highlighted_option
    return option is not None and command.casefold() in str(option.prompt).casefold()
