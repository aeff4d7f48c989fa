"""`keepintouch export` through click's runner, and reading each export back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
from test_import_cli import GOOD, TODAY, Kit, fixture

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Day, Occasion, PartialDate, Pause, Promise, Touch
from keepintouch.store.database import Store

CONTACT_FIELDS = ("name", "org", "role", "met", "tags", "emails", "phones", "urls", "handles", "topics", "notes")


def seeded(tmp_path: Path) -> Kit:
    """A database with a little of everything, written through the store."""
    kit = Kit(tmp_path)
    ann = Contact(name="Ann Lee", org="Lee & Co", rhythm="monthly", first_due=TODAY, tags=["work"], id="ann000000001")
    bob = Contact(name="Bob Roe", emails=["bob@roe.example"], handles={"mastodon": "@bob@roe.social"}, id="bob000000002")
    old = Contact(name="Old Friend", archived=True, id="old000000003")
    with Store(kit.db, Clock(TODAY)).transaction() as tx:
        tx.put_many([ann, bob, old])
        tx.put_many(
            [
                Occasion(contact_id=ann.id, kind="birthday", when=PartialDate(2, 29), id="occ000000001"),
                Occasion(contact_id=bob.id, kind="birthday", when=PartialDate(7, 4, 1980), id="occ000000002"),
                Occasion(contact_id=bob.id, kind="anniversary", when=PartialDate(9, 1, 2015), label="Joined Roe Ltd", id="occ000000003"),
                Occasion(contact_id=old.id, kind="birthday", when=PartialDate(1, 1), id="occ000000004"),
            ]
        )
        tx.put_many(
            [
                Promise(contact_id=bob.id, text="send the paper", due=date(2026, 11, 30), id="pro000000001"),
                Promise(contact_id=bob.id, text="done already", due=date(2026, 11, 30), done=True, id="pro000000002"),
            ]
        )
        tx.put(Touch(contact_id=bob.id, date=date(2026, 10, 1), kind="coffee", id="tou000000001"))
        tx.put(Pause(start=date(2026, 1, 1), until=date(2026, 1, 15), id="pau000000001"))
        tx.put(Day(date=date(2026, 11, 20), energy="low", id="day000000001"))
    return kit


def test_ics_holds_yearly_dates_open_promises_and_planned_touches_with_stable_uids(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    text = kit.run("export", "ics").stdout
    calendar = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "birthday-occ000000001@keepintouch",
        "birthday-occ000000002@keepintouch",
        "anniversary-occ000000003@keepintouch",
        "promise-pro000000001@keepintouch",
        "touch-ann000000001@keepintouch",
    }
    leap = events["birthday-occ000000001@keepintouch"]
    assert leap.decoded("DTSTART") == date(2000, 2, 29)  # the reference leap year: no year known
    assert leap.decoded("DTEND") == date(2000, 3, 1)
    assert dict(leap["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    bob = events["birthday-occ000000002@keepintouch"]
    assert bob.decoded("DTSTART") == date(1980, 7, 4) and dict(bob["RRULE"]) == {"FREQ": ["YEARLY"]}
    assert str(bob["SUMMARY"]) == "Birthday: Bob Roe"
    assert str(events["anniversary-occ000000003@keepintouch"]["SUMMARY"]) == "Anniversary: Bob Roe (Joined Roe Ltd)"
    promise = events["promise-pro000000001@keepintouch"]
    assert promise.decoded("DTSTART") == date(2026, 11, 30) and "send the paper" in str(promise["SUMMARY"])
    touch = events["touch-ann000000001@keepintouch"]
    assert touch.decoded("DTSTART") == TODAY and "Ann Lee" in str(touch["SUMMARY"])
    assert kit.run("export", "ics").stdout == text  # same day, same calendar


def test_json_export_has_the_documented_shape_and_restores_the_database(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    out = tmp_path / "backup.json"
    assert kit.run("export", "json", "-o", str(out)).stdout.strip() == f"Exported 3 people to {out}."
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["format", "version", "exported", "contacts", "touches", "promises", "occasions", "pauses", "days"]
    assert (data["format"], data["version"], data["exported"]) == ("keepintouch", 1, "2026-11-23T12:00:00+00:00")
    copy = Kit(tmp_path, "copy.json")
    assert copy.run("import", str(out)).stdout.strip() == (
        "Imported 3 people: 3 new, 0 merged; added 1 day, 4 occasions, 1 pause, 2 promises, 1 touch."
    )
    original, restored = kit.network(), copy.network()
    for table in ("contacts", "touches", "promises", "occasions", "pauses", "days"):
        # A restore brings the records back as they were, `updated` stamps included.
        assert [r.to_dict() for r in getattr(restored, table)] == [r.to_dict() for r in getattr(original, table)], table
    before = copy.snapshot()
    assert "0 new, 0 merged, 3 unchanged" in copy.run("import", str(out)).stdout
    assert copy.snapshot() == before


def test_vcard_export_imports_back_into_an_empty_database(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("import", *fixture(*GOOD, "linkedin.csv", "google.csv"), "--tag", "x", code=2)
    text = kit.run("export", "vcard").stdout
    assert text.count("BEGIN:VCARD") == 17 and "VERSION:4.0" in text
    card = tmp_path / "all.vcf"
    card.write_text(text, encoding="utf-8")
    copy = Kit(tmp_path, "copy.json")
    copy.run("import", str(card))
    project = lambda kit: {c.id: {f: getattr(c, f) for f in CONTACT_FIELDS} for c in kit.network().contacts}  # noqa: E731
    assert project(copy) == project(kit)
    dates = lambda kit: {(o.contact_id, o.kind, o.when, o.label) for o in kit.network().occasions}  # noqa: E731
    assert dates(copy) == dates(kit)


def test_export_to_a_file_is_atomic_and_an_unwritable_path_fails_cleanly(tmp_path: Path) -> None:
    kit = seeded(tmp_path)
    out = tmp_path / "people.vcf"
    out.write_text("old", encoding="utf-8")
    kit.run("export", "vcard", "-o", str(out))
    assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = kit.run("export", "json", "-o", str(blocker / "x.json"), code=1)
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1


def test_exporting_an_empty_or_missing_database_works(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    assert kit.run("export", "vcard").stdout == ""
    assert json.loads(kit.run("export", "json").stdout)["contacts"] == []
    assert icalendar.Calendar.from_ical(kit.run("export", "ics").stdout).walk("VEVENT") == []
    assert not kit.db.exists()
