"""Shared set-up for the app's Pilot and snapshot tests.

Every app is built with the one factory (`make_app`) on a database and a
config file under `tmp_path`, with the clock frozen on 2026-11-23, so tests
never see the user's files or the real date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
