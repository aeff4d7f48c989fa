"""LinkedIn and Google CSV exports, and telling every format apart by its content."""

from __future__ import annotations

from pathlib import Path

import pytest

from keepintouch.interchange.detect import decode, detect_format, read_items
from keepintouch.interchange.google_csv import read_google_csv
from keepintouch.interchange.linkedin import read_linkedin
from keepintouch.interchange.person import InterchangeError, Person, Skipped

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def items(name: str, reader) -> list[Person | Skipped]:
    path = FIXTURES / name
    return list(reader(decode(path.read_bytes()), path))


def test_linkedin_connections_with_preamble_quoted_commas_and_empty_emails() -> None:
    found = items("linkedin.csv", read_linkedin)
    by_name = {p.name: p for p in found if isinstance(p, Person)}
    assert list(by_name) == ["Anna Kowalska", "Björn Þórsson", "José García López", "李 雷", "Zoë O'Brien"]
    anna = by_name["Anna Kowalska"]
    assert anna.org == "Kowalska, Nowak & Partners"
    assert anna.role == "Managing Partner"
    assert anna.emails == ["anna.kowalska@example.pl"]
    assert anna.urls == ["https://www.linkedin.com/in/annakowalska"]
    assert anna.met == "LinkedIn, connected 15 Mar 2021"
    assert anna.line == 5  # after the notes preamble and the header
    jose = by_name["José García López"]
    assert (jose.org, jose.role, jose.emails) == ("Acme, Inc.", "Director, Sales & Partnerships", [])
    assert by_name["Zoë O'Brien"].met == "LinkedIn"
    (skipped,) = [s for s in found if isinstance(s, Skipped)]
    assert skipped.line == 9 and "no name" in skipped.why


def test_google_csv_with_multiline_notes_labels_and_multiple_values() -> None:
    found = items("google.csv", read_google_csv)
    by_name = {p.name: p for p in found if isinstance(p, Person)}
    assert list(by_name) == ["Sofia Rossi", "Liam James O'Connor", "Blue Fjord AS"]
    sofia = by_name["Sofia Rossi"]
    assert sofia.notes == "Met at the Venice Biennale.\nLoves brutalism, and espresso.\n\nFollow up about the library project."
    assert sofia.tags == ["Architects", "Friends"]
    assert sofia.emails == ["sofia@studiorossi.it", "sofia.rossi@gmail.com", "sofia@example.org"]
    assert sofia.phones == ["+39 333 1234567", "+39 02 1234567"]
    assert sofia.urls == ["https://www.linkedin.com/in/sofiarossi"]
    assert (sofia.org, sofia.role) == ("Studio Rossi", "Architect")
    assert {(k, w.isoformat()) for k, w, _ in sofia.occasions} == {("birthday", "1988-04-12"), ("anniversary", "2014-09-27")}
    liam = by_name["Liam James O'Connor"]
    assert liam.tags == []  # only * starred and * myContacts
    assert [(k, w.isoformat()) for k, w, _ in liam.occasions] == [("birthday", "--10-05")]
    assert liam.line == 6  # the row before spans four lines
    assert by_name["Blue Fjord AS"].emails == ["post@bluefjord.no"]
    (skipped,) = [s for s in found if isinstance(s, Skipped)]
    assert skipped.line == 8


def test_the_older_google_csv_header_is_read_too() -> None:
    text = (
        "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,"
        "E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title\n"
        "Kim Lee,Kim,,Lee, --02-29,,* My Contacts ::: Golf,* Work,kim@lee.example,Lee Co,CEO\n"
    )
    assert detect_format(text) == "google"
    (kim,) = read_google_csv(text, Path("old.csv"))
    assert isinstance(kim, Person)
    assert (kim.name, kim.org, kim.role, kim.tags, kim.emails) == ("Kim Lee", "Lee Co", "CEO", ["Golf"], ["kim@lee.example"])
    assert [w.isoformat() for _, w, _ in kim.occasions] == ["--02-29"]


def test_a_windows_1252_csv_is_read_as_such(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nRené,Müller,,,,,\r\n".encode("cp1252"))
    _, (rene,) = read_items(path)
    assert isinstance(rene, Person) and rene.name == "René Müller"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("apple.vcf", "vcard"),
        ("outlook.vcf", "vcard"),
        ("nextcloud.vcf", "vcard"),
        ("linkedin.csv", "linkedin"),
        ("google.csv", "google"),
    ],
)
def test_formats_are_told_from_the_content(name: str, fmt: str, tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((FIXTURES / name).read_bytes())
    assert read_items(renamed)[0] == fmt


def test_our_json_is_recognised_and_other_files_refused(tmp_path: Path) -> None:
    assert detect_format('{\n  "format": "keepintouch",\n  "version": 1\n}') == "json"
    assert detect_format('{"name": "not ours"}') is None
    assert detect_format("a,b,c\n1,2,3\n") is None
    assert detect_format("\ufeffBEGIN:VCARD\n") == "vcard"
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    with pytest.raises(InterchangeError, match="--format"):
        read_items(png)
    with pytest.raises(InterchangeError, match="cannot read"):
        read_items(tmp_path / "missing.vcf")


def test_utf16_with_bom_is_decoded() -> None:
    assert decode("BEGIN:VCARD".encode("utf-16")) == "BEGIN:VCARD"
    assert decode("\ufeffBEGIN:VCARD".encode("utf-8")) == "BEGIN:VCARD"
