"""Store trouble never shows a traceback and never loses what was typed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea
from tui_harness import SIZE, TODAY, confirmed, demo_app, person, settle, stored, type_text, until

import keepintouch.tui.app
from keepintouch.tui.screens.capture import CaptureScreen
from keepintouch.tui.screens.person import PersonScreen
from keepintouch.tui.widgets.header import TopBar
from keepintouch.tui.widgets.notes import NotesPane


def warnings(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


async def test_a_failed_capture_reopens_with_the_text(tmp_path: Path, locked) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        locked(app)
        before = len(stored(tmp_path).touches)
        await pilot.press("c")
        await type_text(pilot, "wen")
        await pilot.press("enter")
        await type_text(pilot, "Do not lose me")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("locked" in w for w in warnings(app))
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#capture-text", TextArea).text == "Do not lose me"
        assert app.screen.contact.name == "Wen Li"
        monkey_free = app.writer._store.__class__.transaction.__get__(app.writer._store)
        app.writer._store.transaction = monkey_free  # the lock is gone: try again
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CaptureScreen)
    assert len(stored(tmp_path).touches) == before + 1


async def test_a_failed_person_form_reopens_as_typed(tmp_path: Path, locked) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        locked(app)
        await pilot.press("a")
        await type_text(pilot, "Noor Haddad")
        app.screen.query_one("#person-org", Input).value = "Lumen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#person-name", Input).value == "Noor Haddad"
        assert app.screen.query_one("#person-org", Input).value == "Lumen"
        assert warnings(app)


async def test_failed_notes_stay_in_the_editor_unsaved(tmp_path: Path, locked) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        locked(app)
        await pilot.press("tab")  # from Today to the notes editor
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Precious notes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = app.query_one(NotesPane)
        assert notes.editor.text == "Precious notes"
        assert notes.dirty  # still unsaved: moving away will try again
        assert warnings(app)
    assert person(stored(tmp_path), "Julia Nowak").notes == ""


async def test_a_corrupt_file_from_elsewhere_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        (tmp_path / "db.json").write_text("{ not json", encoding="utf-8")
        app._poll()
        await until(pilot, lambda: warnings(app), "a warning about the unreadable file")
        assert app.is_running
        await pilot.press("x")  # a write: refused with a message, app still up
        await settle(pilot)
        await until(pilot, lambda: len(warnings(app)) >= 2, "a warning that the skip was not saved")
        assert app.is_running


async def test_saved_is_confirmed_quietly_in_the_top_bar_once_on_disk(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(keepintouch.tui.app, "STATUS_SECONDS", 0.2)
    app = demo_app(tmp_path)
    said: list[tuple[str, bool, str]] = []
    confirm = app.confirm

    snoozed: list[str] = []

    def noting(text: str) -> None:  # what was on disk when the word was said, and what the bar showed
        on_disk = next(c for c in stored(tmp_path).contacts if c.id == snoozed[0]).snoozed_until is not None
        confirm(text)
        said.append((text, on_disk, str(app.query_one(TopBar).render())))

    app.confirm = noting  # type: ignore[method-assign]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        snoozed.append(app.selected_id)
        await pilot.press("s", "enter")
        await settle(pilot)
        await until(pilot, lambda: said, "the snooze confirmed")
        [(text, on_disk, bar)] = said
        assert on_disk and " is snoozed until " in text and text in bar
        assert not app._notifications  # no pop-up for a plain save
        await until(pilot, lambda: app.query_one(TopBar).status == "", "the word to go after STATUS_SECONDS")


async def test_a_save_waiting_for_another_keepintouch_says_so_on_screen(tmp_path: Path) -> None:
    """Another process holds the writers' lock for a moment: the app says it waits, then saves."""
    import threading

    from keepintouch.store.json_file import FileLock, lock_path

    app = demo_app(tmp_path)
    other = FileLock(lock_path(tmp_path / "db.json"), 10)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        other.acquire(None)
        threading.Timer(1.6, other.release).start()
        await pilot.press("x")  # skip the first Today entry: a write
        await until(pilot, lambda: any("Another keepintouch is writing" in n.message for n in app._notifications), "the notice")
        await settle(pilot)
        await until(pilot, lambda: bool(confirmed(app)), "the skip confirmed once the lock was free")
    assert [d.skipped for d in stored(tmp_path).days if d.date == TODAY] != []
