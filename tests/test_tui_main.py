"""The main screen: panes, moving around, filtering, help, palette, refresh, quit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static, TextArea
from tui_harness import CLOCK, SIZE, TODAY, app_on, demo_app, palette, person, settle, stored, until

from keepintouch.domain.model import Contact, Touch
from keepintouch.store.config import load_settings
from keepintouch.store.database import Store
from keepintouch.tui.screens.help import HelpScreen
from keepintouch.tui.widgets.header import TopBar
from keepintouch.tui.widgets.keybar import KeyBar
from keepintouch.tui.widgets.notes import NotesPane
from keepintouch.tui.widgets.people import PeopleList
from keepintouch.tui.widgets.today import TodayPane, TodayQueue


async def test_opens_on_todays_queue_with_the_first_person_in_notes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        today = app.query_one(TodayPane)
        names = [s.contact.name for s in today.suggestions]
        assert names and names[0] == "Julia Nowak"  # birthday tomorrow comes first
        assert isinstance(app.focused, TodayQueue)
        assert app.query_one(NotesPane).contact.name == "Julia Nowak"
        people = app.query_one(PeopleList)
        assert len(people.rows) == 25  # Xavier is archived: hidden
        assert "Xavier Dupont" not in [c.name for c in people.rows]
        bar = app.query_one(TopBar)
        assert bar.today == TODAY and bar.energy == "normal" and bar.paused_until is None


async def test_a_new_user_is_welcomed_with_a_first_step(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        calm = app.query_one("#today-calm", Static)
        assert calm.display and "Start small: add 3–5 people" in str(calm.render())


async def test_tab_and_shift_tab_move_between_panes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea)
        await pilot.press("tab")
        assert isinstance(app.focused, PeopleList)
        await pilot.press("tab")
        assert isinstance(app.focused, TodayQueue)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, PeopleList)


async def test_j_k_and_arrows_move_in_lists_and_notes_follow(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        queue = app.query_one(TodayPane)
        second = queue.suggestions[1].contact.name
        assert app.query_one(NotesPane).contact.name == second
        await pilot.press("k")
        await pilot.pause()
        assert app.query_one(NotesPane).contact.name == "Julia Nowak"
        await pilot.press("shift+tab")  # to People
        people = app.query_one(PeopleList)
        await pilot.press("home", "down", "down", "j")
        await pilot.pause()
        assert people.current.name == "Dmitri Volkov"
        assert app.query_one(NotesPane).contact.name == "Dmitri Volkov"
        await pilot.press("up")
        await pilot.pause()
        assert app.query_one(NotesPane).contact.name == "Chiara Russo"


async def test_slash_filters_enter_picks_first_match_escape_clears(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"northwind")
        people = app.query_one(PeopleList)
        assert [c.name for c in people.rows] == ["Ada Okafor", "Priya Raman"]  # by org
        for _ in range(9):
            await pilot.press("backspace")
        await pilot.press(*"mentor")  # a tag
        assert {c.name for c in people.rows} == {"Elena García", "Lena Hoffmann"}
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, PeopleList)
        assert app.query_one(NotesPane).contact.name == people.rows[0].name
        await pilot.press("escape")
        await pilot.pause()
        assert len(people.rows) == 25
        assert not app.query_one("#people-filter", Input).display


async def test_fuzzy_filter_finds_letters_in_order(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"hnst")
        assert app.query_one(PeopleList).rows[0].name == "Hana Sato"


async def test_capital_a_shows_archived_people(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("A")
        assert "Xavier Dupont" in [c.name for c in app.query_one(PeopleList).rows]
        await pilot.press("A")
        assert "Xavier Dupont" not in [c.name for c in app.query_one(PeopleList).rows]


async def test_question_mark_opens_help_with_every_app_key(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").content)
        for words in ("Quick capture", "Snooze the selected person", "Pause everything", "weekly window", "energy", "Skip for today", "Save notes"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_shows_a_person(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "show wen")
        assert app.query_one(NotesPane).contact.name == "Wen Li"


async def test_palette_runs_an_action(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "energy: low")
        await settle(pilot)
        assert [d.energy for d in stored(tmp_path).days if d.date == TODAY] == ["low"]
        assert app.query_one(TopBar).energy == "low"


async def test_changes_from_another_process_show_up(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = Store(tmp_path / "db.json", CLOCK)
        julia = person(other.network(), "Julia Nowak")
        with other.transaction() as tx:
            tx.put(Touch(julia.id, TODAY, kind="congrats", note="Sent from the shell"))
        app._poll()
        today = app.query_one(TodayPane)
        await until(pilot, lambda: "Julia Nowak" not in [s.contact.name for s in today.suggestions], "Julia's touch seen")
        # Julia left Today: the Notes pane follows the entry highlighted now.
        assert app.query_one(NotesPane).contact == today.suggestions[today.queue.highlighted].contact
        await palette(pilot, "show julia")
        assert "Sent from the shell" in str(app.query_one("#timeline").content)


async def test_theme_chosen_is_remembered_in_the_config(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        app._save_theme()
        await app.workers.wait_for_complete()
    assert load_settings(tmp_path / "config.toml").theme == "nord"


async def test_q_quits_after_pending_writes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")  # skip Julia: a write
        await pilot.press("q")
        await pilot.pause()
    julia = person(stored(tmp_path), "Julia Nowak")
    assert [d.skipped for d in stored(tmp_path).days if d.date == TODAY] == [[julia.id]]


async def test_the_people_scrollbar_follows_filtering_and_the_cursor(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json", CLOCK).transaction() as tx:
        tx.put_many(Contact(name=f"Person {n:02d}", org="Acme" if n % 10 == 0 else "") for n in range(60))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        people = app.query_one(PeopleList)
        bar = people.vertical_scrollbar
        assert people.show_vertical_scrollbar and bar.window_virtual_size == 60
        assert not people.show_horizontal_scrollbar
        await pilot.press("slash", *"acme")
        await pilot.pause()
        assert len(people.rows) == 6 and bar.window_virtual_size == 6
        await pilot.press("escape")
        await pilot.pause()
        assert bar.window_virtual_size == 60
        people.focus()
        await pilot.press("G")  # the last person: the list scrolls, the bar's thumb moves
        await pilot.pause()
        assert people.scroll_offset.y > 0 and bar.position == people.scroll_offset.y


async def test_the_key_bar_shows_the_keys_of_the_moment_and_a_click_presses_one(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        line = bar.render().plain
        assert line.startswith(" d Log it  m Draft  x Skip ")  # the queue is focused
        assert line.rstrip().endswith("▏ ^p palette") and len(line) == SIZE[0]
        await pilot.press("tab")  # the notes editor: its keys, not the queue's
        await pilot.pause()
        line = bar.render().plain
        assert "Save notes" in line and "Log it" not in line
        await pilot.press("shift+tab")
        await pilot.pause()
        help_at = bar.render().plain.index(" ? Help")
        await pilot.click(KeyBar, offset=(help_at + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_small_terminal_keeps_help_and_quit_on_the_key_bar(tmp_path: Path) -> None:
    from keepintouch.tui.widgets.keybar import KeyBar

    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.query_one(KeyBar).render())
        assert " ? Help " in line and " q Quit " in line and "palette" in line
        assert " d Log it " in line and " w Window " not in line  # the others go first, from the end


async def test_help_scrolls_to_its_last_section_at_120_by_40(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y > 0  # more than fits: it must scroll
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y


async def test_pause_and_snooze_preselect_the_usual_span_first_and_say_so(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, usual in (("s", "1 week"), ("p", "2 weeks")):
            await pilot.press(key)
            options = app.screen.query_one("#choices", OptionList)
            first = str(options.get_option_at_index(0).prompt)
            assert options.highlighted == 0 and first.startswith(usual) and first.endswith("(usual)")
            await pilot.press("escape")


async def test_an_empty_network_starts_small_with_a_budget_and_the_add_form(tmp_path: Path) -> None:
    from keepintouch.store.config import load_settings
    from keepintouch.tui.screens.person import PersonScreen
    from keepintouch.tui.screens.start import StartScreen

    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        note = " ".join(str(s.content) for s in app.screen.query(".dialog-note"))
        assert "one or two names a month are enough" in note and "3–5 people" in note
        await pilot.press("down", "enter")  # one or two a month, as the article says
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#person-rhythm").value == "monthly"  # type: ignore[attr-defined]
        await until(pilot, lambda: (tmp_path / "config.toml").exists(), "the budget remembered")
        await pilot.press("escape")
    settings = load_settings(tmp_path / "config.toml")
    assert (settings.budget, settings.budget_period) == (2, "month") and app.settings.budget_period == "month"
