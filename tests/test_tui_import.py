"""Import from the command palette: a form, a dry run to review, then one write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_harness import SIZE, demo_app, palette, person, settle, stored, type_text

from keepintouch.tui.screens.confirm import ConfirmScreen
from keepintouch.tui.screens.import_file import ImportFileScreen, import_path

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "linkedin.csv"
NEW_PEOPLE = ["Anna Kowalska", "Björn Þórsson", "José García López", "李 雷", "Zoë O'Brien"]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`~` is the test's folder: paths are typed short, as people type them."""
    monkeypatch.setenv("HOME", str(tmp_path))


def linkedin_csv(folder: Path) -> Path:
    return Path(shutil.copy(FIXTURE, folder / "Connections.csv"))


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def errors(app) -> str:
    return " ".join(str(e.content) for e in app.screen.query(".field-error"))


async def open_import(pilot) -> None:
    """Through the command palette, as a user would."""
    await palette(pilot, "import contacts")
    assert isinstance(pilot.app.screen, ImportFileScreen)


async def review(pilot, path: Path) -> ConfirmScreen:
    """Type the path (from `~`), save: the dry run's summary comes up."""
    await type_text(pilot, f"~/{path.name}")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen


async def test_import_from_the_palette_shows_the_summary_then_imports(tmp_path: Path) -> None:
    csv = linkedin_csv(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_import(pilot)
        screen = await review(pilot, csv)
        note = str(screen.query_one(".dialog-note").content)
        assert f"skipped {csv}:9: row has no name" in note
        assert "Would import 5 people: 5 new, 0 merged, 1 skipped (see above)." in note
        assert not set(NEW_PEOPLE) & {c.name for c in stored(tmp_path).contacts}  # a dry run writes nothing
        await pilot.press("y")
        await settle(pilot)
        assert "Imported 5 people: 5 new, 0 merged, 1 skipped (see above)." in messages(app)
        assert set(NEW_PEOPLE) <= {c.name for c in app.snapshot.people.search("")}
    network = stored(tmp_path)
    anna = person(network, "Anna Kowalska")
    assert (anna.org, anna.rhythm, anna.emails) == ("Kowalska, Nowak & Partners", "none", ["anna.kowalska@example.pl"])
    assert set(NEW_PEOPLE) <= {c.name for c in network.contacts}


async def test_rhythm_and_tags_apply_to_the_new_people(tmp_path: Path) -> None:
    csv = linkedin_csv(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        screen = app.screen
        screen.query_one("#import-rhythm", Input).value = "every week"
        await pilot.pause()
        assert "not a rhythm" in errors(app)
        screen.query_one("#import-rhythm", Input).value = "quarterly"
        screen.query_one("#import-tags", Input).value = "linkedin, 2026"
        screen.query_one("#import-path", Input).focus()
        await review(pilot, csv)
        await pilot.press("enter")  # Import has the focus
        await settle(pilot)
    for name in NEW_PEOPLE:
        contact = person(stored(tmp_path), name)
        assert (contact.rhythm, contact.tags) == ("quarterly", ["linkedin", "2026"])
        assert contact.first_due is not None


async def test_a_missing_file_is_refused_as_you_type(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = (tmp_path / "db.json").read_bytes()
        await open_import(pilot)
        await type_text(pilot, "~/nope.csv")
        await pilot.pause()
        assert "no file there" in errors(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportFileScreen)  # still open, nothing planned
        app.screen.query_one("#import-path", Input).value = str(tmp_path)
        await pilot.pause()
        assert "folder" in errors(app)
        await pilot.press("escape", "y")  # discard what was typed
        await settle(pilot)
        assert not isinstance(app.screen, ImportFileScreen | ConfirmScreen)
    assert (tmp_path / "db.json").read_bytes() == before


async def test_cancelling_at_the_summary_writes_nothing(tmp_path: Path) -> None:
    csv = linkedin_csv(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = (tmp_path / "db.json").read_bytes()
        await open_import(pilot)
        await review(pilot, csv)
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ImportFileScreen | ConfirmScreen)
    assert (tmp_path / "db.json").read_bytes() == before


async def test_an_unreadable_file_reopens_the_form_as_typed(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some thoughts, not contacts\n", encoding="utf-8")
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = (tmp_path / "db.json").read_bytes()
        await pilot.press("i")
        app.screen.query_one("#import-tags", Input).value = "friends"
        app.screen.query_one("#import-path", Input).focus()
        await type_text(pilot, "~/notes.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert any("cannot tell what kind of file" in m and "Nothing was imported." in m for m in messages(app))
        screen = app.screen
        assert isinstance(screen, ImportFileScreen)
        assert screen.query_one("#import-path", Input).value == "~/notes.txt"
        assert screen.query_one("#import-tags", Input).value == "friends"
    assert (tmp_path / "db.json").read_bytes() == before


async def test_a_locked_store_reopens_the_form(tmp_path: Path, locked) -> None:
    linkedin_csv(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        locked(app)
        await pilot.press("i")
        await type_text(pilot, "~/Connections.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert any("locked" in m for m in messages(app))
        assert isinstance(app.screen, ImportFileScreen)
        assert app.screen.query_one("#import-path", Input).value == "~/Connections.csv"
    assert not set(NEW_PEOPLE) & {c.name for c in stored(tmp_path).contacts}


async def test_a_store_locked_after_the_review_writes_nothing(tmp_path: Path, locked) -> None:
    csv = linkedin_csv(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = (tmp_path / "db.json").read_bytes()
        await pilot.press("i")
        await review(pilot, csv)
        locked(app)
        await pilot.press("y")
        await settle(pilot)
        assert any("locked" in m for m in messages(app))
        assert isinstance(app.screen, ImportFileScreen)
    assert (tmp_path / "db.json").read_bytes() == before


def test_import_path_expands_the_home_folder(tmp_path: Path) -> None:
    linkedin_csv(tmp_path)
    assert import_path(" ~/Connections.csv ") == tmp_path / "Connections.csv"
