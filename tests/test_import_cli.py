"""`keepintouch import` through click's runner: what is stored, printed and left alone."""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)
FIXTURES = Path(__file__).parent / "fixtures" / "import"
KHARD = Path(__file__).parents[2] / "shared" / "corpus" / "vcards" / "khard"
GOOD = ["apple.vcf", "google.vcf", "outlook.vcf", "nextcloud.vcf", "n-without-fn.vcf"]


class Kit:
    """Runs commands against one database with a fixed date."""

    def __init__(self, tmp_path: Path, name: str = "db.json") -> None:
        self.tmp = tmp_path
        self.db = tmp_path / name
        self.runner = CliRunner()

    def run(self, *args: str, code: int = 0) -> Result:
        result = self.runner.invoke(
            main, ["--db", str(self.db), "--config", str(self.tmp / "config.toml"), "--today", TODAY.isoformat(), *args]
        )
        assert result.exit_code == code, (result.output, result.exception)
        return result

    def network(self) -> Network:
        return Store(self.db, Clock(TODAY)).network()

    def people(self) -> dict[str, Contact]:
        return {c.name: c for c in self.network().contacts}

    def snapshot(self) -> tuple[bytes, int, int] | None:
        if not self.db.exists():
            return None
        st = os.stat(self.db)
        return self.db.read_bytes(), st.st_ino, st.st_mtime_ns


def fixture(*names: str) -> list[str]:
    return [str(FIXTURES / n) for n in names]


def linkedin_csv(path: Path, rows: int) -> Path:
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    lines += [
        f'Pérson{i},Surname{i},https://www.linkedin.com/in/person-{i},{f"p{i}@example.com" if i % 3 == 0 else ""},'
        f'"Company {i % 300}, Inc.",Engineer,15 Mar 2021'
        for i in range(rows)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_every_exporter_shape_imports_with_its_dates(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    result = kit.run("import", *fixture(*GOOD))
    assert result.stdout.strip() == "Imported 9 people: 9 new, 0 merged; added 13 occasions."
    people = kit.people()
    assert set(people) >= {"Åsa Lindqvist", "Jürgen Müller", "Françoise Dupont", "Priya Raman", "Prof. Yuki Nakamura PhD"}
    assert {c.rhythm for c in people.values()} == {"none"}
    dates = {(o.contact_id, o.kind, o.when.isoformat(), o.label) for o in kit.network().occasions}
    asa = people["Åsa Lindqvist"].id
    assert {(k, w, lbl) for cid, k, w, lbl in dates if cid == asa} == {
        ("birthday", "--03-15", ""),
        ("anniversary", "2012-06-09", ""),
        ("custom", "2019-09-01", "Started at Nordlicht"),
    }


def test_broken_records_are_listed_the_rest_imported_and_the_exit_code_is_2(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    result = kit.run("import", *fixture("broken.vcf", "linkedin.csv", "google.csv"), code=2)
    assert f"skipped {FIXTURES / 'broken.vcf'}:6: line 9 is not a vCard property" in result.stderr
    assert f"skipped {FIXTURES / 'linkedin.csv'}:9: row has no name" in result.stderr
    assert f"skipped {FIXTURES / 'google.csv'}:8:" in result.stderr
    assert result.stdout.strip().endswith("5 skipped (see above); added 3 occasions.")
    people = kit.people()
    assert {"Good Before", "Good After", "Anna Kowalska", "李 雷", "Sofia Rossi"} <= set(people)
    assert people["Anna Kowalska"].met == "LinkedIn, connected 15 Mar 2021"
    assert people["Sofia Rossi"].tags == ["Architects", "Friends"]


def test_importing_the_same_files_twice_changes_nothing(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    files = fixture(*GOOD, "linkedin.csv", "google.csv")
    kit.run("import", *files, "--tag", "imported", code=2)
    before = kit.snapshot()
    result = kit.run("import", *files, "--tag", "imported", code=2)
    assert "0 new, 0 merged, 17 unchanged" in result.stdout
    assert kit.snapshot() == before  # not even rewritten


def test_people_met_again_in_another_format_are_merged(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("import", *fixture("linkedin.csv"), code=2)
    card = tmp_path / "anna.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna K.\r\nEMAIL:ANNA.KOWALSKA@example.pl\r\nTEL:+48 600 000 000\r\n"
        "BDAY:--05-05\r\nCATEGORIES:Law\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Björn\r\nURL:linkedin.com/in/Bjorn-Thorsson-1a2b3c/\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = kit.run("import", str(card), "--tag", "friends")
    assert result.stdout.strip() == "Imported 2 people: 0 new, 2 merged; added 1 occasion."
    anna = kit.people()["Anna Kowalska"]
    assert anna.phones == ["+48 600 000 000"] and anna.tags == ["Law", "friends"]
    assert anna.emails == ["anna.kowalska@example.pl"]


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    result = kit.run("import", "--dry-run", *fixture("linkedin.csv"), code=2)
    assert "add    Anna Kowalska" in result.stdout
    assert result.stdout.strip().endswith("Would import 5 people: 5 new, 0 merged, 1 skipped (see above).")
    assert not kit.db.exists()
    kit.run("import", *fixture("apple.vcf"))
    before = kit.snapshot()
    result = kit.run("import", "--dry-run", *fixture("apple.vcf", "google.vcf"))
    assert "add    Tomás Ferreira" in result.stdout and "Åsa" not in result.stdout
    assert kit.snapshot() == before


def test_an_unreadable_file_stops_the_import_and_changes_nothing(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    kit.run("import", *fixture("apple.vcf"))
    before = kit.snapshot()
    junk = tmp_path / "photo.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    for args in ([*fixture("google.vcf"), str(junk)], [*fixture("google.vcf"), str(tmp_path / "missing.vcf")], ["--format", "json", *fixture("google.vcf")]):
        result = kit.run("import", *args, code=1)
        assert result.stderr.count("\n") == 1 and "Nothing was imported" in result.stderr
        assert kit.snapshot() == before


def test_rhythm_and_tags_apply_to_new_people_and_first_dues_are_spread(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    csv = linkedin_csv(tmp_path / "Connections.csv", 40)
    kit.run("import", str(csv), "--rhythm", "monthly", "--tag", "linkedin", "--tag", "work")
    people = kit.network().contacts
    assert {c.rhythm for c in people} == {"monthly"}
    assert all(c.tags == ["linkedin", "work"] for c in people)
    per_day = Counter(c.first_due for c in people)
    assert min(per_day) == TODAY and max(per_day.values()) == 2  # the default daily budget
    kit.run("import", str(csv), "--rhythm", "weekly")
    assert {c.rhythm for c in kit.network().contacts} == {"monthly"}  # yours is kept


def test_a_bad_rhythm_is_refused(tmp_path: Path) -> None:
    result = Kit(tmp_path).run("import", "--rhythm", "sometimes", *fixture("apple.vcf"), code=2)
    assert "not a rhythm" in result.stderr


def test_5000_linkedin_connections_import_then_reimport_unchanged(tmp_path: Path) -> None:
    # Its speed is measured in bench/, not asserted here.
    kit = Kit(tmp_path)
    csv = linkedin_csv(tmp_path / "Connections.csv", 5000)
    result = kit.run("import", str(csv), "--rhythm", "monthly")
    assert result.stdout.strip() == "Imported 5000 people: 5000 new, 0 merged."
    assert "0 new, 0 merged, 5000 unchanged" in kit.run("import", str(csv)).stdout


@pytest.mark.skipif(not KHARD.is_dir(), reason="the shared corpus is not checked out beside the repo")
def test_khard_corpus_imports_with_names_intact_and_the_unparsable_card_reported(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    files = sorted(KHARD.glob("*.vcf"))
    result = kit.run("import", *map(str, files), code=2)
    (skipped,) = result.stderr.strip().splitlines()
    assert "unparsable.vcf:1:" in skipped
    names = set(kit.people())
    assert {"Wile E. Coyote", "Joe Citizen", "최유림", "전도훈", "Michael Smith", "text birthday"} <= names
    assert "second contact with minimal Vcard" not in names
    assert len(names) == len(files) - 1


def test_the_progress_bar_shows_only_for_big_imports_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from keepintouch.cli import transfer

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with transfer._progress(10) as step:
        assert step is None
    with transfer._progress(5000) as step:
        assert step is not None
        step(5000)
    assert "Importing" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with transfer._progress(5000) as step:
        assert step is None


NEW_SHAPES = [
    "outlook.csv",
    "google-outlook.csv",
    "linkedin-excel-de.csv",
    "google-excel-dk.csv",
    "linkedin-2018.csv",
    "typed.csv",
    "google-old.csv",
    "ios.vcf",
    "quirks.vcf",
]


def test_every_address_book_shape_imports_and_importing_it_twice_adds_nobody(tmp_path: Path) -> None:
    kit = Kit(tmp_path)
    files = fixture(*GOOD, "linkedin.csv", "google.csv", *NEW_SHAPES)
    result = kit.run("import", *files, code=2)  # the nameless rows are reported
    people = kit.people()
    assert {"Dr. Grace Ito PhD", "Blue Door Dental", "Jürgen Weiß", "Søren Ørsted", "Tom Becker", "Lena Vogel"} <= set(people)
    assert {"Sam Wu Jr.", "Rob Lee Jr.", "Haruki Nakamura", "Grace Ito, PhD", "Ada Okonkwo"} <= set(people)
    assert "Dr." not in people and "Jr." not in people
    assert "Tunde Bello" not in people  # the nested AGENT card
    assert f"skipped {FIXTURES / 'google-old.csv'}:6:" in result.stderr
    haruki = people["Haruki Nakamura"]
    assert (haruki.nickname, haruki.related, haruki.labels["Aiko Nakamura"]) == ("Haru", ["Aiko Nakamura"], "spouse")
    before = kit.snapshot()
    again = kit.run("import", *files, code=2)
    assert " 0 new, 0 merged, " in again.stdout
    assert kit.snapshot() == before


def test_a_json_restore_keeps_the_updated_stamps(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from keepintouch.interchange import export_json

    then = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    kim = Contact(name="Kim Lee", nickname="K", addresses=["1 Main St"], id="kim000000001", created=then, updated=then)
    backup = tmp_path / "backup.json"
    backup.write_text(export_json(Network(contacts=[kim]), then), encoding="utf-8")
    kit = Kit(tmp_path)
    kit.run("import", str(backup))
    assert kit.people()["Kim Lee"] == kim
    kit.run("import", str(backup), "--tag", "restored")  # a change is a change: stamped now
    assert kit.people()["Kim Lee"].updated > then


def test_an_imported_lang_fills_an_empty_language_and_never_replaces_one(tmp_path: Path) -> None:
    db, config = tmp_path / "db.json", tmp_path / "c.toml"

    def run(*args: str) -> None:
        result = CliRunner().invoke(main, ["--db", str(db), "--config", str(config), *args])
        assert result.exit_code == 0, result.output

    run("add", "Lena Vogel")
    run("add", "Sam Roe", "--language", "en")
    card = tmp_path / "book.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Lena Vogel\nLANG:de\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Sam Roe\nLANG:fr\nEND:VCARD\n")
    run("import", str(card))
    languages = {c.name: c.language for c in Store(db, Clock()).network().contacts}
    assert languages == {"Lena Vogel": "de", "Sam Roe": "en"}
