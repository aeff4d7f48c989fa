"""Every key that changes something, checked on the data stored on disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, TextArea
from tui_harness import SIZE, TODAY, demo_app, person, settle, stored, type_text

from keepintouch.domain.model import Settings
from keepintouch.tui.screens.capture import CaptureScreen
from keepintouch.tui.screens.confirm import ConfirmScreen
from keepintouch.tui.screens.log_touch import LogTouchScreen
from keepintouch.tui.screens.person import PersonScreen
from keepintouch.tui.widgets.header import TopBar
from keepintouch.tui.widgets.notes import NotesPane
from keepintouch.tui.widgets.people import PeopleList
from keepintouch.tui.widgets.today import TodayPane


async def show(pilot, name: str) -> None:
    """Pick a person through the People filter, as a user would."""
    await pilot.press("slash")
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


def touches_of(folder: Path, name: str):
    network = stored(folder)
    who = person(network, name)
    return [t for t in network.touches if t.contact_id == who.id]


async def test_c_captures_a_note_in_seconds(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(touches_of(tmp_path, "Wen Li"))
        await pilot.press("c")
        assert isinstance(app.screen, CaptureScreen)
        await type_text(pilot, "wen")
        await pilot.press("enter")
        await type_text(pilot, "Talked about her move to Lisbon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CaptureScreen)
    touches = touches_of(tmp_path, "Wen Li")
    assert len(touches) == before + 1
    new = next(t for t in touches if t.note == "Talked about her move to Lisbon")
    assert (new.kind, new.date, new.direction) == ("call", TODAY, "out")


async def test_capture_offers_the_selected_person_first(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "rosa")
        await pilot.press("c", "enter")
        await type_text(pilot, "Book club chat")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "Book club chat" in [t.note for t in touches_of(tmp_path, "Rosa Jiménez")]


async def test_capture_escape_asks_before_losing_text(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(stored(tmp_path).touches)
        await pilot.press("c", "enter")
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#capture-text", TextArea).text == "half a thought"
        await pilot.press("escape")
        await pilot.press("y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, CaptureScreen | ConfirmScreen)
        await settle(pilot)
    assert len(stored(tmp_path).touches) == before


async def test_capture_escape_without_text_just_closes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c", "escape")
        assert not isinstance(app.screen, CaptureScreen | ConfirmScreen)


async def test_l_logs_a_touch_with_flags(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "gustav")
        await pilot.press("l")
        screen = app.screen
        assert isinstance(screen, LogTouchScreen)
        screen.query_one("#log-kind", Select).value = "share"
        screen.query_one("#log-direction", Select).value = "in"
        screen.query_one("#log-gave", Checkbox).value = True
        screen.query_one("#log-awaiting", Checkbox).value = True
        await type_text(pilot, "Sent me a hiring post")
        await pilot.press("ctrl+s")
        await settle(pilot)
    new = next(t for t in touches_of(tmp_path, "Gustav Berg") if t.note == "Sent me a hiring post")
    # They reached out: that is their answer, so the touch never awaits a reply (as from the shell).
    assert (new.kind, new.direction, new.gave, new.asked, new.awaiting_reply) == ("share", "in", True, False, False)


async def test_log_form_validates_the_date_and_keeps_the_text(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "gustav")
        await pilot.press("l")
        await type_text(pilot, "Lunch")
        date_input = app.screen.query_one("#log-date", Input)
        date_input.value = "2026-13-01"
        await pilot.pause()
        assert "not a date" in str(app.screen.query(".field-error").first(None).content) or any(
            "not a date" in str(e.content) for e in app.screen.query(".field-error")
        )
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LogTouchScreen)  # not saved, still open
        assert app.screen.query_one("#log-note", TextArea).text == "Lunch"
        date_input.value = (TODAY - timedelta(days=2)).isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
    new = next(t for t in touches_of(tmp_path, "Gustav Berg") if t.note == "Lunch")
    assert new.date == TODAY - timedelta(days=2)


async def test_enter_on_a_queue_entry_logs_the_suggested_touch(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.query_one(TodayPane).suggestions[0]
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, LogTouchScreen)
        assert screen.query_one("#log-kind", Select).value == first.touch == "congrats"
        await type_text(pilot, "Happy early birthday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Julia Nowak" not in [s.contact.name for s in app.query_one(TodayPane).suggestions]
    new = next(t for t in touches_of(tmp_path, "Julia Nowak") if t.note == "Happy early birthday")
    assert new.kind == "congrats"


async def test_d_on_a_queue_entry_opens_the_same_form(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "d")
        assert isinstance(app.screen, LogTouchScreen)
        assert app.screen.contact.name == app.query_one(TodayPane).suggestions[1].contact.name
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [t.date for t in touches_of(tmp_path, "Lena Hoffmann")].count(TODAY) == 1


async def test_x_skips_a_queue_entry_for_today(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot)
        assert "Julia Nowak" not in [s.contact.name for s in app.query_one(TodayPane).suggestions]
    network = stored(tmp_path)
    day = next(d for d in network.days if d.date == TODAY)
    assert day.skipped == [person(network, "Julia Nowak").id]


async def test_s_enter_snoozes_for_a_week(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "enter")
        await settle(pilot)
    assert person(stored(tmp_path), "Julia Nowak").snoozed_until == TODAY + timedelta(days=7)


async def test_s_offers_other_spans_and_a_date(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "ada")
        await pilot.press("s", "down", "down", "down", "enter")  # 3 months
        await settle(pilot)
        assert person(stored(tmp_path), "Ada Okafor").snoozed_until.isoformat() == "2027-02-23"
        await show(pilot, "bruno")
        await pilot.press("s", "end", "enter")  # a date
        await type_text(pilot, "2026-11-01")  # in the past: refused
        await pilot.press("enter")
        errors = " ".join(str(e.content) for e in app.screen.query(".field-error"))
        assert "after today" in errors
        app.screen.query_one("#choice-date", Input).value = "2027-01-15"
        await pilot.press("enter")
        await settle(pilot)
    assert person(stored(tmp_path), "Bruno Lindqvist").snoozed_until.isoformat() == "2027-01-15"


async def test_s_wakes_a_snoozed_person(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "oliver")  # snoozed in the demo
        await pilot.press("s", "end", "up", "enter")  # "Wake up now"
        await settle(pilot)
    assert person(stored(tmp_path), "Oliver Grant").snoozed_until is None


async def test_p_pauses_for_two_weeks_then_resumes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "enter")  # 2 weeks is preselected
        await settle(pilot)
        pauses = stored(tmp_path).pauses
        assert [(p.start, p.until) for p in pauses] == [(TODAY, TODAY + timedelta(days=14))]
        assert app.query_one(TodayPane).suggestions == []
        assert "Paused until" in str(app.query_one("#today-calm").content)
        assert app.query_one(TopBar).paused_until == TODAY + timedelta(days=14)
        await pilot.press("p", "enter")  # "Resume now" is preselected
        await settle(pilot)
        assert app.query_one(TopBar).paused_until is None
        assert app.query_one(TodayPane).suggestions
    assert [(p.start, p.until) for p in stored(tmp_path).pauses] == [(TODAY, TODAY)]


async def test_a_adds_a_person_with_a_rhythm(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("ctrl+s")  # no name yet
        assert isinstance(app.screen, PersonScreen)
        assert "A name is needed" in " ".join(str(e.content) for e in app.screen.query(".field-error"))
        await type_text(pilot, "Noor Haddad")
        screen = app.screen
        screen.query_one("#person-org", Input).value = "Lumen Media"
        screen.query_one("#person-tags", Input).value = "media, writing"
        screen.query_one("#person-rhythm", Input).value = "every week"
        await pilot.pause()
        assert "not a rhythm" in " ".join(str(e.content) for e in screen.query(".field-error"))
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonScreen)  # refused, text kept
        screen.query_one("#person-rhythm", Input).value = "6w"
        screen.query_one("#person-birthday", Input).value = "--04-12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.query_one(NotesPane).contact.name == "Noor Haddad"
    network = stored(tmp_path)
    noor = person(network, "Noor Haddad")
    assert (noor.org, noor.tags, noor.rhythm) == ("Lumen Media", ["media", "writing"], "6w")
    assert noor.first_due is not None and noor.first_due >= TODAY
    birthday = next(o for o in network.occasions if o.contact_id == noor.id)
    assert (birthday.kind, birthday.when.month, birthday.when.day, birthday.when.year) == ("birthday", 4, 12, None)


async def test_e_edits_the_selected_person(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "tara")
        await pilot.press("e")
        screen = app.screen
        assert screen.query_one("#person-name", Input).value == "Tara Walsh"
        screen.query_one("#person-role", Input).value = "Owner and roaster"
        screen.query_one("#person-rhythm", Input).value = "quarterly"
        await pilot.press("ctrl+s")
        await settle(pilot)
    tara = person(stored(tmp_path), "Tara Walsh")
    assert (tara.role, tara.rhythm, tara.org) == ("Owner and roaster", "quarterly", "Harbour Coffee")


async def test_n_notes_news(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "zoe")
        await pilot.press("n")
        await type_text(pilot, "Launched a community solar project")
        await pilot.press("enter")
        await settle(pilot)
    network = stored(tmp_path)
    zoe = person(network, "Zoe Clarke")
    news = [o for o in network.occasions if o.contact_id == zoe.id and o.kind == "news"]
    assert [(o.label, o.yearly, o.when.year, o.when.month, o.when.day) for o in news] == [
        ("Launched a community solar project", False, 2026, 11, 23)
    ]


async def test_o_adds_a_promise_with_a_due_span(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "chiara")
        await pilot.press("o")
        await type_text(pilot, "Send the font pairing list")
        app.screen.query_one("#promise-due", Input).value = "2w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Send the font pairing list" in str(app.query_one("#person-card").content)
    network = stored(tmp_path)
    chiara = person(network, "Chiara Russo")
    assert [(p.text, p.due) for p in network.promises if p.contact_id == chiara.id] == [
        ("Send the font pairing list", TODAY + timedelta(days=14))
    ]


async def test_capital_e_sets_todays_energy(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        normal = len(app.query_one(TodayPane).suggestions)
        await pilot.press("E", "up", "enter")  # normal -> low
        await settle(pilot)
        assert app.query_one(TopBar).energy == "low"
        assert len(app.query_one(TodayPane).suggestions) <= min(1, normal)
    assert [d.energy for d in stored(tmp_path).days if d.date == TODAY] == ["low"]


async def test_w_runs_the_weekly_window_and_ends_gently(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        daily = len(app.query_one(TodayPane).suggestions)
        await pilot.press("w")
        bar = app.query_one(TopBar)
        assert bar.window_left == 15 * 60
        today = app.query_one(TodayPane)
        assert "week" in str(today.border_title)
        assert len(today.suggestions) >= daily
        app.window_left = 1
        app._tick_window()
        await pilot.pause()
        assert bar.window_left is None
        assert str(today.border_title) == "Today"
        assert any("rest can wait" in n.message for n in app._notifications)


async def test_the_configured_window_day_is_a_quiet_invitation_in_the_header(tmp_path: Path) -> None:
    monday = demo_app(tmp_path / "a", Settings(window_day="monday"))  # 2026-11-23 is a Monday
    async with monday.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = monday.query_one(TopBar)
        assert bar.window_day and "weekly window day" in str(bar.render())
        await pilot.press("w")
        assert "weekly window day" not in str(bar.render())  # the timer shows instead
    friday = demo_app(tmp_path / "b", Settings(window_day="friday"))
    async with friday.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "weekly window" not in str(friday.query_one(TopBar).render())


async def test_notes_save_when_moving_away_and_with_ctrl_s(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await show(pilot, "mateo")
        await pilot.press("tab", "tab")  # through Today: Notes keeps Mateo
        assert app.query_one(NotesPane).contact.name == "Mateo Silva"
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Loves robots")
        await pilot.press("tab")  # moving away saves
        await settle(pilot)
        assert person(stored(tmp_path), "Mateo Silva").notes == "Loves robots"
        await pilot.press("shift+tab")
        await type_text(pilot, ". Has two kids")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert person(stored(tmp_path), "Mateo Silva").notes == "Loves robots. Has two kids"
        assert isinstance(app.focused, TextArea)


async def test_plus_offers_one_more_suggestion(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.query_one(TodayPane).suggestions)
        await pilot.press("plus")
        assert len(app.query_one(TodayPane).suggestions) == before + 1


async def test_the_people_list_marks_the_selected_person_after_a_queue_move(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert app.query_one(PeopleList).current.name == app.query_one(TodayPane).suggestions[1].contact.name
