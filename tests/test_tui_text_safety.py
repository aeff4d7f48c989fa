"""The app with untrusted text: names are never markup, control characters never reach the screen,
and a very long note keeps selecting that person instant."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies_text import UNSHOWN, nasty_names
from textual.widgets import TextArea
from tui_harness import CLOCK, SIZE, app_on, settle, stored

from keepintouch.domain.model import Contact, Occasion, PartialDate, Promise, Touch
from keepintouch.store.database import Store
from keepintouch.tui.screens.capture import CaptureScreen
from keepintouch.tui.screens.choice import ChoiceScreen
from keepintouch.tui.screens.insights import InsightsScreen
from keepintouch.tui.screens.log_touch import LogTouchScreen
from keepintouch.tui.screens.note import NoteScreen
from keepintouch.tui.screens.person import PersonScreen
from keepintouch.tui.widgets.notes import LONG_NOTE, NotePreview, NotesPane
from keepintouch.tui.writer import StoreWriter

MARKUP_NAME = "Mark [bold red]Up[/] [@click=app.quit]quit[/] [/]"
NOTE = "note \x1b[2J\x1b]0;pwned\x07 [/] \x1b]52;c;aGk=\x07 end"


def seed(folder: Path, name: str, *, promise: bool = True, notes: str = NOTE) -> Contact:
    """One person in rhythm and due today, stored raw (as older data or another tool may have)."""
    store = Store(folder / "db.json", CLOCK)
    with store.transaction() as tx:
        contact = tx.put(
            Contact(name=name, org="Org [/] \x1b[31m", met="met [b]", tags=["t[/]\x1b"], handles={"k[/]": "v\x1b"}, ask_about="ask [/] \x1b]0;t\x07", notes=notes, rhythm="weekly", first_due=CLOCK.today())
        )
        tx.put(Touch(contact_id=contact.id, date=date(2026, 11, 1), note=NOTE, gave=True))
        if promise:
            tx.put(Promise(contact_id=contact.id, text="send [/] \x1b[2J", due=date(2026, 11, 30)))
        tx.put(Occasion(contact_id=contact.id, kind="birthday", when=PartialDate(11, 23), label="label [/]"))
    return contact


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def screen_text(app) -> str:
    """Everything on screen as exported (the SVG holds the characters each cell shows)."""
    return app.export_screenshot()


async def test_k_on_a_markup_name_without_promises_says_so_literally(tmp_path: Path) -> None:
    seed(tmp_path, MARKUP_NAME, promise=False)
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
        assert notices(app) == [f"No open promises to {MARKUP_NAME}."]
        assert app.is_running and not any(n.markup for n in app._notifications)
    assert app.return_code in (None, 0)


async def test_a_store_error_quoting_markup_is_a_plain_notice(tmp_path: Path) -> None:
    seed(tmp_path, "Ada")
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.post_message(StoreWriter.Failed(f"cannot save '{MARKUP_NAME}\x1b]0;t\x07'"))
        await pilot.pause()
        assert notices(app) == [f"cannot save '{MARKUP_NAME}\ufffd]0;t\ufffd'"]
        assert app.is_running


async def test_no_screen_shows_a_control_character_or_reads_a_name_as_markup(tmp_path: Path) -> None:
    seed(tmp_path, f"{MARKUP_NAME} \x1b]0;pwned\x07 \u202eevil\u202c \u2067x\u2069")  # bidi controls too
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "Mark [bold red]Up[/]" in app.query_one(NotesPane).query_one("#person-card").content.plain
        for key, screen in (("e", PersonScreen), ("l", LogTouchScreen), ("c", CaptureScreen), ("K", ChoiceScreen), ("I", InsightsScreen)):
            assert not UNSHOWN.search(screen_text(app))
            await pilot.press(key)
            await pilot.pause(0.2)
            assert isinstance(app.screen, screen), key
            assert not UNSHOWN.search(screen_text(app)), key
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Mark")
        await pilot.pause(0.3)
        assert not UNSHOWN.search(screen_text(app))
        await pilot.press("escape")
        assert app.is_running


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=nasty_names)
async def test_any_name_keeps_the_app_alive_and_the_screen_clean(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seed(Path(folder), name, promise=False, notes=name)
        app = app_on(Path(folder))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("K")
            await pilot.pause()
            assert app.is_running and len(notices(app)) == 1
            assert not UNSHOWN.search(screen_text(app))


async def test_editing_a_person_shows_and_saves_their_name_clean(tmp_path: Path) -> None:
    seed(tmp_path, "Jane \x1b]0;pwned\x07Doe")
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#person-name").value == "Jane Doe"
        await pilot.press("ctrl+s")
        await settle(pilot)
    (jane,) = stored(tmp_path).contacts
    assert jane.name == "Jane Doe"


def big_note() -> str:
    line = "A long note from an import, about many things, line after line. " * 2 + "\n"
    return "First line of the note.\n" + line * (5_000_000 // len(line))


async def test_a_5mb_note_is_shown_cut_and_selecting_its_person_takes_under_a_frame(tmp_path: Path) -> None:
    note = big_note()
    seed(tmp_path, "Zed Big", notes=note)
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.query_one(NotesPane)
        snapshot = app.snapshot
        zed = snapshot.network.contacts[0]
        timings = []
        for _ in range(3):
            pane.show(snapshot, None)
            started = time.perf_counter()
            pane.show(snapshot, zed)
            timings.append(time.perf_counter() - started)
            await pilot.pause()
        assert min(timings) < 0.016, timings
        preview = pane.query_one(NotePreview)
        assert preview.display and not pane.editor.display and pane.editor.text == ""
        shown = preview.content.plain
        assert shown.startswith("First line of the note.") and len(shown) < 2_000 and "enter or click" in shown
        assert not pane.dirty


async def test_enter_on_a_long_note_opens_all_of_it_and_an_edit_is_saved(tmp_path: Path) -> None:
    note = "x" * (LONG_NOTE + 1) + "\nthe very end"
    seed(tmp_path, "Zed Big", notes=note)
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(NotePreview).focus()
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, NoteScreen)
        editor = app.screen.query_one("#whole-note", TextArea)
        assert editor.text == note
        editor.move_cursor(editor.document.end)
        editor.insert(" and more")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
    (zed,) = stored(tmp_path).contacts
    assert zed.notes == note + " and more"


async def test_closing_a_long_note_unchanged_writes_nothing(tmp_path: Path) -> None:
    note = "y" * (LONG_NOTE + 1)
    seed(tmp_path, "Zed Big", notes=note)
    before = (tmp_path / "db.json").read_bytes()
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(NotePreview)
        await pilot.pause(0.3)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
    assert (tmp_path / "db.json").read_bytes() == before


async def test_pasted_escape_sequences_never_reach_a_text_box(tmp_path: Path) -> None:
    """A paste arrives at the app, which hands it to the focused box."""
    from textual import events

    seed(tmp_path, "Ada", notes="")
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.query_one(NotesPane)
        pane.editor.focus()
        app.post_message(events.Paste("pasted \x1b]0;pwned\x07text\r\nline two \x1b[2J"))
        await pilot.pause()
        assert pane.editor.text == "pasted text\nline two "
        app.set_focus(None)
        await pilot.press("e")
        await pilot.pause()
        name = app.screen.query_one("#person-name")
        app.post_message(events.Paste(" \x1b[31mLovelace\x07\nsecond line"))
        await pilot.pause()
        assert name.value == " Lovelace"  # the paste replaced the selected name, cleaned, first line only
