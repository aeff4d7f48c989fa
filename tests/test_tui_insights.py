"""The Insights screen (`I`, or "Insights" in the palette) and the Notes pane's 12-month sparkline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Sparkline
from tui_harness import CLOCK, SIZE, TODAY, app_on, demo_app, palette

from keepintouch.domain.model import Contact, Touch
from keepintouch.engine.insights import monthly_touches
from keepintouch.store.database import Store
from keepintouch.tui import KeepInTouchApp
from keepintouch.tui.screens.capture import CaptureScreen
from keepintouch.tui.screens.insights import InsightsScreen
from keepintouch.tui.widgets.heatmap import HeatMap
from keepintouch.tui.widgets.months import MonthChart
from keepintouch.tui.widgets.notes import NotesPane


async def looked(pilot: Pilot) -> InsightsScreen:
    """Wait until the figures are computed and shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    return screen


@asynccontextmanager
async def insights_open(folder: Path) -> AsyncIterator[tuple[KeepInTouchApp, Pilot, InsightsScreen]]:
    """The demo app with the Insights screen open, its figures shown."""
    app = demo_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("I")
        yield app, pilot, await looked(pilot)


def text(screen: InsightsScreen, selector: str) -> str:
    return str(screen.query_one(selector).content)  # type: ignore[attr-defined]


async def test_capital_i_opens_insights_on_the_demo_and_escape_closes(tmp_path: Path) -> None:
    async with insights_open(tmp_path) as (app, pilot, screen):
        assert "The last 12 months (Dec 2025 – Nov 2026)" in text(screen, "#insights-title")
        assert text(screen, "#insights-headline") == "140 touches with 26 people: 101 from you, 39 from them."
        assert text(screen, "#insights-rhythm") == "21 of 23 in rhythm."
        balance = text(screen, "#insights-balance")
        assert "You gave 18 times and asked 9 times." in balance
        assert "Maybe give first: Elena García, Mateo Silva, Julia Nowak and 2 more." in balance
        assert "3 open" in text(screen, "#insights-promises")
        heatmap = screen.query_one(HeatMap)
        assert (heatmap.start, heatmap.end) == (date(2025, 12, 1), TODAY) and len(heatmap.days) > 100
        assert screen.query_one("#month-row-react").display and screen.query_one("#month-row-all").display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_q_and_capital_i_close_without_quitting_and_main_keys_rest(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for close in ("q", "I"):
            await pilot.press("I")
            await looked(pilot)
            await pilot.press("c")  # capture belongs to the main screen
            await pilot.pause()
            assert isinstance(app.screen, InsightsScreen) and not isinstance(app.screen, CaptureScreen)
            await pilot.press(close)
            await pilot.pause()
            assert not isinstance(app.screen, InsightsScreen)
        assert app.is_running


async def test_arrows_step_through_years(tmp_path: Path) -> None:
    async with insights_open(tmp_path) as (_, pilot, screen):
        await pilot.press("right")  # nothing later than the last 12 months
        screen = await looked(pilot)
        assert screen.year is None
        await pilot.press("left")
        screen = await looked(pilot)
        assert screen.year == 2026 and "2026 so far" in text(screen, "#insights-title")
        await pilot.press("left")
        screen = await looked(pilot)
        assert screen.year == 2025 and text(screen, "#insights-title").endswith("2025")
        assert text(screen, "#insights-headline").startswith("13 touches")
        await pilot.press("left")  # the demo's first touches are from 2025
        screen = await looked(pilot)
        assert screen.year == 2025
        await pilot.press("right", "right")
        screen = await looked(pilot)
        assert screen.year is None and text(screen, "#insights-headline").startswith("140 touches")


async def test_palette_opens_insights(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "insights")
        screen = await looked(pilot)
        assert screen.insights is not None and screen.insights.touches_total == 140


async def test_help_lists_insights(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Insights" in str(app.screen.query_one("#help-text").content)


async def test_month_chart_hides_kinds_without_touches(tmp_path: Path) -> None:
    async with insights_open(tmp_path) as (_, pilot, screen):
        await pilot.press("left", "left")  # 2025: a few kinds only
        screen = await looked(pilot)
        chart = screen.query_one(MonthChart)
        assert not chart.query_one("#month-row-comment").display
        assert chart.query_one("#month-row-message").display
        assert chart.query_one("#month-spark-all", Sparkline).data == screen.insights.monthly_totals  # type: ignore[union-attr]


async def test_notes_pane_shows_the_selected_persons_year_as_a_sparkline(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.query_one(NotesPane)
        assert notes.contact is not None and notes.contact.name == "Julia Nowak"
        spark = notes.query_one("#person-spark", Sparkline)
        julia = app.snapshot.touches(notes.contact.id)
        assert notes.query_one("#person-months").display
        assert list(spark.data or []) == monthly_touches(julia, TODAY)
        assert str(notes.query_one("#person-months-total").content) == str(sum(monthly_touches(julia, TODAY)))
        assert "Balance" in str(notes.query_one("#person-card").content)
        await pilot.press("j")  # the next suggestion: the sparkline follows
        await pilot.pause()
        assert notes.contact.name != "Julia Nowak"
        assert list(spark.data or []) == monthly_touches(app.snapshot.touches(notes.contact.id), TODAY)


async def test_no_sparkline_for_someone_not_touched_this_year(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json", CLOCK)
    with store.transaction() as tx:
        tx.put(Contact(name="Ada Okafor", id="ada", rhythm="monthly"))
        tx.put(Contact(name="Ben Berg", id="ben", rhythm="monthly"))
        tx.put(Touch(contact_id="ben", date=date(2024, 5, 1)))
        tx.put(Touch(contact_id="ada", date=date(2026, 11, 2)))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_person("ben")
        await pilot.pause()
        assert not app.query_one("#person-months").display
        app.show_person("ada")
        await pilot.pause()
        assert app.query_one("#person-months").display
        assert list(app.query_one("#person-spark", Sparkline).data or []) == [0] * 11 + [1]
