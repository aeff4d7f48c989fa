"""The address books real people have: Outlook CSV, Excel-resaved CSVs, old
LinkedIn and Google exports, CSVs typed by hand, and vCard shapes from iOS,
old phones and sync tools. Fixtures are shaped like each exporter's output."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keepintouch.domain.model import Contact, Network
from keepintouch.interchange.detect import READERS, decode, detect_format, read_items
from keepintouch.interchange.native_json import export_json, read_native
from keepintouch.interchange.person import Person, Skipped, clean
from keepintouch.interchange.vcard import read_vcards
from keepintouch.interchange.vcard_export import export_vcards, n_value

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def read(name: str) -> tuple[str, list[Person], list[Skipped]]:
    fmt, items = read_items(FIXTURES / name)
    return fmt, [i for i in items if isinstance(i, Person)], [i for i in items if isinstance(i, Skipped)]


def by_name(name: str) -> dict[str, Person]:
    return {p.name: p for p in read(name)[1]}


def dates(person: Person) -> set[tuple[str, str]]:
    return {(kind, when.isoformat()) for kind, when, _ in person.occasions}


# --------------------------------------------------------------------------
# Outlook CSV


def test_outlook_export_with_bom_crlf_multiline_notes_phones_addresses_and_categories() -> None:
    assert (FIXTURES / "outlook.csv").read_bytes().startswith(b'\xef\xbb\xbf"Title","First Name"')
    fmt, people, skipped = read("outlook.csv")
    assert fmt == "outlook"
    grace = {p.name: p for p in people}["Dr. Grace Ito PhD"]
    assert (grace.org, grace.role) == ("Kyoto Robotics, Research", "Lab Director")
    assert grace.notes == "Met at ICRA 2024 in Yokohama.\nWorks on soft grippers; ask about the Kyoto meetup.\n\nPrefers e-mail over calls."
    assert grace.emails == ["grace@kyoto-robotics.jp", "grace.ito@gmail.com"]
    assert grace.phones == ["+81 75 123 4567", "+81 75 765 4321", "+81 90 1234 5678"]
    assert grace.tags == ["Robotics", "Conference friends"]
    assert grace.addresses == ["1-2 Yoshida-honmachi\nKyoto 606-8501\nJapan"]
    assert grace.related == ["Ken Ito", "Yui Sato"]
    assert grace.labels == {
        "+81 75 123 4567": "work",
        "+81 75 765 4321": "home",
        "+81 90 1234 5678": "mobile",
        "1-2 Yoshida-honmachi\nKyoto 606-8501\nJapan": "work",
        "Ken Ito": "spouse",
        "Yui Sato": "assistant",
    }
    assert dates(grace) == {("birthday", "1985-03-15")}  # the empty 0/0/00 anniversary is no date
    marek = {p.name: p for p in people}["Marek Nowak"]
    assert marek.tags == []  # myContacts is Google's, not a tag
    assert marek.addresses == ["ul. Długa 5\nm. 12\nGdańsk 80-827\nPoland"]
    assert dates(marek) == {("birthday", "1979-11-02"), ("anniversary", "2005-06-20")}
    dental = {p.name: p for p in people}["Blue Door Dental"]  # only a company: named by it
    assert (dental.org, dental.phones, dental.tags) == ("Blue Door Dental", ["+1 555 0100"], ["Health"])
    assert {p.name: p for p in people}["Ana Sousa"].related == ["Rita", "Tomás"]
    (orphan,) = skipped  # an Exchange address is no e-mail: reported, not dropped silently
    assert orphan.line == 9 and "no name, company or e-mail" in orphan.why


def test_googles_outlook_csv_has_its_own_column_order_and_formatted_addresses() -> None:
    fmt, people, skipped = read("google-outlook.csv")
    assert fmt == "outlook"
    (ingrid,) = people
    assert (ingrid.name, ingrid.org, ingrid.role, ingrid.tags) == ("Ingrid Berg", "Fjord Design", "Designer", ["Design"])
    assert ingrid.addresses == ["Industrigata 50B\nOslo, 0357\nNorway"]
    assert ingrid.labels["+47 912 34 567"] == "mobile"
    assert dates(ingrid) == {("birthday", "1990-07-04")}
    (phone_only,) = skipped
    assert phone_only.line == 5  # the row above spans three lines


# --------------------------------------------------------------------------
# CSV re-saved by Excel in a European locale


def test_linkedin_resaved_by_excel_with_semicolons_and_windows_1252() -> None:
    raw = (FIXTURES / "linkedin-excel-de.csv").read_bytes()
    assert b";" in raw and "ü".encode("cp1252") in raw
    fmt, people, _ = read("linkedin-excel-de.csv")
    assert fmt == "linkedin"
    juergen, amelie = people
    assert (juergen.name, juergen.org, juergen.role) == ("Jürgen Weiß", "Müller; Schmidt & Söhne GmbH", "Geschäftsführer")
    assert (amelie.name, amelie.org, amelie.emails) == ("Amélie Côté", "Café Crème", ["amelie@cote.fr"])
    assert amelie.urls == ["https://www.linkedin.com/in/ameliecote"]


def test_google_csv_resaved_by_excel_with_semicolons_and_windows_1252() -> None:
    fmt, (soren,), _ = read("google-excel-dk.csv")
    assert fmt == "google"
    assert (soren.name, soren.nickname, soren.org, soren.role) == ("Søren Ørsted", "Sø", "Ørsted & Co", "Partner")
    assert soren.notes == "Likes chess; plays Sundays"
    assert soren.tags == ["Chess"]
    assert soren.labels == {"soren@orsted.dk": "work", "+45 20 12 34 56": "mobile"}


# --------------------------------------------------------------------------
# LinkedIn before 2020, old Google CSV, plain CSV


def test_linkedin_before_2020_has_no_url_and_a_slashed_connection_date() -> None:
    fmt, (priya, tom), _ = read("linkedin-2018.csv")
    assert fmt == "linkedin"
    assert (priya.name, priya.org, priya.emails, priya.urls) == ("Priya Raman", "Raman, Iyer & Co", ["priya.raman@example.in"], [])
    assert priya.met == "LinkedIn, connected 8 Jan 2018"
    assert tom.met == "LinkedIn, connected 23 Nov 2017"


def test_old_google_csv_names_come_from_the_name_columns_never_from_a_title_alone() -> None:
    fmt, people, skipped = read("google-old.csv")
    assert fmt == "google"
    found = {p.name: p for p in people}
    assert set(found) == {"Dr. Helen Park", "Sam Wu Jr.", "Rob Lee Jr."}
    helen = found["Dr. Helen Park"]
    assert (helen.org, helen.role, helen.tags) == ("Park Clinic", "Surgeon", ["Doctors"])
    assert helen.addresses == ["12 Oak Lane\nPortland, OR 97201"]
    assert helen.related == ["Daniel Park"] and helen.labels["Daniel Park"] == "spouse"
    assert helen.labels["helen@parkclinic.example"] == "work"
    assert found["Sam Wu Jr."].nickname == "Sammy"
    (title_only,) = skipped  # "Dr." with a phone: reported, not a person called "Dr."
    assert title_only.line == 6


def test_a_plain_csv_someone_typed_is_told_by_its_content() -> None:
    fmt, (lena, omar), (nameless,) = read("typed.csv")
    assert fmt == "csv"
    assert lena.name == "Lena Vogel" and lena.org == "Vogel Studio"
    assert lena.emails == ["lena@vogel.de", "lena.vogel@gmail.com"]
    assert (lena.phones, lena.tags) == (["+49 30 1234567"], ["friends", "berlin"])
    assert lena.notes == "Favourite coffee: flat white"  # a column we do not know is kept
    assert (omar.name, omar.emails) == ("Omar Haddad", ["omar@haddad.example"])
    assert nameless.line == 4


@pytest.mark.parametrize(
    "header",
    ["name,email", "Name;Phone", "Full Name,E-mail,Company", "full_name\ttags", "First Name,Last Name,Email", "display-name,mobile"],
)
def test_a_typed_header_with_a_name_column_is_a_csv(header: str) -> None:
    sep = ";" if ";" in header else "\t" if "\t" in header else ","
    text = f"{header}\nKim Lee{sep}x\n"
    assert detect_format(text) == "csv"
    (kim,) = read_items_from_text(text)
    assert isinstance(kim, Person) and kim.name.startswith("Kim Lee")


def read_items_from_text(text: str) -> list[Person | Skipped]:
    from keepintouch.interchange.plain_csv import read_plain_csv

    return list(read_plain_csv(text, Path("typed.csv")))


@pytest.mark.parametrize("text", ["hello,world\n1,2\n", "email,phone\na@b.example,1\n", "Dear Kim,\nthanks for the call.\n"])
def test_csvs_without_a_name_column_are_still_refused(text: str) -> None:
    assert detect_format(text) is None


# --------------------------------------------------------------------------
# vCard shapes


def test_ios_cr_cr_lf_line_ends_with_a_folded_note_and_labelled_items() -> None:
    raw = (FIXTURES / "ios.vcf").read_bytes()
    assert b"\r\r\n " in raw  # a folded line after iOS's doubled CR
    fmt, (haruki,), skipped = read("ios.vcf")
    assert fmt == "vcard" and not skipped and haruki.line == 1
    assert haruki.notes.endswith("and wants to hear how the pour-over kit works out.")
    assert haruki.nickname == "Haru"
    assert haruki.addresses == ["2-11-3 Meguro\nApt 402\nMeguro-ku Tokyo 153-0063\nJapan"]
    assert haruki.related == ["Aiko Nakamura"]
    assert haruki.labels == {
        "haruki@sakura-roasters.example": "other",
        "orders@sakura-roasters.example": "work",
        "+81 90 8765 4321": "mobile",
        "+81 3 1234 5678": "roastery",
        "2-11-3 Meguro\nApt 402\nMeguro-ku Tokyo 153-0063\nJapan": "home",
        "Aiko Nakamura": "spouse",
    }


def test_sync_tool_and_old_phone_quirks() -> None:
    (grace, ada), skipped = read("quirks.vcf")[1:]
    assert not skipped
    assert grace.name == "Grace Ito, PhD"
    # a blank line inside a folded value, a # comment line, \" unescaped
    assert grace.notes.startswith('She said "call me Grace" and meant it. Likes long walks.')
    assert grace.tags == ["Robotics"]  # "My Contacts" is no tag
    assert (grace.org, grace.role) == ("Kyoto Robotics", "Lab Director")
    assert "Also: Board member, IEEE Robotics Society" in grace.notes  # the second ORG and TITLE
    # 2.1: an address continued after a backslash; a nested AGENT card is not a person
    assert ada.name == "Ada Okonkwo" and ada.phones == ["+234 803 555 0100"]
    assert ada.addresses == ["17 Marina Road\nVictoria Island\nLagos\nNigeria"]
    assert ada.related == ["Chidi Okonkwo"] and ada.tags == []
    assert ada.line == 15  # line numbers are not doubled


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "old-outlook.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoë Quinn\r\nEND:VCARD\r\n".encode(encoding))
    fmt, (zoe,) = read_items(path)
    assert fmt == "vcard" and isinstance(zoe, Person) and zoe.name == "Zoë Quinn"


def test_8bit_quoted_printable_without_a_charset_is_utf8_when_it_decodes_as_utf8() -> None:
    raw = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\nNOTE;QUOTED-PRINTABLE:Caf\xc3\xa9 =\r\nau lait\r\nEND:VCARD\r\n"
    (jorg,) = read_vcards(decode(raw), Path("phone.vcf"))
    assert isinstance(jorg, Person) and (jorg.name, jorg.notes) == ("Jörg Müller", "Café au lait")
    latin = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:J=F6rg\r\nEND:VCARD\r\n"
    (old,) = read_vcards(decode(latin), Path("phone.vcf"))
    assert isinstance(old, Person) and old.name == "Jörg"  # not UTF-8: Windows-1252
    lying = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg\r\nEND:VCARD\r\n"
    (nokia,) = read_vcards(decode(lying), Path("phone.vcf"))
    assert isinstance(nokia, Person) and nokia.name == "Jörg"


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("Grace Ito, PhD", "Ito;Grace;;;PhD"),
        ("Dr. Grace Ito", "Ito;Grace;;Dr.;"),
        ("Martin Luther King Jr.", "King;Martin;Luther;;Jr."),
        ("Cher", "Cher;;;;"),
        ("Ada Lovelace", "Lovelace;Ada;;;"),
    ],
)
def test_exported_n_keeps_the_family_name_apart_from_titles(name: str, n: str) -> None:
    assert n_value(name) == n


# --------------------------------------------------------------------------
# What we keep now, through our exports


KEPT = Contact(
    name="Grace Ito, PhD",
    nickname="Gracie",
    emails=["grace@kyoto-robotics.jp", "grace@home.example"],
    phones=["+81 90 1234 5678", "+81 75 123 4567", "+81 75 000 0000"],
    addresses=["1-2 Yoshida-honmachi\nKyoto 606-8501, Japan", "PO Box 7"],
    related=["Ken Ito", "Yui Sato; the assistant"],
    labels={
        "grace@kyoto-robotics.jp": "work",
        "+81 90 1234 5678": "mobile",
        "+81 75 123 4567": "Lab line",
        "1-2 Yoshida-honmachi\nKyoto 606-8501, Japan": "work",
        "Ken Ito": "spouse",
        "Yui Sato; the assistant": "assistant",
    },
    id="grace0000001",
)


def test_new_fields_round_trip_through_our_vcard_export() -> None:
    text = export_vcards(Network(contacts=[KEPT]))
    assert "\r\nN:Ito;Grace;;;PhD\r\n" in text
    assert "\r\nTEL;VALUE=text;TYPE=cell:+81 90 1234 5678\r\n" in text
    assert "\r\nRELATED;VALUE=text;TYPE=spouse:Ken Ito\r\n" in text
    (back,) = read_vcards(text, Path("export.vcf"))
    assert isinstance(back, Person)
    for name in ("nickname", "emails", "phones", "addresses", "related", "labels"):
        assert getattr(back, name) == getattr(KEPT, name), name


def test_new_fields_round_trip_through_json_and_old_records_still_load() -> None:
    (back,) = read_native(export_json(Network(contacts=[KEPT]), KEPT.updated), Path("b.json"))
    assert isinstance(back, Person) and back.record == KEPT
    old = {k: v for k, v in KEPT.to_dict().items() if k not in ("nickname", "addresses", "related", "labels")}
    loaded = Contact.from_dict(old)
    assert (loaded.nickname, loaded.addresses, loaded.related, loaded.labels) == ("", [], [], {})
    assert dataclasses.replace(loaded, nickname=KEPT.nickname, addresses=KEPT.addresses, related=KEPT.related, labels=KEPT.labels) == KEPT


def test_typed_phone_and_email_columns_label_their_values() -> None:
    text = "Name,Work Email,Mobile,Home Phone\nKim Lee,kim@acme.example,+1 555 0101,+1 555 0102; +1 555 0103\n"
    (kim,) = read_items_from_text(text)
    assert isinstance(kim, Person)
    assert kim.phones == ["+1 555 0101", "+1 555 0102", "+1 555 0103"]
    assert kim.labels == {"kim@acme.example": "work", "+1 555 0101": "mobile", "+1 555 0102": "home", "+1 555 0103": "home"}


@pytest.mark.parametrize("charset", [b"\xc9x", b"utf\x00-8", b"no-such-charset"])
def test_a_garbled_charset_name_falls_back_instead_of_crashing(charset: bytes) -> None:
    raw = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=" + charset + b":J\xc3\xb6rg\r\nEND:VCARD\r\n"
    (jorg,) = read_vcards(decode(raw), Path("phone.vcf"))
    assert isinstance(jorg, Person) and jorg.name == "Jörg"


def test_utf16_cut_off_in_the_middle_of_a_character_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.vcf"
    path.write_bytes("BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n".encode("utf-16") + b"\x0a")
    _, (zoe,) = read_items(path)
    assert isinstance(zoe, Person) and zoe.name == "Zoë"


@pytest.mark.parametrize(("field", "value"), [("tags", '"abc"'), ("labels", "[1, 2]"), ("handles", '{"x": 1}'), ("name", "5"), ("archived", '"no"')])
def test_a_hand_edited_json_field_of_the_wrong_kind_skips_that_record(field: str, value: str) -> None:
    text = f'{{"format": "keepintouch", "version": 1, "contacts": [{{"name": "Kim", "{field}": {value}}}, {{"name": "Bo"}}]}}'
    bad, good = read_native(text, Path("b.json"))
    assert isinstance(bad, Skipped) and bad.why.startswith(f"contacts[0]: {field} should be")
    assert isinstance(good, Person) and good.name == "Bo"


def test_a_3_0_agent_written_inline_is_a_value_not_a_card() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Okonkwo\r\nAGENT:BEGIN:VCARD\\nFN:Tunde Bello\\nEND:VCARD\r\nEMAIL:ada@example.ng\r\nEND:VCARD\r\n"
    (ada,) = read_vcards(text, Path("agent.vcf"))
    assert isinstance(ada, Person) and (ada.name, ada.emails) == ("Ada Okonkwo", ["ada@example.ng"])


def test_a_trailing_backslash_continues_only_into_a_line_that_is_no_property() -> None:
    from keepintouch.interchange.vcard_lines import logical_lines

    text = "ADR:;;1 Main St\\\r\nFloor 2;Springfield\r\nNOTE:a\\\\\r\nTEL:1\r\nNOTE:b\\\r\nEMAIL:x@y.example\r\n"
    assert [line for _, line in logical_lines(text)] == [
        "ADR:;;1 Main St\\nFloor 2;Springfield",
        "NOTE:a\\\\",  # an escaped backslash ends nothing
        "TEL:1",
        "NOTE:b\\",  # the next line is a property of its own
        "EMAIL:x@y.example",
    ]


# --------------------------------------------------------------------------
# Any separator, any quoted text


cell_text = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], include_characters=",;\"'\t"), min_size=1, max_size=20
).map(clean).filter(lambda t: t and "@" not in t)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=5),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_typed_and_linkedin_csvs_read_back_with_any_separator_and_encoding(rows, separator: str, encoding: str) -> None:
    rows = [(name, org) for name, org in rows if _encodable(name + org, encoding)]
    for header, fmt in ((["Name", "Company"], "csv"), (["First Name", "Last Name", "Company", "Connected On"], "linkedin")):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
        writer.writerow(header)
        for name, org in rows:
            writer.writerow([name, org] if fmt == "csv" else [name, "", org, ""])
        text = decode(out.getvalue().encode(encoding))
        assert detect_format(text) == fmt
        found = [p for p in READERS[fmt](text, Path("x.csv")) if isinstance(p, Person)]
        assert [(p.name, p.org) for p in found] == rows


def _encodable(text: str, encoding: str) -> bool:
    """Whether the text can be written in the encoding and read back as written.

    Windows-1252 bytes that happen to be valid UTF-8 ("Â¡" is C2 A1, "¡" in
    UTF-8) are read as UTF-8: no reader can tell, and real text is never so."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return False
    if encoding == "cp1252" and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False
    return True


def test_a_vcard_whose_fn_is_only_a_title_is_named_from_n() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr.\r\nN:Okafor;Chinedu;;Dr.;\r\nEND:VCARD\r\n"
    (chinedu,) = read_vcards(text, Path("dr.vcf"))
    assert isinstance(chinedu, Person) and chinedu.name == "Dr. Chinedu Okafor"


def test_a_csv_cell_that_says_begin_vcard_does_not_make_the_file_a_vcard() -> None:
    assert detect_format('Name,Notes\r\nKim Lee,"pasted: BEGIN:VCARD"\r\n') == "csv"
    assert detect_format("\ufeff  begin:vcard\r\nFN:Kim\r\nEND:VCARD\r\n".lstrip("\ufeff")) == "vcard"
    assert detect_format("BEGIN:VCARD\rFN:Kim\rEND:VCARD\r") == "vcard"  # old Mac line ends


def test_cleaning_keeps_address_lines_and_labels_follow_the_cleaned_values(tmp_path: Path) -> None:
    path = tmp_path / "dirty.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Lee\r\nTEL;TYPE=CELL:+1 555\x1b[31m 0100\r\n"
        b"ADR;TYPE=HOME:;;1 Main St\\nFlat\x07 2;Springfield;;;\r\nEND:VCARD\r\n"
    )
    _, (kim,) = read_items(path)
    assert isinstance(kim, Person)
    assert kim.phones == ["+1 555 0100"] and kim.addresses == ["1 Main St\nFlat 2\nSpringfield"]
    assert kim.labels == {"+1 555 0100": "mobile", "1 Main St\nFlat 2\nSpringfield": "home"}


def test_vcard_lang_is_the_draft_language_and_our_export_writes_it() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lena Vogel\r\nLANG;PREF=2:en\r\nLANG;PREF=1:de-AT\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Sam Roe\r\nLANG:not a language\r\nEND:VCARD\r\n"
    )
    lena, sam = read_vcards(text, Path("book.vcf"))
    assert isinstance(lena, Person) and isinstance(sam, Person)
    assert (lena.language, sam.language) == ("de", "")
    exported = export_vcards(Network(contacts=[Contact(name="Lena Vogel", language="de", id="lena00000001")]))
    assert "\r\nLANG:de\r\n" in exported
    (back,) = read_vcards(exported, Path("export.vcf"))
    assert isinstance(back, Person) and back.language == "de"


def test_a_contact_group_card_is_no_person() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iOS 17.4//EN\r\nN:Family\r\nFN:Family\r\n"
        "X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:0A1B\r\nUID:g1\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\nMEMBER:urn:uuid:0A1B\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Mia Chen\r\nEND:VCARD\r\n"
    )
    family, club, mia = read_vcards(text, Path("icloud.vcf"))
    assert isinstance(family, Skipped) and isinstance(club, Skipped)
    assert family.why == "a contact group, not a person"
    assert isinstance(mia, Person) and mia.name == "Mia Chen"
