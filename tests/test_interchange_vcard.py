"""Reading vCards as real address books write them, and writing them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from keepintouch.domain.model import Contact, Network, Occasion, PartialDate
from keepintouch.interchange.detect import decode
from keepintouch.interchange.person import InterchangeError, Person, Skipped
from keepintouch.interchange.vcard import read_vcards
from keepintouch.interchange.vcard_export import export_vcards
from keepintouch.interchange.vcard_lines import fold, logical_lines, parse_property

FIXTURES = Path(__file__).parent / "fixtures" / "import"
KHARD = Path(__file__).parents[2] / "shared" / "corpus" / "vcards" / "khard"


def read(name: str) -> list[Person | Skipped]:
    path = FIXTURES / name
    return list(read_vcards(decode(path.read_bytes()), path))


def people(name: str) -> dict[str, Person]:
    return {p.name: p for p in read(name) if isinstance(p, Person)}


def dates(person: Person) -> set[tuple[str, str, str]]:
    return {(kind, when.isoformat(), label) for kind, when, label in person.occasions}


# --------------------------------------------------------------------------
# Exporter shapes


def test_apple_contacts_3_0_with_labels_omitted_year_and_social_profiles() -> None:
    found = people("apple.vcf")
    asa = found["Åsa Lindqvist"]
    assert asa.org == "Nordlicht AB, Research"
    assert asa.role == "Head of Research"
    assert asa.emails == ["asa@nordlicht.se"]
    assert asa.phones == ["+46 70 123 45 67"]
    assert asa.urls == ["https://nordlicht.se/team/asa", "http://www.linkedin.com/in/asalindqvist"]
    assert asa.handles == {"twitter": "asa_sails", "skype": "asa.lindqvist"}
    assert asa.notes == "Met at the Data Summit 2023.\nLikes sailing, and cinnamon buns; ask about the boat."
    assert dates(asa) == {
        ("birthday", "--03-15", ""),  # BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15
        ("anniversary", "2012-06-09", ""),  # X-ABDATE labelled _$!<Anniversary>!$_
        ("custom", "2019-09-01", "Started at Nordlicht"),
    }
    chinedu = found["Dr. Chinedu Okafor"]
    assert chinedu.org == "Lagos Health Labs"
    assert dates(chinedu) == {("birthday", "1984-02-29", "")}


def test_google_contacts_3_0_with_escaped_url_and_system_groups_dropped() -> None:
    found = people("google.vcf")
    tomas = found["Tomás Ferreira"]
    assert tomas.emails == ["tomas@ferreira.pt", "tomas.f@gmail.com"]
    assert tomas.urls == ["https://github.com/tferreira"]
    assert tomas.tags == ["Founders"]
    assert (tomas.org, tomas.role, tomas.notes) == ("Ferreira & Filhos", "Founder", "Intro via Maria.")
    assert dates(tomas) == {("birthday", "1979-11-02", "")}
    mei = found["Mei Chen"]
    assert mei.tags == ["Climbing"]
    assert dates(mei) == {("birthday", "--08-21", ""), ("anniversary", "2016-05-14", "")}


def test_outlook_2_1_quoted_printable_charset_soft_breaks_and_crlf() -> None:
    raw = (FIXTURES / "outlook.vcf").read_bytes()
    assert b"\r\n" in raw and b"=\r\n" in raw and "ü".encode("cp1252") in raw
    found = people("outlook.vcf")
    jurgen = found["Jürgen Müller"]
    assert jurgen.org == "Bäckerei Müller GmbH"
    assert jurgen.role == "Geschäftsführer"
    assert jurgen.notes == "Kennengelernt auf der Messe in Köln.\nMöchte gern Brot-Rezepte tauschen; sehr freundlich."
    assert jurgen.phones == ["+49 30 1234567", "+49 170 1234567"]
    assert dates(jurgen) == {("birthday", "1970-05-21", ""), ("anniversary", "1995-08-12", "")}
    francoise = found["Françoise Dupont"]
    assert francoise.notes == "Crée des affiches pour le festival. Très drôle et généreuse.\n\nAime le café noir."


def test_nextcloud_and_thunderbird_4_0_with_yearless_birthdays_and_anniversary() -> None:
    raw = (FIXTURES / "nextcloud.vcf").read_bytes()
    assert b"\r\n" not in raw  # LF only
    found = people("nextcloud.vcf")
    priya = found["Priya Raman"]
    assert dates(priya) == {("birthday", "--07-04", ""), ("anniversary", "2015-06-20", "")}
    assert priya.tags == ["Speakers", "Python"]
    assert priya.handles == {"xmpp": "priya@jabber.example.org"}
    assert priya.phones == ["+91 98765 43210"]
    assert dates(found["Jonas Weber"]) == {("birthday", "--12-24", ""), ("anniversary", "2010-09-18", "")}


def test_a_card_with_n_but_no_fn_is_named_from_n() -> None:
    assert list(people("n-without-fn.vcf")) == ["Prof. Yuki Nakamura PhD"]


def test_broken_cards_are_reported_with_their_line_and_the_good_ones_kept() -> None:
    items = read("broken.vcf")
    assert [p.name for p in items if isinstance(p, Person)] == ["Good Before", "Good After"]
    skipped = [s for s in items if isinstance(s, Skipped)]
    assert [s.line for s in skipped] == [6, 11, 19]
    assert "line 9 is not a vCard property" in skipped[0].why
    assert "no name" in skipped[1].why
    assert "no END:VCARD" in skipped[2].why
    assert str(skipped[0]).startswith(f"{FIXTURES / 'broken.vcf'}:6: ")


def test_a_file_without_any_card_is_refused() -> None:
    with pytest.raises(InterchangeError, match="no vCard"):
        list(read_vcards("First Name,Last Name\nA,B\n", Path("x.csv")))


def test_a_large_photo_is_skipped_and_not_stored(tmp_path: Path) -> None:
    blob = "QUJD" * 750_000  # 3 MB of base64
    folded = "\r\n ".join(blob[i : i + 74] for i in range(0, len(blob), 74))
    text = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEMAIL:big@example.com\r\nEND:VCARD\r\n"
    (person,) = read_vcards(text, tmp_path / "big.vcf")
    assert isinstance(person, Person)
    assert person.emails == ["big@example.com"]
    assert "QUJD" not in repr(person)


# --------------------------------------------------------------------------
# Content lines


def test_folding_quoted_printable_soft_breaks_and_bare_21_parameters() -> None:
    text = "FN:Long\r\n  Name\r\nNOTE;QUOTED-PRINTABLE:one=\r\ntwo\r\nTEL;WORK;VOICE:1\r\n"
    assert list(logical_lines(text)) == [(1, "FN:Long Name"), (3, "NOTE;QUOTED-PRINTABLE:onetwo"), (5, "TEL;WORK;VOICE:1")]
    tel = parse_property("item2.TEL;WORK;VOICE:1", 5)
    assert tel is not None and tel.group == "item2" and tel.types() == {"work", "voice"}
    quoted = parse_property('X-SOCIALPROFILE;TYPE="a:b;c";X-USER=x:value', 1)
    assert quoted is not None and quoted.param("TYPE") == "a:b;c" and quoted.value == "value"
    assert parse_property("not a property", 1) is None


def test_fold_keeps_lines_within_75_octets_and_never_splits_a_character() -> None:
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert "".join(logical for _, logical in logical_lines(folded)) == line


def test_dates_in_every_form_exporters_use() -> None:
    def bday(value: str, params: str = "") -> list[tuple[str, str, str]]:
        (person,) = read_vcards(f"BEGIN:VCARD\nFN:X\nBDAY{params}:{value}\nEND:VCARD\n", Path("x"))
        assert isinstance(person, Person)
        return sorted(dates(person)) or [("note", person.notes, "")]

    assert bday("1985-03-15") == [("birthday", "1985-03-15", "")]
    assert bday("19850315") == [("birthday", "1985-03-15", "")]
    assert bday("1985-03-15T00:00:00Z") == [("birthday", "1985-03-15", "")]
    assert bday("--0315") == [("birthday", "--03-15", "")]
    assert bday("--03-15") == [("birthday", "--03-15", "")]
    assert bday("1604-03-15", ";X-APPLE-OMIT-YEAR=1604") == [("birthday", "--03-15", "")]
    assert bday("circa 1800", ";VALUE=text") == [("note", "Birthday: circa 1800", "")]


# --------------------------------------------------------------------------
# Writing


def test_export_writes_4_0_cards_with_every_field() -> None:
    ada = Contact(
        name="Ada Lovelace",
        org="Analytical; Engines, Ltd",
        role="Mathematician",
        met="Babbage's salon",
        tags=["math", "london"],
        emails=["ada@example.org"],
        phones=["+44 20 7946 0000"],
        urls=["https://example.org/ada"],
        handles={"mastodon": "@ada@example.social"},
        topics=["engines", "poetry"],
        notes="First line\nsecond, with; punctuation",
        id="ada000000001",
    )
    occasions = [
        Occasion(contact_id=ada.id, kind="birthday", when=PartialDate(12, 10, 1815)),
        Occasion(contact_id=ada.id, kind="anniversary", when=PartialDate(7, 8), label="Wedding"),
        Occasion(contact_id=ada.id, kind="custom", when=PartialDate(1, 2), label="Name day"),
    ]
    text = export_vcards(Network(contacts=[ada], occasions=occasions))
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:contact-ada000000001@keepintouch\r\n")
    for line in (
        "FN:Ada Lovelace",
        "N:Lovelace;Ada;;;",
        "ORG:Analytical\\; Engines\\, Ltd",
        "CATEGORIES:math,london",
        "NOTE:First line\\nsecond\\, with\\; punctuation",
        "BDAY:18151210",
        "X-SOCIALPROFILE;TYPE=mastodon:@ada@example.social",
        "X-KEEPINTOUCH-TOPICS:engines,poetry",
    ):
        assert f"\r\n{line}\r\n" in text
    (back,) = read_vcards(text, Path("export.vcf"))
    assert isinstance(back, Person)
    assert (back.id, back.name, back.org, back.role, back.met) == (ada.id, ada.name, ada.org, ada.role, ada.met)
    assert (back.tags, back.emails, back.phones, back.urls) == (ada.tags, ada.emails, ada.phones, ada.urls)
    assert (back.handles, back.topics, back.notes) == (ada.handles, ada.topics, ada.notes)
    assert dates(back) == {("birthday", "1815-12-10", ""), ("anniversary", "--07-08", "Wedding"), ("custom", "--01-02", "Name day")}


# --------------------------------------------------------------------------
# Real cards from khard's test suite


@pytest.mark.skipif(not KHARD.is_dir(), reason="the shared corpus is not checked out beside the repo")
@pytest.mark.parametrize("path", sorted(KHARD.glob("*.vcf")) if KHARD.is_dir() else [], ids=lambda p: p.name)
def test_khard_corpus(path: Path) -> None:
    items = list(read_vcards(decode(path.read_bytes()), path))
    if path.name == "unparsable.vcf":
        assert len(items) == 1 and isinstance(items[0], Skipped)
        return
    (person,) = items
    assert isinstance(person, Person)
    lines = path.read_text(encoding="utf-8").splitlines()
    fn = next((line[3:].strip() for line in lines if line.startswith("FN:")), None)
    assert person.name == (fn or {"nickname.vcf": "Michael Smith", "no-nickname.vcf": "Mike Jones"}[path.name])
