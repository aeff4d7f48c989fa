"""Keeping a promise from the app: from its queue entry, or picked with `K`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Checkbox
from tui_harness import SIZE, TODAY, confirmed, demo_app, palette, person, settle, stored, type_text

from keepintouch.actions.base import Moment
from keepintouch.actions.promises import keep_promise, suggested_promise
from keepintouch.domain.model import Network, Promise, Settings
from keepintouch.tui.screens.choice import ChoiceScreen
from keepintouch.tui.screens.log_touch import LogTouchScreen
from keepintouch.tui.widgets.today import TodayPane


def promises_of(folder: Path, name: str) -> list[Promise]:
    network = stored(folder)
    who = person(network, name)
    return [p for p in network.promises if p.contact_id == who.id]


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def log_adas_promise(pilot) -> LogTouchScreen:
    """Ada's promise is due today: the third entry of the demo's queue."""
    suggestions = pilot.app.query_one(TodayPane).suggestions
    assert (suggestions[2].contact.name, suggestions[2].trigger) == ("Ada Okafor", "promise")
    await pilot.press("j", "j", "d")
    screen = pilot.app.screen
    assert isinstance(screen, LogTouchScreen)
    return screen


async def test_logging_a_promise_suggestion_keeps_the_promise(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = await log_adas_promise(pilot)
        assert screen.query_one("#log-kept", Checkbox).value is True
        await type_text(pilot, "Posted it in the meetup channel")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert confirmed(app) == "Logged a share with Ada Okafor. Promise kept."
        assert "Ada Okafor" not in [s.contact.name for s in app.query_one(TodayPane).suggestions]
    [promise] = promises_of(tmp_path, "Ada Okafor")
    assert (promise.done, promise.done_on) == (True, TODAY)
    network = stored(tmp_path)
    ada = person(network, "Ada Okafor")
    assert [t.kind for t in network.touches if t.contact_id == ada.id and t.note == "Posted it in the meetup channel"] == ["share"]


async def test_unticking_promise_kept_only_logs_the_touch(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await log_adas_promise(pilot)
        screen.query_one("#log-kept", Checkbox).value = False
        await type_text(pilot, "Asked which channel to post in")
        await pilot.press("ctrl+s")
        await settle(pilot)
    [promise] = promises_of(tmp_path, "Ada Okafor")
    assert (promise.done, promise.done_on) == (False, None)
    network = stored(tmp_path)
    assert "Asked which channel to post in" in [t.note for t in network.touches]


async def test_other_suggestions_have_no_promise_box(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Julia's birthday
        assert isinstance(app.screen, LogTouchScreen)
        assert not app.screen.query("#log-kept")


async def test_capital_k_picks_an_open_promise_to_mark_kept(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "hana")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("K")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Send her my notes on lifetimes for the talk (by 28 Nov)" in [label for label, _ in app.screen.choices]
        await pilot.press("enter")
        await settle(pilot)
        assert confirmed(app) == "Kept: Send her my notes on lifetimes for the talk. Nice."
        assert "lifetimes" not in str(app.query_one("#person-card").content)
    [promise] = promises_of(tmp_path, "Hana Sato")
    assert (promise.done, promise.done_on) == (True, TODAY)


async def test_the_palette_offers_mark_a_promise_kept(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "show wen")
        await palette(pilot, "mark a promise kept")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # changed her mind: nothing written
        await settle(pilot)
        assert not promises_of(tmp_path, "Wen Li")[0].done
        await pilot.press("K", "enter")
        await settle(pilot)
    [promise] = promises_of(tmp_path, "Wen Li")
    assert (promise.done, promise.done_on) == (True, TODAY)


async def test_k_without_open_promises_says_so_kindly(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()  # Julia Nowak is selected: she has no promises
        await pilot.press("K")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        assert "No open promises to Julia Nowak." in messages(app)


def test_a_suggestion_is_about_the_earliest_due_promise_lowest_id_first() -> None:
    due = TODAY - timedelta(days=2)
    promises = [
        Promise("c", "later", TODAY, id="a"),
        Promise("c", "second", due, id="q"),
        Promise("c", "first", due, id="p"),
        Promise("c", "kept already", due, done=True, id="b"),
    ]
    assert suggested_promise(promises, due).text == "first"  # type: ignore[union-attr]
    assert suggested_promise(promises, TODAY - timedelta(days=9)) is None


def test_keeping_a_kept_or_missing_promise_writes_nothing() -> None:
    kept = Promise("c", "done", TODAY, done=True, done_on=TODAY - timedelta(days=1), id="k")
    network = Network(promises=[kept])
    moment = Moment(TODAY, Settings())
    assert keep_promise(network, moment, "k").put == []
    assert keep_promise(network, moment, "gone").put == []


async def test_snoozing_someone_with_an_open_promise_says_it_waits(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "show ada")
        await pilot.press("s")
        note = " ".join(str(s.content) for s in app.screen.query(".dialog-note"))
        assert "Your promise (Share the data engineer job post with the Rust meetup, due 23 Nov) waits with them." in note
