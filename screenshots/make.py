"""Regenerate the SVG screenshots in this folder from the demo data.

    python screenshots/make.py            # writes screenshots/*.svg

The clock is frozen on 2026-11-23 and the demo database is built in a
temporary folder, so the pictures only change when the app or the demo does.
The snapshot tests (tests/test_snapshots.py) drive the same scenes.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from keepintouch.actions.demo import write_demo_db
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Settings
from keepintouch.store.database import Store
from keepintouch.tui import KeepInTouchApp, make_app

TODAY = date(2026, 11, 23)
SIZE = (120, 40)
HERE = Path(__file__).parent


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*(ch if ch.isalnum() else _character_to_key(ch) for ch in text))


async def ready(pilot: Pilot) -> None:
    """Let the screen settle and stop cursors from blinking."""
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def capture(pilot: Pilot) -> None:
    await pilot.press("c")
    await type_text(pilot, "wen")
    await pilot.press("enter")
    await type_text(pilot, "Talked about her thesis and a move to Lisbon")
    await ready(pilot)


async def insights(pilot: Pilot) -> None:
    """The Insights screen, once its figures are computed (in a worker)."""
    await pilot.press("I")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await ready(pilot)


async def draft(pilot: Pilot) -> None:
    """The draft editor on the first Today entry, with a line added that the tone check names."""
    await pilot.press("m")
    await pilot.pause()
    editor = pilot.app.screen.query_one(TextArea)
    editor.move_cursor(editor.document.end)
    await type_text(pilot, " Quick question: are you free next week?")
    await ready(pilot)


def pressing(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def scene(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await ready(pilot)

    return scene


#: Screenshot name -> what to do after the app opens.
SCENES: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "main": ready,
    "capture": capture,
    "draft": draft,
    "snooze": pressing("s"),
    "pause": pressing("p"),
    "help": pressing("question_mark"),
    "insights": insights,
}


def demo_app(folder: Path) -> KeepInTouchApp:
    clock = Clock(TODAY)
    write_demo_db(folder / "db.json", clock)
    return make_app(Store(folder / "db.json", clock), clock, Settings(), folder / "config.toml")


async def shoot(name: str, folder: Path) -> Path:
    app = demo_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await SCENES[name](pilot)
        return Path(app.save_screenshot(f"{name}.svg", str(HERE)))


def main() -> None:
    for name in SCENES:
        with tempfile.TemporaryDirectory() as folder:
            print(asyncio.run(shoot(name, Path(folder))))


if __name__ == "__main__":
    main()
