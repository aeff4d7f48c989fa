"""`keepintouch vdir-sync`: a vdirsyncer-style round trip through a folder of cards."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact
from keepintouch.interchange.vdir import STATE_NAME
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)


class Kit:
    """A database, a vdir beside it, and the command run at a fixed date."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.db = tmp_path / "db.json"
        self.vdir = tmp_path / "contacts"
        self.vdir.mkdir()

    def run(self, *args: str, code: int = 0, today: date = TODAY) -> Result:
        result = CliRunner().invoke(
            main, ["--db", str(self.db), "--config", str(self.tmp / "c.toml"), "--today", today.isoformat(), *args]
        )
        assert result.exit_code == code, (result.output, result.exception)
        return result

    def sync(self) -> Result:
        return self.run("vdir-sync", str(self.vdir))

    def people(self) -> dict[str, Contact]:
        return {c.name: c for c in Store(self.db, Clock(TODAY)).network().contacts}

    def cards(self) -> dict[str, str]:
        return {p.name: p.read_bytes().decode() for p in sorted(self.vdir.glob("*.vcf"))}

    def card_of(self, name: str) -> Path:
        return next(p for p in self.vdir.glob("*.vcf") if f"FN:{name}\r\n" in p.read_bytes().decode())

    def mtimes(self) -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in self.vdir.iterdir()}


def phone_edit(path: Path, old: str, new: str) -> None:
    """Change a card as a phone would: rewrite the file, its mtime a little later."""
    text = path.read_bytes().decode()
    assert old in text
    path.write_text(text.replace(old, new), "utf-8", newline="")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def setup(tmp_path: Path) -> Kit:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", "--org", "Analytical", "--rhythm", "monthly")
    kit.run("add", "Grace Hopper", "--org", "Navy")
    (kit.vdir / "from-phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Bo Yang\r\nN:Yang;Bo;;;\r\nTEL;TYPE=CELL:+1 555 0100\r\n"
        "X-PHONETIC-FIRST-NAME:Boh\r\nEND:VCARD\r\n",
        "utf-8",
        newline="",
    )
    kit.sync()
    return kit


def test_first_sync_writes_one_card_per_person_and_takes_in_unknown_cards(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    people = kit.people()
    assert set(people) == {"Ada Lovelace", "Grace Hopper", "Bo Yang"}
    assert people["Bo Yang"].rhythm == "none"
    assert people["Bo Yang"].phones == ["+1 555 0100"]
    ada = kit.vdir / f"contact-{people['Ada Lovelace'].id}@keepintouch.vcf"
    assert "ORG:Analytical\r\n" in ada.read_bytes().decode()
    assert len(kit.cards()) == 3
    assert (kit.vdir / STATE_NAME).exists()


def test_what_only_keepintouch_knows_never_leaves_the_database(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", "--rhythm", "monthly", "--met", "private thought", "--ask-about", "the move")
    kit.sync()
    (text,) = kit.cards().values()
    assert "private thought" not in text
    assert "monthly" not in text
    assert "the move" not in text


def test_a_second_sync_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    before = kit.mtimes()
    result = kit.sync()
    assert kit.mtimes() == before
    assert "nothing changed" in result.output


def test_a_card_edited_on_the_phone_reaches_the_person(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    phone_edit(kit.card_of("Grace Hopper"), "ORG:Navy", "ORG:Yale")
    kit.sync()
    assert kit.people()["Grace Hopper"].org == "Yale"
    before = kit.mtimes()
    kit.sync()
    assert kit.mtimes() == before


def test_an_edit_here_rewrites_only_that_card(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    before = kit.cards()
    kit.run("edit", "Ada Lovelace", "--org", "Babbage & Co")
    kit.sync()
    after = kit.cards()
    changed = [name for name in after if after[name] != before[name]]
    assert changed == [kit.card_of("Ada Lovelace").name]
    assert "ORG:Babbage & Co\r\n" in after[changed[0]]


def test_a_deleted_card_archives_the_person_and_keeps_what_we_know(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    kit.run("edit", "Grace Hopper", "--met", "at the conference")
    kit.sync()
    kit.card_of("Grace Hopper").unlink()
    kit.sync()
    grace = kit.people()["Grace Hopper"]
    assert grace.archived
    assert grace.met == "at the conference"
    assert len(kit.cards()) == 2


def test_unknown_properties_survive_a_rewrite(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    kit.run("edit", "Bo Yang", "--org", "Acme")
    kit.sync()
    text = (kit.vdir / "from-phone.vcf").read_bytes().decode()
    assert "ORG:Acme\r\n" in text
    assert "X-PHONETIC-FIRST-NAME:Boh\r\n" in text


def test_a_conflict_keeps_both_values(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    kit.run("edit", "Grace Hopper", "--org", "Harvard")
    phone_edit(kit.card_of("Grace Hopper"), "ORG:Navy", "ORG:Yale")
    result = kit.sync()
    grace = kit.people()["Grace Hopper"]
    assert grace.org == "Yale"  # the card's change is newer (its mtime)
    assert "org was Harvard" in grace.notes
    assert "Kept both" in result.output


def test_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    kit.run("add", "Cy Twombly")
    before = kit.mtimes()
    result = kit.run("vdir-sync", str(kit.vdir), "--dry-run")
    assert "1 card written" in result.output
    assert kit.mtimes() == before


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    result = kit.run("vdir-sync", str(tmp_path / "nowhere"), code=1)
    assert "is not a folder" in result.output
    assert "Traceback" not in result.output


def test_a_card_for_someone_already_here_is_linked_not_doubled(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", "--email", "ada@example.org", "--rhythm", "monthly")
    (kit.vdir / "ada.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-ada\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\n"
        "ORG:Analytical\r\nEND:VCARD\r\n",
        "utf-8",
        newline="",
    )
    kit.sync()
    (ada,) = kit.people().values()
    assert ada.org == "Analytical"
    assert ada.rhythm == "monthly"
    assert ada.notes == ""
    assert list(kit.cards()) == ["ada.vcf"]


def test_a_photo_survives_a_rewrite_whole(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 60
    card = kit.vdir / "from-phone.vcf"
    text = card.read_bytes().decode()
    card.write_bytes(text.replace("END:VCARD", photo[:70] + "\r\n " + photo[70:] + "\r\nEND:VCARD").encode())
    kit.sync()
    kit.run("edit", "Bo Yang", "--org", "Acme")
    kit.sync()
    written = card.read_bytes().decode()
    assert "ORG:Acme" in written
    unfolded = written.replace("\r\n ", "")
    assert photo in unfolded


def test_a_card_without_a_name_is_left_alone_and_said(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    (kit.vdir / "blank.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nEND:VCARD\r\n")
    result = kit.sync()
    assert "1 card left as it is (not one person we can read: " in result.output
    assert (kit.vdir / "blank.vcf").read_bytes() == b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nEND:VCARD\r\n"


def test_a_conflict_the_person_wins_rewrites_the_card_and_keeps_the_cards_value(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    kit.run("edit", "Grace Hopper", "--org", "Harvard")
    card = kit.card_of("Grace Hopper")
    phone_edit(card, "ORG:Navy", "ORG:Yale")
    os.utime(card, (1_500_000_000, 1_500_000_000))  # an edit from 2017, older than ours
    kit.sync()
    grace = kit.people()["Grace Hopper"]
    assert grace.org == "Harvard"
    assert "From the address book on 2026-11-23: org was Yale" in grace.notes
    assert "ORG:Harvard\r\n" in card.read_bytes().decode()


def test_a_conflict_is_decided_by_when_that_field_changed(tmp_path: Path) -> None:
    """Grace's org changed here on the 24th, the card's on the 25th, her title here on the 26th:
    the card's org is newer, though Grace changed last."""
    kit = setup(tmp_path)
    kit.run("edit", "Grace Hopper", "--org", "Harvard", today=date(2026, 11, 24))
    kit.run("edit", "Grace Hopper", "--role", "Rear Admiral", today=date(2026, 11, 26))
    card = kit.card_of("Grace Hopper")
    phone_edit(card, "ORG:Navy", "ORG:Yale")
    on_the_25th = datetime(2026, 11, 25, 12, tzinfo=UTC).timestamp()
    os.utime(card, (on_the_25th, on_the_25th))
    kit.sync()
    grace = kit.people()["Grace Hopper"]
    assert (grace.org, grace.role) == ("Yale", "Rear Admiral")
    assert "Kept here on 2026-11-23: org was Harvard" in grace.notes
    assert "TITLE:Rear Admiral\r\n" in card.read_bytes().decode()


def test_the_store_tells_when_each_field_changed(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", today=date(2026, 11, 20))
    kit.run("edit", "Ada Lovelace", "--org", "Analytical", today=date(2026, 11, 22))
    store = Store(kit.db, Clock(TODAY))
    (ada,) = store.network().contacts
    assert store.changed_at(Contact, ada.id, "org") == datetime(2026, 11, 22, 12, tzinfo=UTC)
    assert store.changed_at(Contact, ada.id, "name") == datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert store.changed_at(Contact, "nobody", "org") is None


def test_a_file_with_several_cards_is_left_alone(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    two = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A B\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:C D\r\nEND:VCARD\r\n"
    (kit.vdir / "two.vcf").write_bytes(two)
    result = kit.sync()
    assert "1 card left as it is (not one person we can read: " in result.output
    assert (kit.vdir / "two.vcf").read_bytes() == two


def test_a_broken_state_file_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    (kit.vdir / STATE_NAME).write_text("{not json", "utf-8")
    before = kit.mtimes()
    result = kit.run("vdir-sync", str(kit.vdir), code=1)
    assert "move it away to sync from scratch" in result.output
    assert kit.mtimes() == before


def test_a_lost_state_file_links_the_cards_again_without_doubling_anyone(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    cards = kit.cards()
    (kit.vdir / STATE_NAME).unlink()
    kit.sync()
    assert sorted(kit.people()) == ["Ada Lovelace", "Bo Yang", "Grace Hopper"]
    assert kit.cards() == cards
    assert all(not p.notes for p in kit.people().values())


def test_without_a_folder_the_configs_vdir_is_synced(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace")
    (tmp_path / "c.toml").write_text(f'vdir = "{kit.vdir}"\n', "utf-8")
    kit.run("vdir-sync")
    assert len(kit.cards()) == 1


def test_without_a_folder_or_a_config_it_asks_which(tmp_path: Path) -> None:
    result = Kit(tmp_path).run("vdir-sync", code=1)
    assert "set vdir in the config" in result.output


RICH = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\nUID:phone-2\r\nN:Ito;Mei;;;\r\n"
    "FN:Mei Ito\r\nBDAY:1980-04-02\r\nCATEGORIES:myContacts,Friends\r\n"
    "item1.X-ABRELATEDNAMES:Ken Ito\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\nX-ANNIVERSARY:2010-06-01\r\n"
    "NOTE:Met at PyCon\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUJDRA==\r\nEND:VCARD\r\n"
)


def rich(tmp_path: Path) -> Kit:
    kit = Kit(tmp_path)
    (kit.vdir / "mei.vcf").write_text(RICH, "utf-8", newline="")
    kit.sync()
    return kit


def occasions(kit: Kit, name: str) -> dict[str, str]:
    network = Store(kit.db, Clock(TODAY)).network()
    (person,) = [c for c in network.contacts if c.name == name]
    return {o.kind: o.when.isoformat() for o in network.occasions if o.contact_id == person.id}


def test_tags_related_names_and_dates_come_in_with_a_card(tmp_path: Path) -> None:
    kit = rich(tmp_path)
    mei = kit.people()["Mei Ito"]
    assert (mei.tags, mei.related, mei.labels) == (["Friends"], ["Ken Ito"], {"Ken Ito": "spouse"})
    assert mei.notes == "Met at PyCon"  # taken in once, as an import does; never written back
    assert occasions(kit, "Mei Ito") == {"birthday": "1980-04-02", "anniversary": "2010-06-01"}


def test_tags_and_dates_set_here_reach_the_card_in_its_own_version_and_nothing_else_moves(tmp_path: Path) -> None:
    kit = rich(tmp_path)
    kit.run("edit", "Mei Ito", "--tag", "mentor", "--birthday", "--04-03", "--met", "private")
    kit.sync()
    written = (kit.vdir / "mei.vcf").read_bytes().decode()
    expected = RICH.replace("BDAY:1980-04-02", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-03")
    assert written == expected.replace("CATEGORIES:myContacts,Friends", "CATEGORIES:myContacts,Friends,mentor")
    before = kit.mtimes()
    kit.sync()
    assert kit.mtimes() == before


def test_a_birthday_changed_or_removed_on_the_phone_reaches_the_person(tmp_path: Path) -> None:
    kit = rich(tmp_path)
    card = kit.vdir / "mei.vcf"
    phone_edit(card, "BDAY:1980-04-02", "BDAY:1980-04-12")
    kit.sync()
    assert occasions(kit, "Mei Ito")["birthday"] == "1980-04-12"
    phone_edit(card, "BDAY:1980-04-12\r\n", "")
    phone_edit(card, "item1.X-ABRELATEDNAMES:Ken Ito\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\n", "")
    kit.sync()
    assert "birthday" not in occasions(kit, "Mei Ito")
    assert kit.people()["Mei Ito"].related == []


def test_a_birthday_changed_on_both_sides_keeps_both(tmp_path: Path) -> None:
    kit = rich(tmp_path)
    kit.run("edit", "Mei Ito", "--birthday", "1980-04-03")
    phone_edit(kit.vdir / "mei.vcf", "BDAY:1980-04-02", "BDAY:1980-04-12")
    result = kit.sync()
    assert occasions(kit, "Mei Ito")["birthday"] == "1980-04-12"  # the card changed later
    assert "Kept here on 2026-11-23: birthday was 1980-04-03" in kit.people()["Mei Ito"].notes
    assert "Kept both: Mei Ito: Kept here" in result.output


def test_a_new_card_holds_the_tags_related_names_and_dates(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("add", "Ada Lovelace", "--tag", "maths", "--birthday", "1815-12-10")
    kit.sync()
    (text,) = kit.cards().values()
    assert "\r\nCATEGORIES:maths\r\n" in text
    assert "\r\nBDAY:18151210\r\n" in text


def with_vdir(tmp_path: Path) -> Kit:
    kit = Kit(tmp_path)
    (tmp_path / "c.toml").write_text(f'vdir = "{kit.vdir}"\n', "utf-8")
    return kit


def test_with_a_vdir_in_the_config_a_change_reaches_its_card_at_once(tmp_path: Path) -> None:
    kit = with_vdir(tmp_path)
    result = CliRunner().invoke(
        main, ["--db", str(kit.db), "--config", str(tmp_path / "c.toml"), "--today", TODAY.isoformat(), "add", "Ada Lovelace"]
    )
    assert result.exit_code == 0
    assert result.stdout == "Added Ada Lovelace (monthly).\n"
    assert "Address book in step: 1 card written." in result.stderr
    kit.run("edit", "Ada Lovelace", "--org", "Analytical", "--birthday", "--12-10")
    text = kit.card_of("Ada Lovelace").read_bytes().decode()
    assert "\r\nORG:Analytical\r\n" in text and "\r\nBDAY:--1210\r\n" in text


def test_a_change_no_card_shows_does_not_touch_the_folder(tmp_path: Path) -> None:
    kit = with_vdir(tmp_path)
    kit.run("add", "Ada Lovelace")
    before = kit.mtimes()
    for args in (("snooze", "Ada Lovelace", "--for", "2w"), ("log", "Ada Lovelace", "--note", "coffee"), ("edit", "Ada Lovelace", "--rhythm", "weekly")):
        result = kit.run(*args)
        assert "Address book" not in result.output
    assert kit.mtimes() == before


def test_a_vdir_that_is_gone_is_said_and_the_change_is_kept(tmp_path: Path) -> None:
    kit = with_vdir(tmp_path)
    kit.vdir.rmdir()
    result = kit.run("add", "Ada Lovelace")
    assert "Address book not synced:" in result.stderr and "run vdir-sync to finish" in result.stderr
    assert "Ada Lovelace" in kit.people()


def test_archiving_here_leaves_the_card_on_the_phone(tmp_path: Path) -> None:
    """Archiving means "not in my rhythm any more", not "delete from my address book"."""
    kit = with_vdir(tmp_path)
    kit.run("add", "Ada Lovelace")
    kit.run("edit", "Ada Lovelace", "--archive")
    assert len(kit.cards()) == 1
    kit.run("edit", "Ada Lovelace", "--unarchive", "--org", "Analytical")
    assert "ORG:Analytical" in kit.card_of("Ada Lovelace").read_bytes().decode()


def test_a_vdirsyncer_round_trip_edit_add_delete_then_quiet(tmp_path: Path) -> None:
    """The phone edits one card, adds one and deletes one; vdirsyncer brings the folder in step; we sync."""
    kit = setup(tmp_path)
    phone_edit(kit.card_of("Grace Hopper"), "ORG:Navy", "ORG:Yale")
    kit.card_of("Ada Lovelace").unlink()
    (kit.vdir / "new-on-phone.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:77\r\nFN:Dee Ng\r\nBDAY:--0704\r\nEND:VCARD\r\n")
    result = kit.sync()
    assert "1 person taken in, 1 person updated, 1 person archived" in result.output
    people = kit.people()
    assert (people["Grace Hopper"].org, people["Ada Lovelace"].archived, people["Dee Ng"].rhythm) == ("Yale", True, "none")
    assert occasions(kit, "Dee Ng") == {"birthday": "--07-04"}
    before = kit.mtimes()
    assert "nothing changed" in kit.sync().output
    assert kit.mtimes() == before


def test_a_card_the_server_reformatted_changes_nothing(tmp_path: Path) -> None:
    """A CardDAV server may hand a card back refolded, reordered and with its own PRODID: no field changed."""
    kit = setup(tmp_path)
    card = kit.card_of("Grace Hopper")
    lines = card.read_bytes().decode().split("\r\n")
    body = [line for line in lines[2:] if line and not line.startswith("END:")]
    served = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//Nextcloud//Sabre VObject 4.5//EN", *reversed(body), "END:VCARD", ""]
    card.write_bytes("\r\n".join(served).encode())
    kit.sync()
    assert card.read_bytes().decode() == "\r\n".join(served)
    assert all(not p.notes for p in kit.people().values())
    before = kit.mtimes()
    kit.sync()
    assert kit.mtimes() == before


def test_a_linked_card_edited_into_something_unreadable_is_left_alone(tmp_path: Path) -> None:
    kit = setup(tmp_path)
    card = kit.card_of("Grace Hopper")
    phone_edit(card, "ORG:Navy\r\n", "ORG:Navy\r\nthis is no property\r\n")
    broken = card.read_bytes()
    kit.run("edit", "Grace Hopper", "--org", "Harvard")
    result = kit.sync()
    assert "1 card left as it is (not one person we can read: " in result.output
    assert card.read_bytes() == broken
    assert kit.people()["Grace Hopper"].org == "Harvard"
    phone_edit(card, "this is no property\r\n", "")  # mended on the phone: in step again
    kit.sync()
    assert "ORG:Harvard\r\n" in card.read_bytes().decode()


def test_a_card_as_the_last_sync_left_it_is_not_read_again(tmp_path: Path) -> None:
    """Unchanged name, mtime and size: the card is not read (as git and rsync tell unchanged files).
    Garbage of the same size with the old mtime shows it: nothing is taken from it."""
    kit = setup(tmp_path)
    card = kit.card_of("Grace Hopper")
    stat = card.stat()
    card.write_bytes(b"x" * stat.st_size)
    os.utime(card, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "nothing changed" in kit.sync().output
    phone_edit(card, "x" * 10, "y" * 10)  # now its mtime moved: read, and left alone as unreadable
    assert "1 card left as it is" in kit.sync().output
    assert kit.people()["Grace Hopper"].org == "Navy"


def test_the_demo_never_syncs_with_your_address_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Your config's vdir is yours: the demo's 26 invented people must not reach it."""
    import keepintouch.cli.app_commands as app_commands

    kit = with_vdir(tmp_path)
    config = tmp_path / "c.toml"
    config.write_text(config.read_text("utf-8") + "budget = 3\n", "utf-8")
    opened = []
    monkeypatch.setattr(app_commands, "_open", lambda store, clock, settings, config, *rest: opened.append(settings))
    kit.run("demo")
    (settings,) = opened
    assert settings.vdir == ""
    assert settings.budget == 3  # the rest of your settings stay
    assert list(kit.vdir.iterdir()) == []


def test_a_card_removed_while_the_sync_runs_is_left_for_the_next_one(tmp_path: Path) -> None:
    from keepintouch.actions.base import Moment
    from keepintouch.actions.vdir import sync_vdir
    from keepintouch.domain.model import Settings
    from keepintouch.interchange.vdir import read_folder

    kit = setup(tmp_path)
    phone_edit(kit.card_of("Grace Hopper"), "ORG:Navy", "ORG:Yale")
    folder = read_folder(kit.vdir)
    kit.card_of("Grace Hopper").unlink()  # after the folder was listed, before the card was read
    outcome, plan = sync_vdir(Store(kit.db, Clock(TODAY)).network(), Moment(TODAY, Settings()), folder)
    assert plan.skipped and not outcome.put and not plan.writes
    assert "archived" in kit.sync().output


def test_an_emptied_folder_archives_nobody_unless_you_say_so(tmp_path: Path) -> None:
    """An unmounted disk or a sync tool starting afresh leaves an empty folder: that must not archive everyone."""
    kit = setup(tmp_path)
    for card in kit.vdir.glob("*.vcf"):
        card.unlink()
    result = kit.run("vdir-sync", str(kit.vdir), code=1)
    assert "holds no card, though 3 people had one at the last sync" in result.output
    assert f"vdir-sync {kit.vdir} --emptied" in result.output
    assert not any(p.archived for p in kit.people().values())
    kit.run("add", "Cy Twombly")  # a change with the vdir set elsewhere: no harm either
    kit.run("vdir-sync", str(kit.vdir), "--emptied")
    people = kit.people()
    assert all(people[name].archived for name in ("Ada Lovelace", "Grace Hopper", "Bo Yang"))
    assert not people["Cy Twombly"].archived and len(kit.cards()) == 1


def test_a_group_card_in_the_folder_is_left_alone_not_taken_in(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    group = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Family\r\nN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nUID:g1\r\nEND:VCARD\r\n"
    (kit.vdir / "g1.vcf").write_bytes(group)
    assert "1 card left as it is" in kit.sync().output
    assert kit.people() == {}
    assert (kit.vdir / "g1.vcf").read_bytes() == group


def test_a_sync_waits_for_another_one_on_the_same_folder_and_says_so_when_it_gives_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app and a command may sync one folder at once: the second waits for the first's lock."""
    from keepintouch.interchange.vdir import LOCK_NAME
    from keepintouch.store.json_file import FileLock

    kit = setup(tmp_path)
    monkeypatch.setattr(FileLock, "TIMEOUT", 0.3)
    monkeypatch.setattr(FileLock, "NOTICE_AFTER", 0.1)
    other = FileLock(kit.vdir / LOCK_NAME)
    other.acquire()
    kit.run("edit", "Grace Hopper", "--org", "Harvard")
    before = kit.mtimes()
    result = kit.run("vdir-sync", str(kit.vdir), code=1)
    assert f"Waiting for another keepintouch to finish syncing {kit.vdir}" in result.stderr
    assert f"another keepintouch kept syncing {kit.vdir}; try again in a moment" in result.stderr
    assert kit.mtimes() == before
    (tmp_path / "c.toml").write_text(f'vdir = "{kit.vdir}"\n', "utf-8")
    result = kit.run("edit", "Grace Hopper", "--role", "Rear Admiral")  # the change is kept, the sync said
    assert "Address book not synced:" in result.stderr and kit.people()["Grace Hopper"].role == "Rear Admiral"
    other.release()
    kit.sync()
    assert "ORG:Harvard\r\nTITLE:Rear Admiral\r\n" in kit.card_of("Grace Hopper").read_bytes().decode()


def test_a_card_taken_in_keeps_its_dates_by_the_imports_rule(tmp_path: Path) -> None:
    """One birthday (a second, different one is left out), and a year-less date completed, not doubled."""
    kit = Kit(tmp_path)
    (kit.vdir / "lu.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:lu\r\nFN:Lu Wen\r\nBDAY:--0302\r\nBDAY:19900302\r\nBDAY:19910704\r\n"
        b"ANNIVERSARY:20150601\r\nEND:VCARD\r\n"
    )
    kit.sync()
    assert occasions(kit, "Lu Wen") == {"birthday": "1990-03-02", "anniversary": "2015-06-01"}
    network = Store(kit.db, Clock(TODAY)).network()
    assert len(network.occasions) == 2
    before = kit.mtimes()
    kit.sync()
    assert kit.mtimes() == before
