"""The draft editor (m on a Today entry) and the tone hints under a logged message, through Pilot."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Select, Static, TextArea
from tui_harness import CLOCK, SIZE, TODAY, app_on, demo_app, palette, settle, stored, type_text, until

from keepintouch.cli import main
from keepintouch.domain.model import Contact, Settings
from keepintouch.engine.queue import Suggestion
from keepintouch.store.database import Store
from keepintouch.tui.app import KeepInTouchApp
from keepintouch.tui.screens.draft import DraftScreen, channel_url
from keepintouch.tui.screens.log_touch import LogTouchScreen
from keepintouch.tui.widgets.today import TodayPane


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the editor handed to the system opener (nothing real is launched)."""
    urls: list[str] = []
    monkeypatch.setattr(DraftScreen, "opener", staticmethod(urls.append))
    return urls


async def open_draft(pilot: Pilot[None], app: KeepInTouchApp) -> None:
    """`m` on the highlighted Today entry, once the (new) draft editor is open."""
    before = app.screen
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, DraftScreen) and app.screen is not before, "the draft editor open")


def hints(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render()) if widget.display else ""


async def test_m_opens_the_draft_for_the_entry_and_esc_closes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.query_one(TodayPane).suggestions[0]
        await open_draft(pilot, app)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        assert screen.draft.contact.name == first.contact.name == "Julia Nowak"
        assert screen.draft.trigger == "birthday" and screen.draft.language == "en"
        assert "birthday" in screen.query_one("#draft-text", TextArea).text.casefold()
        assert hints(screen, "#draft-hints") == ""
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DraftScreen)


async def test_the_draft_is_in_the_configured_language(tmp_path: Path) -> None:
    app = demo_app(tmp_path, Settings(language="de"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        assert "Geburtstag" in app.screen.query_one("#draft-text", TextArea).text


async def test_hints_follow_the_text_as_it_is_edited(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        screen = app.screen
        await pilot.press("end")
        await type_text(pilot, " Did you see my message?")
        await pilot.pause()
        shown = hints(screen, "#draft-hints")
        assert "Let them be silent" in shown and "meant to need no answer" in shown
        text = screen.query_one("#draft-text", TextArea)
        text.text = "Happy birthday, Julia!"
        await pilot.pause()
        assert hints(screen, "#draft-hints") == ""


async def test_copy_puts_the_edited_text_on_the_clipboard(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        app.screen.query_one("#draft-text", TextArea).text = "Happy birthday, Julia! 🎂"
        await pilot.press("ctrl+t")
        assert app.clipboard == "Happy birthday, Julia! 🎂"


async def test_open_hands_a_mail_with_the_text_to_the_system_opener(tmp_path: Path, opened: list[str]) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        text = screen.query_one("#draft-text", TextArea).text
        await pilot.press("ctrl+o")
    assert len(opened) == 1
    contact = screen.draft.contact
    if contact.emails:
        assert opened[0].startswith(f"mailto:{contact.emails[0]}?body=")
        assert unquote(opened[0].split("body=", 1)[1]) == text
    else:
        assert opened[0] in contact.urls


def test_channel_url_prefers_email_then_a_web_profile() -> None:
    ada = Contact(name="Ada", emails=["ada@example.org"], urls=["https://example.org", "https://www.linkedin.com/in/ada"])
    assert channel_url(ada, "Hi & bye?") == "mailto:ada@example.org?body=Hi%20%26%20bye%3F"
    no_mail = dataclasses.replace(ada, emails=["not an address\n"])
    assert channel_url(no_mail, "Hi") == "https://www.linkedin.com/in/ada"
    assert channel_url(dataclasses.replace(no_mail, urls=["javascript:alert(1)", "ftp://x"]), "Hi") is None


async def test_open_without_a_channel_copies_instead(tmp_path: Path, opened: list[str]) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        screen.draft = dataclasses.replace(screen.draft, contact=Contact(name="Nobody [b]x[/b]"))
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert opened == []
        assert app.clipboard == screen.query_one("#draft-text", TextArea).text
        assert any("No email or profile link for Nobody [b]x[/b]" in n.message for n in app._notifications)


async def test_log_it_opens_the_log_form_with_the_text_as_the_note(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        app.screen.query_one("#draft-text", TextArea).text = "Happy birthday, Julia! Have a lovely day."
        await pilot.press("ctrl+l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogTouchScreen)
        assert form.query_one("#log-note", TextArea).text == "Happy birthday, Julia! Have a lovely day."
        assert form.query_one("#log-kind", Select).value == "congrats"
        await pilot.press("ctrl+s")
        await settle(pilot)
    network = stored(tmp_path)
    julia = next(c for c in network.contacts if c.name == "Julia Nowak")
    logged = [t for t in network.touches if t.contact_id == julia.id and t.date == TODAY]
    assert [(t.kind, t.note) for t in logged] == [("congrats", "Happy birthday, Julia! Have a lovely day.")]


async def test_while_awaiting_a_reply_the_editor_says_so(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Mateo is not in today's queue (he rests a while longer); his entry would read like this.
        mateo = next(c for c in app.network.contacts if c.name == "Mateo Silva")
        app.post_message(TodayPane.DraftRequested(Suggestion(mateo, "rhythm", "Waiting to hear back", "share", TODAY)))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DraftScreen) and screen.draft.trigger == "awaiting"
        assert "a light touch that needs no answer fits, or let them be quiet" in hints(screen, "#draft-notes")
        assert "?" not in screen.query_one("#draft-text", TextArea).text


async def test_a_message_note_gets_tone_hints_and_still_saves(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogTouchScreen)
        await type_text(pilot, "Kurze Frage: hast du meine Mail gesehen?")
        await pilot.pause()
        shown = hints(form, "#log-hints")
        assert "Ask openly" in shown and "Let them be silent" in shown
        form.query_one("#log-kind", Select).value = "call"
        await pilot.pause()
        assert hints(form, "#log-hints") == ""
        form.query_one("#log-kind", Select).value = "message"
        await pilot.pause()
        assert "Ask openly" in hints(form, "#log-hints")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert any(t.note == "Kurze Frage: hast du meine Mail gesehen?" for t in stored(tmp_path).touches)


async def test_the_users_templates_are_used_and_a_broken_one_is_a_notice(tmp_path: Path) -> None:
    mine = tmp_path / "templates" / "en"
    mine.mkdir(parents=True)
    (mine / "birthday.txt").write_text("Many happy returns[[, {name}]].\n", encoding="utf-8")
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)
        assert app.screen.query_one("#draft-text", TextArea).text == "Many happy returns, Julia."
        await pilot.press("escape")
        (mine / "birthday.txt").write_text("Many happy returns, {name}.\n", encoding="utf-8")
        await open_draft(pilot, app)
        assert isinstance(app.screen, DraftScreen)
        assert "birthday" in app.screen.query_one("#draft-text", TextArea).text.casefold()  # the built-in words
        assert any("birthday.txt: add one variant that needs no facts" in n.message for n in app._notifications)


async def test_the_palette_offers_the_draft_for_the_selected_person(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_draft(pilot, app)  # Julia, today's first entry, is selected when the app opens
        from_key = app.screen.query_one("#draft-text", TextArea).text
        await pilot.press("escape")
        await palette(pilot, "What to say to Julia Nowak")
        screen = app.screen
        assert isinstance(screen, DraftScreen) and screen.draft.contact.name == "Julia Nowak"
        assert screen.query_one("#draft-text", TextArea).text == from_key
        await pilot.press("escape")
        await pilot.pause()
        # Someone not on Today: the draft `keepintouch draft NAME` prints.
        await palette(pilot, "show mateo")
        await palette(pilot, "What to say to Mateo Silva")
        screen = app.screen
        assert isinstance(screen, DraftScreen) and screen.draft.contact.name == "Mateo Silva"
        in_app = screen.query_one("#draft-text", TextArea).text
        await pilot.press("ctrl+l")  # log it: the log form, with the draft's light touch
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogTouchScreen) and form.query_one("#log-note", TextArea).text == in_app
        assert form.query_one("#log-kind", Select).value == screen.draft.kind
    shell = CliRunner().invoke(
        main, ["--db", str(tmp_path / "db.json"), "--config", str(tmp_path / "config.toml"), "--today", TODAY.isoformat(), "draft", "Mateo Silva"]
    )
    assert shell.exit_code == 0 and shell.stdout == in_app + "\n"


async def test_the_palette_shows_a_name_as_it_is_never_as_markup(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json", CLOCK).transaction() as tx:
        tx.put(Contact(name="Ada [b]Lovelace[/b]", rhythm="monthly"))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "What to say to Ada [b]Lovelace[/b]")
        screen = app.screen
        assert isinstance(screen, DraftScreen) and screen.draft.contact.name == "Ada [b]Lovelace[/b]"
