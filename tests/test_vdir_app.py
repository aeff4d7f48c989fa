"""The app syncs with the config's vdir when it starts, and after each change that reaches a card."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input
from tui_harness import SIZE, TODAY, demo_app, settle, stored, type_text, until

from keepintouch.actions.people import PersonChange, edit_person
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Settings
from keepintouch.interchange.vdir import STATE_NAME
from keepintouch.store.database import Store
from keepintouch.tui.app import KeepInTouchApp


async def test_the_app_syncs_with_the_vdir_when_it_starts(tmp_path: Path) -> None:
    vdir = tmp_path / "contacts"
    vdir.mkdir()
    (vdir / "phone.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:p1\r\nFN:Zoe Phone\r\nEND:VCARD\r\n")
    app = demo_app(tmp_path, Settings(vdir=str(vdir)))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the sync state written")
        await settle(pilot)
        network = stored(tmp_path)
        zoe = next(c for c in network.contacts if c.name == "Zoe Phone")
        assert zoe.rhythm == "none"
        active = [c for c in network.contacts if not c.archived]
        assert len(cards_under(vdir)) == len(active)


async def test_no_vdir_in_the_config_writes_no_folder(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not cards_under(tmp_path)


def cards_under(folder: Path) -> list[Path]:
    return list(folder.rglob("*.vcf"))


def card_text(vdir: Path, name: str) -> str:
    return next((t for p in vdir.glob("*.vcf") if f"FN:{name}\r\n" in (t := p.read_bytes().decode())), "")


async def synced_app(tmp_path: Path) -> tuple[KeepInTouchApp, Path]:
    vdir = tmp_path / "contacts"
    vdir.mkdir()
    return demo_app(tmp_path, Settings(vdir=str(vdir))), vdir


async def test_an_edit_in_the_app_reaches_its_card_and_a_logged_touch_touches_no_card(tmp_path: Path) -> None:
    app, vdir = await synced_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the first sync written")
        await settle(pilot)
        before = {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()}
        await pilot.press("l")
        await type_text(pilot, "Coffee on Friday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()} == before
        name = app.selected.name  # type: ignore[union-attr]
        await pilot.press("e")
        app.screen.query_one("#person-role", Input).value = "Head of Coffee"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "TITLE:Head of Coffee\r\n" in card_text(vdir, name), "the card rewritten")
        await settle(pilot)
        assert app.query_one("TopBar").status == "Address book synced"  # type: ignore[attr-defined]


async def test_changes_in_quick_succession_all_reach_their_cards(tmp_path: Path) -> None:
    """One sync at a time: a change saved while a sync runs is synced right after it."""
    app, vdir = await synced_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the first sync written")
        people = [c for c in app.network.contacts if not c.archived][:3]
        for n, contact in enumerate(people):
            change = PersonChange(set={"org": f"Org {n}"})
            app.write(lambda network, c=contact, ch=change: edit_person(network, app.moment, c.id, ch))
        await until(
            pilot,
            lambda: all(f"ORG:Org {n}\r\n" in card_text(vdir, c.name) for n, c in enumerate(people)),
            "every card rewritten",
        )
        await settle(pilot)


async def test_a_card_vdirsyncer_brings_while_the_app_is_open_comes_in_and_then_all_rests(tmp_path: Path) -> None:
    app, vdir = await synced_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the first sync written")
        await settle(pilot)
        app._poll()  # after our own writes: one more look, which finds nothing to do
        await until(pilot, lambda: not app.workers, "the look over")
        temp = vdir / ".new.vcf.tmp"
        temp.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-9\r\nFN:Nia Brooks\r\nEND:VCARD\r\n")
        temp.rename(vdir / "phone-9.vcf")  # as vdirsyncer writes: a new file renamed into place
        app._poll()
        await until(pilot, lambda: any(c.name == "Nia Brooks" for c in stored(tmp_path).contacts), "the card taken in")
        await until(pilot, lambda: not app.workers, "the sync over")
        await settle(pilot)
        before = {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()}
        for _ in range(3):
            app._poll()
            await until(pilot, lambda: not app.workers, "the look over")
            await settle(pilot)
        assert {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()} == before
        assert sum(c.name == "Nia Brooks" for c in stored(tmp_path).contacts) == 1


async def test_what_a_conflict_copy_brings_while_the_app_is_open_reaches_the_cards(tmp_path: Path) -> None:
    app, vdir = await synced_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, (vdir / STATE_NAME).exists, "the first sync written")
        await until(pilot, lambda: not app.workers, "the first sync over")
        app._poll()  # the look after our own writes, so that the folder itself is in step
        await until(pilot, lambda: not app.workers, "the look over")
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        shutil.copyfile(tmp_path / "db.json", elsewhere / "db.json")
        other = Store(elsewhere / "db.json", Clock(TODAY + timedelta(days=1)))  # the other device's change is later
        with other.transaction() as tx:
            julia = next(c for c in tx.network().contacts if c.name == "Julia Nowak")
            tx.put(dataclasses.replace(julia, org="Analytical Engines"))
        copy = tmp_path / "db.sync-conflict-20261123-101500-7QKXN2A.json"
        copy.write_bytes((elsewhere / "db.json").read_bytes())
        app._poll()
        await until(pilot, lambda: "ORG:Analytical Engines\r\n" in card_text(vdir, "Julia Nowak"), "Julia's card rewritten")
        await until(pilot, lambda: not app.workers, "the sync over")


async def test_the_app_waits_for_a_command_syncing_the_same_folder_then_lets_go_of_it(tmp_path: Path) -> None:
    from keepintouch.interchange.vdir import LOCK_NAME
    from keepintouch.store.json_file import FileLock

    app, vdir = await synced_app(tmp_path)
    other = FileLock(vdir / LOCK_NAME)
    other.acquire()  # a command is syncing the folder as the app opens
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert not (vdir / STATE_NAME).exists()
        other.release()
        await until(pilot, (vdir / STATE_NAME).exists, "the sync done once the folder was free")
        await until(pilot, lambda: not app.workers, "the sync over")
        await settle(pilot)
        assert other.try_acquire()  # the app let go of it
        other.release()
