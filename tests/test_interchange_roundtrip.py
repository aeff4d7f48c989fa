"""Property-based round trips: what we export, we read back as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import contacts as any_contacts
from strategies import partial_dates

from keepintouch.domain.model import Contact, Network, Occasion
from keepintouch.interchange.native_json import export_json, read_native
from keepintouch.interchange.person import clean, email_key, label_text, phone_key, url_key
from keepintouch.interchange.plan import ImportOptions, plan_batches
from keepintouch.interchange.vcard import read_vcards
from keepintouch.interchange.vcard_export import export_vcards

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
OPTIONS = ImportOptions(today=date(2026, 11, 23), now=NOW)

#: Any printable text, commas, semicolons, backslashes and colons included.
chars = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], include_characters=",;:\\\"^")
words = st.text(chars, min_size=1, max_size=16).map(clean).filter(bool)
notes = st.text(st.characters(exclude_categories=["Cs", "Cc"], include_characters="\n,;\\"), max_size=60).map(str.strip)


#: Address lines and related names: no digits or "@", so none equals a phone or e-mail.
plain_words = words.filter(lambda w: not any(ch.isdigit() or ch == "@" for ch in w) and not w.casefold().startswith("urn:"))
#: Labels as we keep them (`label_text` leaves them as they are).
labels = st.sampled_from(["work", "home", "mobile", "fax", "other", "spouse", "home fax", "Lab line"]) | words.filter(
    lambda w: label_text(w) == w
)


def unique(values: st.SearchStrategy[str], key) -> st.SearchStrategy[list[str]]:
    return st.lists(values, max_size=3, unique_by=key)


@st.composite
def vcard_contacts(draw: st.DrawFn) -> tuple[Contact, list[Occasion]]:
    contact = Contact(
        name=draw(words),
        org=draw(st.just("") | words),
        role=draw(st.just("") | words),
        met=draw(st.just("") | words),
        tags=draw(unique(words.filter(lambda t: not t.startswith("* ") and t.casefold() not in ("mycontacts", "starred")), str.casefold)),
        emails=draw(unique(st.emails(), email_key)),
        phones=draw(unique(st.from_regex(r"\+?[0-9][0-9 ]{3,12}[0-9]", fullmatch=True), phone_key)),
        urls=draw(unique(st.from_regex(r"https://[a-z]{1,8}\.example/[a-z0-9,;]{0,8}", fullmatch=True), url_key)),
        handles=draw(st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(lambda k: k not in ("pref", "home", "work", "other", "internet")), words.filter(lambda v: not v.lower().startswith(("http://", "https://", "www."))), max_size=2)),
        topics=draw(unique(words, str.casefold)),
        notes=draw(notes),
        nickname=draw(st.just("") | words),
        addresses=draw(unique(st.lists(plain_words, min_size=1, max_size=3).map("\n".join), str.casefold)),
        related=draw(unique(plain_words, str.casefold)),
    )
    labelled = contact.emails + contact.phones + contact.addresses + contact.related
    contact.labels = {v: draw(labels) for v in labelled if draw(st.booleans())}
    occasions = [
        Occasion(contact_id=contact.id, kind=kind, when=draw(partial_dates()))
        for kind in ("birthday", "anniversary")
        if draw(st.booleans())
    ]
    return contact, occasions


FIELDS = ("id", "name", "org", "role", "met", "tags", "emails", "phones", "urls", "handles", "topics", "notes")
FIELDS += ("nickname", "addresses", "related", "labels")


TRICKY = Contact(
    name='Doe, Jane; "JD" \\ Ünïcödé 名前',
    org="A;B,C",
    emails=["same@example.org"],
    notes="line one\n\nline; two, with a literal \\n and: colon",
    id="tricky000001",
)
TWIN = Contact(name="Doe, Jane; \"JD\" \\ Ünïcödé 名前", org="A;B,C", emails=["same@example.org"], id="twin00000002")


@settings(max_examples=150, deadline=None)
@example([(TRICKY, []), (TWIN, [])])
@given(st.lists(vcard_contacts(), max_size=4))
def test_vcard_export_then_import_into_an_empty_network_reproduces_the_contacts(pairs) -> None:
    network = Network(contacts=[c for c, _ in pairs], occasions=[o for _, occ in pairs for o in occ])
    text = export_vcards(network)
    path = Path("export.vcf")
    plan = plan_batches(Network(), [(path, list(read_vcards(text, path)))], OPTIONS) if pairs else None
    if plan is None:
        assert text == ""
        return
    assert not plan.skipped
    assert {c.id: {f: getattr(c, f) for f in FIELDS} for c in plan.added} == {
        c.id: {f: getattr(c, f) for f in FIELDS} for c in network.contacts
    }
    assert {(o.contact_id, o.kind, o.when) for o in plan.records.values()} == {(o.contact_id, o.kind, o.when) for o in network.occasions}


@settings(max_examples=100, deadline=None)
@given(st.lists(any_contacts.filter(lambda c: c.name.strip()), max_size=4, unique_by=lambda c: c.id))
def test_json_export_then_import_into_an_empty_network_restores_every_contact(people) -> None:
    path = Path("backup.json")
    plan = plan_batches(Network(), [(path, list(read_native(export_json(Network(contacts=people), NOW), path)))], OPTIONS)
    assert plan.added == people and not plan.skipped
