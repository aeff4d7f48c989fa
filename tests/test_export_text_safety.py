"""Every export encodes what its format needs: any text goes out and reads back, record for record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import orjson
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies_text import CONTROL, nasty, nasty_encodable

from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Promise, Settings, Touch
from keepintouch.domain.safe_text import clean_line, clean_text
from keepintouch.interchange.ics import export_ics
from keepintouch.interchange.native_json import export_json, read_native
from keepintouch.interchange.person import Person, clean, clean_item
from keepintouch.interchange.vcard import read_vcards
from keepintouch.interchange.vcard_export import export_vcards

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def read_back(text: str) -> list[Person]:
    """What our own importer makes of a vCard file (every record must be a Person)."""
    items = [clean_item(item) for item in read_vcards(text, Path("export.vcf"))]
    assert all(isinstance(item, Person) for item in items), items
    return items  # type: ignore[return-value]


def as_name(text: str) -> str:
    """A name as it is stored after any import: cleaned, whitespace collapsed."""
    return clean(clean_line(text))


def test_a_bare_cr_in_a_field_stays_inside_its_card(tmp_path: Path) -> None:
    """A CR (from a JSON import) once ended the line: vobject refused the file, we read an injected card."""
    sneaky = Contact(
        name="Eve\rEND:VCARD\rBEGIN:VCARD\rFN:Mallory",
        notes="one\rtwo\r\nthree",
        handles={"x\rBEGIN:VCARD": "y\rEND:VCARD"},
        tags=["a\rb"],
    )
    text = export_vcards(Network(contacts=[sneaky]))
    assert "\r" not in text.replace("\r\n", "")
    assert len(list(vobject.readComponents(text))) == 1
    (eve,) = read_back(text)
    assert (eve.name, eve.notes) == ("Eve END:VCARD BEGIN:VCARD FN:Mallory", "one\ntwo\nthree")


@example([("\x1bP0\r\x9c0", "", "", "")])  # a line break inside an escape sequence: cleaned alike everywhere
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(nasty.filter(lambda t: as_name(t)), nasty, nasty, nasty), min_size=1, max_size=4))
def test_vcard_export_of_any_text_reads_back_card_for_card(people) -> None:
    contacts = [
        Contact(name=name, org=org, notes=note, met=note, tags=[tag] if tag else [], topics=[tag] if tag else [], handles={"x": tag} if tag.strip() else {})
        for name, org, note, tag in people
    ]
    text = export_vcards(Network(contacts=contacts))
    assert not CONTROL.search(text.replace("\r\n", "")) and "\r" not in text.replace("\r\n", "")
    read = sorted(read_back(text), key=lambda p: p.id or "")
    assert [p.id for p in read] == sorted(c.id for c in contacts)
    for contact, person in zip(sorted(contacts, key=lambda c: c.id), read, strict=True):
        assert person.name == as_name(contact.name)
        assert person.notes == clean_text(contact.notes).strip()
    assert len(list(vobject.readComponents(text))) == len(contacts)


@settings(max_examples=100, deadline=None)
@example([("C:\\Notes \\N", "a\rb", "see C:\\Notes; a, b\r\nc")])  # icalendar alone made `\N` a line break
@given(st.lists(st.tuples(nasty.filter(lambda t: t.strip()), nasty, nasty), min_size=1, max_size=4))
def test_ics_export_of_any_text_parses_with_one_event_per_date(people) -> None:
    contacts, occasions, promises = [], [], []
    for name, label, promise in people:
        contact = Contact(name=name)
        contacts.append(contact)
        occasions.append(Occasion(contact_id=contact.id, kind="birthday", when=PartialDate(3, 4), label=label))
        promises.append(Promise(contact_id=contact.id, text=promise or "x", due=date(2026, 12, 1)))
    network = Network(contacts=contacts, occasions=occasions, promises=promises)
    text = export_ics(network, Settings(), TODAY, NOW, days=0)
    assert not CONTROL.search(text.replace("\r\n", "")) and "\r" not in text.replace("\r\n", "")
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 2 * len(people)
    summaries = {str(e["uid"]): str(e["summary"]) for e in events}
    for contact, occasion, promise in zip(contacts, occasions, promises, strict=True):
        birthday = summaries[f"birthday-{occasion.id}@keepintouch"]
        assert birthday.startswith(f"Birthday: {clean_line(contact.name)}")
        assert summaries[f"promise-{promise.id}@keepintouch"] == f"Promised {clean_line(contact.name)}: {clean_text(promise.text)}"


@settings(max_examples=100, deadline=None)
@given(nasty_encodable, nasty_encodable)
def test_json_export_escapes_every_control_character_and_keeps_the_text(name: str, text: str) -> None:
    contact = Contact(name=name if name.strip() else "x", notes=text, handles={text: text}, tags=[text])
    network = Network(contacts=[contact], touches=[Touch(contact_id=contact.id, date=TODAY, note=text)])
    exported = export_json(network, NOW)
    assert not CONTROL.search(exported) and "\r" not in exported
    data = orjson.loads(exported)
    assert data["contacts"][0]["notes"] == text and data["touches"][0]["note"] == text
    items = list(read_native(exported, Path("backup.json")))
    assert [type(i) for i in items] == [Person, Touch]
