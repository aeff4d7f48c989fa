"""Several devices on one synced database: conflict copies merged by themselves, `merge`, and
two devices driven through the command line for weeks, synced as a sync tool would."""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result
from textual.pilot import Pilot
from tui_harness import SIZE, demo_app, person, settle, stored, until

from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Settings
from keepintouch.store.database import Store
from keepintouch.tui import KeepInTouchApp, make_app
from keepintouch.tui.widgets.people import PeopleList

TODAY = date(2026, 11, 23)

COPY_NAMES = {
    "Syncthing": "keepintouch.sync-conflict-20261123-101500-7QKXN2A.json",
    "Dropbox": "keepintouch (Ada's MacBook's conflicted copy 2026-11-23).json",
    "Nextcloud": "keepintouch (conflicted copy 2026-11-23 101500).json",
}


class Device:
    """One device's folder with the database, used through the command line."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / "keepintouch.json"
        self.runner = CliRunner()

    def run(self, *args: str, today: date = TODAY, ok: bool = True) -> Result:
        config = self.folder / "config.toml"
        result = self.runner.invoke(main, ["--db", str(self.db), "--config", str(config), "--today", today.isoformat(), *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    def network(self) -> Network:
        return Store(self.db, Clock(TODAY)).network()

    def records(self) -> dict[str, dict[str, object]]:
        """Every record and tombstone, by table and id (document ids and empty tables aside)."""
        doc = orjson.loads(self.db.read_bytes())
        return {name: {d["id"]: d for d in table.values()} for name, table in doc.items() if name != "_meta" and table}


@pytest.fixture
def laptop(tmp_path: Path) -> Device:
    device = Device(tmp_path / "laptop", "laptop")
    device.run("add", "Ada Lovelace", "--org", "Engines")
    return device


def copy_with_changes(device: Device, name: str, *args: str) -> Path:
    """A conflict copy as another device left it: our file, changed there by `args`."""
    other = Device(device.folder.parent / "elsewhere", "elsewhere")
    shutil.copyfile(device.db, other.db)
    other.run(*args)
    copy = device.folder / name
    shutil.copyfile(other.db, copy)
    return copy


@pytest.mark.parametrize("tool", COPY_NAMES)
def test_a_conflict_copy_is_merged_at_the_next_command_and_moved_aside(laptop: Device, tool: str) -> None:
    copy = copy_with_changes(laptop, COPY_NAMES[tool], "log", "Ada Lovelace", "--note", "Coffee at the museum")
    result = laptop.run("edit", "Ada Lovelace", "--role", "Analyst")  # merges first, then edits
    assert result.stderr == "Merged 1 touch from a copy made by another device.\n"
    assert result.stdout == "Saved Ada Lovelace.\n"
    assert not copy.exists() and (laptop.folder / "merged" / copy.name).is_file()
    network = laptop.network()
    assert [t.note for t in network.touches] == ["Coffee at the museum"]
    assert (network.contacts[0].org, network.contacts[0].role) == ("Engines", "Analyst")
    assert laptop.run("list").stderr == ""  # merged once, not again


def test_a_merge_takes_a_backup_first(laptop: Device) -> None:
    before = laptop.db.read_bytes()
    copy_with_changes(laptop, COPY_NAMES["Syncthing"], "add", "Grace Hopper")
    laptop.run("list", today=TODAY + timedelta(days=1))
    backups = sorted((laptop.folder / "backups").iterdir())
    assert backups and backups[-1].read_bytes() == before
    assert sorted(c.name for c in laptop.network().contacts) == ["Ada Lovelace", "Grace Hopper"]


def test_a_copy_that_is_not_a_database_is_reported_and_left_alone(laptop: Device) -> None:
    copy = laptop.folder / COPY_NAMES["Dropbox"]
    copy.write_bytes(b"{half a file")
    before = laptop.db.read_bytes()
    result = laptop.run("list")
    assert "Ada Lovelace" in result.stdout
    (line,) = result.stderr.splitlines()
    assert str(copy) in line and "was not merged" in line and "left as it is" in line
    assert copy.read_bytes() == b"{half a file" and laptop.db.read_bytes() == before
    assert not (laptop.folder / "merged").exists()


def test_merge_command_and_its_dry_run(laptop: Device, tmp_path: Path) -> None:
    other = Device(tmp_path / "mail", "mail")
    shutil.copyfile(laptop.db, other.db)
    other.run("add", "Grace Hopper")
    other.run("edit", "Ada Lovelace", "--tag", "math")
    before = laptop.db.read_bytes()
    dry = laptop.run("merge", "--dry-run", str(other.db))
    assert dry.stdout == f"Would merge 2 people from {other.db}.\n"
    assert laptop.db.read_bytes() == before
    done = laptop.run("merge", str(other.db))
    assert done.stdout == f"Merged 2 people from {other.db}.\n"
    assert laptop.records() == other.records()
    again = laptop.run("merge", str(other.db))
    assert again.stdout == f"Nothing new in {other.db}; you already have all of it.\n"
    assert other.db.is_file()  # the given file is never moved or changed


def test_merge_command_refuses_what_it_cannot_read(laptop: Device, tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('["not", "a", "database"]')
    before = laptop.db.read_bytes()
    result = laptop.run("merge", str(bad), str(tmp_path / "missing.json"), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all("was not merged" in line for line in lines)
    assert laptop.db.read_bytes() == before and bad.read_text() == '["not", "a", "database"]'


async def test_the_app_says_what_came_in_when_it_opens(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json", Clock(TODAY))
    app = make_app(store, Clock(TODAY), Settings(), tmp_path / "config.toml", notes=["Merged 1 touch from a copy."])
    shown: list[str] = []
    app.notify = lambda message, **kwargs: shown.append(message)  # type: ignore[method-assign,assignment]
    async with app.run_test():
        assert shown == ["Merged 1 touch from a copy."]


# --------------------------------------------------------------------------
# Two devices over weeks


class SyncTool:
    """Syncs one file between two folders the way Syncthing, Dropbox or Nextcloud do: a file
    changed on one side only is copied over; changed on both, one version wins and the other
    is left beside it on both sides as a conflict copy."""

    def __init__(self, a: Device, b: Device) -> None:
        self.a, self.b = a, b
        self.last = a.db.read_bytes()
        self.conflicts = 0

    def sync(self, rng: random.Random) -> None:
        a, b = self.a.db.read_bytes(), self.b.db.read_bytes()
        if a == b:
            self.last = a
            return
        if b == self.last:
            self.b.db.write_bytes(a)
        elif a == self.last:
            self.a.db.write_bytes(b)
        else:
            self.conflicts += 1
            kept, lost = (a, b) if rng.random() < 0.5 else (b, a)
            n = self.conflicts
            name = [
                f"keepintouch.sync-conflict-20261123-{n:06d}-7QKXN2A.json",
                f"keepintouch (Ada's MacBook's conflicted copy 2026-11-23 {n}).json",
                f"keepintouch (conflicted copy 2026-11-23 {n:06d}).json",
            ][n % 3]
            for device in (self.a, self.b):
                device.db.write_bytes(kept)
                (device.folder / name).write_bytes(lost)
        self.last = self.a.db.read_bytes()


def random_edit(device: Device, rng: random.Random, day: date, n: int, touches: set[str]) -> None:
    names = [c.name for c in device.network().contacts]
    choice = rng.random()
    if not names or choice < 0.2:
        device.run("add", f"{device.name.title()} {day.day}-{n}", today=day)
        return
    name = rng.choice(names)
    if choice < 0.6:
        note = f"{device.name} {day} {n}"
        device.run("log", name, "--note", note, today=day)
        touches.add(note)
    elif choice < 0.75:
        device.run("edit", name, "--org", rng.choice(["Acme", "Bureau", "Studio"]), today=day)
    elif choice < 0.9:
        device.run("edit", name, "--tag", rng.choice(["math", "music", "old friend"]), today=day)
    else:
        device.run("edit", name, "--rhythm", rng.choice(["monthly", "quarterly", "none"]), today=day)


@pytest.mark.parametrize("seed", [1, 2])
def test_two_devices_converge_with_nothing_lost(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    laptop, desktop = Device(tmp_path / "laptop", "laptop"), Device(tmp_path / "desktop", "desktop")
    laptop.run("add", "Ada Lovelace")
    shutil.copyfile(laptop.db, desktop.db)
    tool = SyncTool(laptop, desktop)
    touches: set[str] = set()
    people: set[str] = {"Ada Lovelace"}
    day = TODAY
    for _ in range(12):
        day += timedelta(days=1)
        for n in range(rng.randint(0, 3)):
            device = rng.choice([laptop, desktop])
            random_edit(device, rng, day, n, touches)
            people.update(c.name for c in device.network().contacts)
        if rng.random() < 0.5:
            tool.sync(rng)
    for _ in range(3):  # the devices come online, each command merging what it finds, and sync
        laptop.run("list", today=day)
        desktop.run("list", today=day)
        tool.sync(rng)
    assert tool.conflicts > 0
    assert laptop.records() == desktop.records()
    network = laptop.network()
    assert {t.note for t in network.touches} == touches
    assert {c.name for c in network.contacts} == people
    assert not [p for p in laptop.folder.iterdir() if "conflict" in p.name]
    assert isinstance(network.contacts[0], Contact)


def test_opening_the_app_hands_what_came_in_to_the_app(laptop: Device, monkeypatch: pytest.MonkeyPatch) -> None:
    import keepintouch.cli.app_commands as app_commands

    opened: list[list[str] | None] = []
    monkeypatch.setattr(app_commands, "_open", lambda *args: opened.append(args[4]))
    copy_with_changes(laptop, COPY_NAMES["Nextcloud"], "add", "Grace Hopper")
    result = laptop.run()
    assert opened == [["Merged 1 person from a copy made by another device."]]
    assert result.stderr == ""  # the app shows it; nothing is printed under it


# --------------------------------------------------------------------------
# Copies that appear while the app is open


def drop_copy(folder: Path, name: str, content: bytes) -> Path:
    """Put a conflict copy beside the database at once, as a sync tool does (write aside, rename)."""
    partial = folder / f".{name}.part"
    partial.write_bytes(content)
    copy = folder / name
    os.replace(partial, copy)
    return copy


def app_with_notices(folder: Path) -> tuple[KeepInTouchApp, list[str]]:
    app = demo_app(folder)
    shown: list[str] = []
    app.notify = lambda message, **kwargs: shown.append(message)  # type: ignore[method-assign,assignment]
    return app, shown


async def polled(pilot: Pilot) -> None:
    """One look for outside changes, as the app's timer makes every `POLL_SECONDS`, finished."""
    app = pilot.app
    assert isinstance(app, KeepInTouchApp)
    app._poll()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_conflict_copy_that_appears_while_the_app_is_open_is_merged(tmp_path: Path) -> None:
    app, shown = app_with_notices(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        shutil.copyfile(tmp_path / "db.json", elsewhere / "db.json")
        other = Store(elsewhere / "db.json", Clock(TODAY + timedelta(days=1)))  # its changes are the later ones
        with other.transaction() as tx:
            tx.put(Contact(name="Grace Hopper"))
            tx.put(dataclasses.replace(person(tx.network(), "Julia Nowak"), org="Analytical Engines"))
        copy = drop_copy(tmp_path, "db.sync-conflict-20261123-101500-7QKXN2A.json", (elsewhere / "db.json").read_bytes())
        app._poll()
        people = app.query_one(PeopleList)
        await until(pilot, lambda: "Grace Hopper" in [c.name for c in people.rows], "Grace from the copy in the People list")
        assert person(app.network, "Julia Nowak").org == "Analytical Engines"
        assert shown == ["Merged 2 people from a copy made by another device."]
        assert not copy.exists() and (tmp_path / "merged" / copy.name).is_file()
        await pilot.press("x")  # a write after the merge keeps what came in
        await settle(pilot)
    network = stored(tmp_path)
    assert person(network, "Julia Nowak").org == "Analytical Engines"
    assert "Grace Hopper" in [c.name for c in network.contacts]
    assert len(shown) == 1  # merged once, then gone


async def test_an_unreadable_copy_is_reported_once_and_tried_again_when_it_changes(tmp_path: Path) -> None:
    app, shown = app_with_notices(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        whole = (tmp_path / "db.json").read_bytes()
        name = "db (conflicted copy 2026-11-23 101500).json"
        copy = drop_copy(tmp_path, name, b"{half a file")
        for _ in range(4):
            await polled(pilot)
        (line,) = shown
        assert line.startswith(str(copy)) and "was not merged" in line and "left as it is" in line
        assert copy.read_bytes() == b"{half a file" and (tmp_path / "db.json").read_bytes() == whole
        drop_copy(tmp_path, name, whole)  # the sync tool finished the file: it is read again
        await polled(pilot)
        assert shown[1:] == ["Nothing new in a copy made by another device; you already have all of it."]
        assert not copy.exists() and (tmp_path / "merged" / name).is_file()


def test_a_store_tries_and_reports_each_copy_it_leaves_alone_once(laptop: Device) -> None:
    store = Store(laptop.db, Clock(TODAY))
    (laptop.folder / "merged").write_text("in the way")  # copies cannot be moved aside
    kept = copy_with_changes(laptop, COPY_NAMES["Syncthing"], "add", "Grace Hopper")
    junk = laptop.folder / COPY_NAMES["Nextcloud"]
    junk.write_bytes(b"{half a file")
    first = store.merge_conflict_copies()
    assert first[0] == "Merged 1 person from a copy made by another device."
    assert [line.split(" was ")[0] for line in first[1:]] == [str(junk), str(kept)]
    assert "could not be moved" in first[2] and "left as it is" in first[1]
    before = laptop.db.read_bytes()
    assert store.merge_conflict_copies() == []  # neither merged nor said again
    assert laptop.db.read_bytes() == before
    junk.write_bytes(b"{still half a file")
    (again,) = store.merge_conflict_copies()  # a changed copy is read again
    assert again.startswith(str(junk)) and "left as it is" in again


# --------------------------------------------------------------------------
# Merging a JSON export


def test_merge_takes_a_json_export_later_change_winning_with_nothing_lost(laptop: Device, tmp_path: Path) -> None:
    day = [TODAY + timedelta(days=n) for n in range(5)]
    laptop.run("add", "Grace Hopper")
    laptop.run("add", "Charles Babbage")
    desktop = Device(tmp_path / "desktop", "desktop")
    shutil.copyfile(laptop.db, desktop.db)  # one network, then edited on both devices
    desktop.run("edit", "Ada Lovelace", "--org", "Analytical Engines", today=day[1])
    desktop.run("add", "Mary Somerville", today=day[1])
    desktop.run("log", "Grace Hopper", "--note", "Coffee", today=day[1])
    laptop.run("edit", "Ada Lovelace", "--role", "Analyst", today=day[2])
    laptop.run("edit", "Charles Babbage", "--org", "Difference", today=day[2])
    laptop.run("add", "Hedy Lamarr", today=day[2])
    desktop.run("edit", "Charles Babbage", "--tag", "math", today=day[3])
    export = tmp_path / "desktop.json"
    desktop.run("export", "json", "-o", str(export), today=day[3])
    before = laptop.db.read_bytes()

    assert laptop.run("merge", "--dry-run", str(export), today=day[4]).stdout.startswith("Would merge ")
    assert laptop.db.read_bytes() == before
    done = laptop.run("merge", str(export), today=day[4])
    assert done.stdout == f"Merged 3 people and 1 touch from {export}.\n"
    network = laptop.network()
    people = {c.name: c for c in network.contacts}
    assert sorted(people) == ["Ada Lovelace", "Charles Babbage", "Grace Hopper", "Hedy Lamarr", "Mary Somerville"]
    # Ada: each side changed another field; our field stamps say which is later.
    assert (people["Ada Lovelace"].org, people["Ada Lovelace"].role) == ("Analytical Engines", "Analyst")
    # Charles: the export only knows his record changed on day 3, after our day-2 edit: its version wins
    # whole, and the organisation it replaced is in the backup made before the merge.
    assert (people["Charles Babbage"].org, people["Charles Babbage"].tags) == ("", ["math"])
    backup = sorted((laptop.folder / "backups").iterdir())[-1]
    assert backup.read_bytes() == before and b'"Difference"' in before
    assert [t.note for t in network.touches] == ["Coffee"]
    assert export.read_text().startswith("{")  # the given file is never changed
    again = laptop.run("merge", str(export), today=day[4])
    assert again.stdout == f"Nothing new in {export}; you already have all of it.\n"


@pytest.mark.parametrize(
    "content",
    [
        '{"people": [{"name": "Ada"}]}',  # some other program's JSON
        '{"format": "keepintouch", "version": 99, "contacts": []}',  # from a newer keepintouch
        '{"format": "keepintouch", "version": 1, "touches": [{"id": "t", "contact_id": "x", "date": "soon"}]}',  # edited by hand
    ],
)
def test_merge_refuses_json_that_is_no_export_in_one_line(laptop: Device, tmp_path: Path, content: str) -> None:
    other = tmp_path / "other.json"
    other.write_text(content)
    before = laptop.db.read_bytes()
    result = laptop.run("merge", str(other), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {other} was not merged (") and line.endswith("; it was left as it is.")
    assert laptop.db.read_bytes() == before and other.read_text() == content
