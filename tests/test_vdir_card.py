"""One vdir card rewritten line by line: only the lines of a changed field move.

The rewrite must agree with the reader on which lines say which field
(`line_fields`), write what reads back as written in vCard 3.0 and 4.0, and
keep everything else of a real card byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepintouch.interchange.detect import decode
from keepintouch.interchange.person import is_honorific_only
from keepintouch.interchange.vcard import line_fields
from keepintouch.interchange.vcard_export import CARD_FIELDS
from keepintouch.interchange.vcard_lines import RawCard, logical_lines, parse_property
from keepintouch.interchange.vdir_card import card_person, new_card, person_values, rewrite

FIXTURES = Path(__file__).parent / "fixtures" / "import"
KHARD = Path(__file__).parents[2] / "shared" / "corpus" / "vcards" / "khard"
HERE = Path("card.vcf")


def single_cards() -> list[tuple[str, str]]:
    """Every card of the fixtures (and khard's corpus when it is beside the repo) that holds one person."""
    files = sorted(FIXTURES.glob("*.vcf")) + (sorted(KHARD.glob("*.vcf")) if KHARD.is_dir() else [])
    cards = []
    for path in files:
        text = decode(path.read_bytes())
        for n, piece in enumerate(re.split(r"(?im)^(?=BEGIN:VCARD)", text)):
            if piece.upper().count("BEGIN:VCARD") == 1 and card_person(piece, HERE) is not None:
                cards.append((f"{path.name}#{n}", piece))
    return cards


CARDS = single_cards()
IDS = [name for name, _ in CARDS]


def values_of(text: str) -> dict[str, Any]:
    person = card_person(text, HERE)
    assert person is not None
    return person_values(person)


def without(text: str, field: str) -> str:
    """The card without the lines `line_fields` says feed `field`."""
    keep = []
    starts = list(logical_lines(text))
    props = [parse_property(line, n) for n, line in starts]
    fields = iter(line_fields(RawCard(0, [p for p in props if p is not None])))
    for (_, line), prop in zip(starts, props, strict=True):
        if prop is None or next(fields) != field:
            keep.append(line)
    return "\r\n".join(keep) + "\r\n"


def test_the_fixtures_hold_cards_to_check() -> None:
    ours = [name for name in IDS if (FIXTURES / name.partition("#")[0]).exists()]
    assert len(ours) >= 12  # khard's corpus adds more when it is beside the repo


@pytest.mark.parametrize("text", [t for _, t in CARDS], ids=IDS)
def test_a_card_whose_fields_are_unchanged_is_not_rewritten(text: str) -> None:
    assert rewrite(text, values_of(text), HERE) is text


def set_field(values: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The values with one field set, and labels only for values still there."""
    values = values | {field: value}
    shown = {v for name in ("emails", "phones", "addresses", "related") for v in values[name]}
    return values | {"labels": {k: v for k, v in values["labels"].items() if k in shown}}


def physical(text: str) -> list[str]:
    return re.split(r"\r*\n|\r", text)


NEW = {
    "name": "Zed Quux",
    "nickname": "Zee, Z",
    "org": "Nowhere Ltd; R&D, Inc.",
    "role": "Chief: of; things",
    "emails": ["z@q.example"],
    "phones": ["+15550199"],
    "urls": ["https://z.example/"],
    "addresses": ["1 Long Road\nSpringfield"],
    "related": ["Kim Quux"],
    "tags": ["new tag"],
    "birthday": "--02-29",
    "anniversary": "1999-09-09",
}
#: Fields a card may hold several of and a user may empty: removing them leaves none.
REMOVABLE = ("emails", "phones", "urls", "addresses", "related", "tags", "birthday", "anniversary")


@pytest.mark.parametrize("field", CARD_FIELDS)
@pytest.mark.parametrize("text", [t for _, t in CARDS], ids=IDS)
def test_a_changed_field_moves_only_its_own_lines(text: str, field: str) -> None:
    """The changed field reads back as set; every other field, and every line
    that says none of the field, stays as it was, in order."""
    values = values_of(text)
    wanted = set_field(values, field, NEW[field])
    changed = rewrite(text, wanted, HERE)
    assert values_of(changed) == wanted
    own = set(physical(text)) - set(physical(without(text, field)))
    kept = [line for line in physical(text) if line not in own and not line.startswith(("item", "ITEM"))]
    assert [line for line in physical(changed) if line in kept] == kept


@pytest.mark.parametrize("field", REMOVABLE)
@pytest.mark.parametrize("text", [t for _, t in CARDS], ids=IDS)
def test_an_emptied_field_leaves_no_line(text: str, field: str) -> None:
    values = values_of(text)
    wanted = set_field(values, field, type(NEW[field])())
    assert values_of(rewrite(text, wanted, HERE)) == wanted


# --------------------------------------------------------------------------
# What is written reads back as written, in vCard 3.0 and 4.0

WORD = st.text(st.sampled_from("abcXYZéßøЖ漢字,;:\\\"'&-./"), min_size=1, max_size=8)
TEXT = st.lists(WORD, min_size=1, max_size=3).map(" ".join).filter(lambda s: s == s.strip())
LABEL = st.sampled_from(["", "work", "home", "mobile", "spouse", "assistant", "lab book"])
DATE = st.sampled_from(["", "1980-04-02", "--02-29", "2010-12-31", "--01-05"])


def unique(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(strategy, max_size=3, unique_by=lambda text: " ".join(text.split()).casefold())


@st.composite
def card_fields(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": draw(TEXT.filter(lambda s: not is_honorific_only(s) and any(c.isalpha() for c in s))),
        "nickname": draw(st.one_of(st.just(""), TEXT)),
        "org": draw(st.one_of(st.just(""), TEXT)),
        "role": draw(st.one_of(st.just(""), TEXT)),
        "emails": draw(unique(st.from_regex(r"[a-z]{1,6}@[a-z]{1,6}\.org", fullmatch=True))),
        "phones": draw(unique(st.from_regex(r"\+[1-9][0-9]{6,11}", fullmatch=True))),
        "urls": draw(unique(st.from_regex(r"https://[a-z]{1,8}\.example/[a-z]{0,5}", fullmatch=True))),
        "addresses": draw(unique(st.lists(TEXT, min_size=1, max_size=3).map("\n".join))),
        "related": draw(unique(TEXT)),
        "tags": draw(unique(TEXT.filter(lambda s: not s.startswith("* ") and s.casefold() != "mycontacts"))),
        "birthday": draw(DATE),
        "anniversary": draw(DATE),
    }
    labelled = [v for name in ("emails", "phones", "addresses", "related") for v in values[name]]
    values["labels"] = {v: label for v in labelled if (label := draw(LABEL))}
    return values


SKELETON = {
    "3.0": "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Someone Else\r\nX-PHONETIC-FIRST-NAME:Sam\r\nEND:VCARD\r\n",
    "4.0": "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:1\nFN:Someone Else\nNOTE:theirs\nEND:VCARD\n",
}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(card_fields(), st.sampled_from(sorted(SKELETON)))
def test_what_a_rewrite_writes_reads_back_the_same(values: dict[str, Any], version: str) -> None:
    written = rewrite(SKELETON[version], values, HERE)
    assert values_of(written) == values
    assert f"VERSION:{version}" in written
    assert rewrite(written, values, HERE) is written  # and a second sync writes nothing
    for kept in physical(SKELETON[version])[2:-3]:
        if not kept.startswith("FN:"):
            assert kept in physical(written)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(card_fields())
def test_a_new_card_reads_back_the_same(values: dict[str, Any]) -> None:
    card = new_card(values, "contact-abc@keepintouch", HERE)
    assert values_of(card) == values
    assert "\r\nVERSION:4.0\r\nUID:contact-abc@keepintouch\r\n" in card


def test_a_3_0_card_gets_3_0_lines() -> None:
    values = values_of(SKELETON["3.0"]) | {
        "birthday": "--04-03",
        "anniversary": "2010-06-01",
        "related": ["Mia"],
        "phones": ["+15550100"],
        "labels": {"Mia": "spouse", "+15550100": "mobile"},
    }
    written = rewrite(SKELETON["3.0"], values, HERE)
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-03\r\n" in written
    assert "X-ANNIVERSARY:2010-06-01\r\n" in written
    assert "item1.X-ABRELATEDNAMES:Mia\r\nitem1.X-ABLabel:spouse\r\n" in written
    assert "TEL;TYPE=cell:+15550100\r\n" in written
    assert "\r\nRELATED" not in written and "VALUE=text" not in written


def test_new_groups_are_numbered_after_the_cards_own_and_a_replaced_line_takes_its_label() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Yang\r\nitem1.EMAIL:bo@old.example\r\nitem1.X-ABLabel:Lab\r\n"
        "item2.X-ABDATE:2001-01-01\r\nitem2.X-ABLabel:Graduation\r\nEND:VCARD\r\n"
    )
    values = values_of(text) | {"emails": ["bo@new.example"], "labels": {"bo@new.example": "Lab"}}
    written = rewrite(text, values, HERE)
    assert "bo@old.example" not in written
    assert "item3.EMAIL:bo@new.example\r\nitem3.X-ABLabel:Lab\r\n" in written
    assert written.count("X-ABLabel") == 2
    assert "item2.X-ABDATE:2001-01-01\r\nitem2.X-ABLabel:Graduation\r\n" in written


def test_googles_system_groups_stay_when_the_tags_change() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Yang\r\nCATEGORIES:myContacts,Friends\r\nEND:VCARD\r\n"
    values = values_of(text)
    assert values["tags"] == ["Friends"]
    written = rewrite(text, values | {"tags": ["Friends", "mentor"]}, HERE)
    assert "CATEGORIES:myContacts,Friends,mentor\r\n" in written


def test_a_second_org_and_the_card_s_own_lines_stay_when_the_org_changes() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nUID:x\nFN:Bo Yang\nORG:Acme\nORG:Night School\nTEL;PREF=1:+1 555\n"
        "PHOTO:data:image/png;base64,AAAA\n BBBB\nEND:VCARD\n"
    )
    written = rewrite(text, values_of(text) | {"org": "Globex"}, HERE)
    assert written == text.replace("ORG:Acme\n", "ORG:Globex\n")


def test_a_rewritten_card_says_when_it_was_revised_and_an_unchanged_one_does_not() -> None:
    from datetime import UTC, datetime

    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Yang\r\nORG:Acme\r\nREV:20240105T101010Z\r\nEND:VCARD\r\n"
    when = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
    assert rewrite(text, values_of(text), HERE, revised=when) is text
    written = rewrite(text, values_of(text) | {"org": "Globex"}, HERE, revised=when)
    assert written == text.replace("ORG:Acme", "ORG:Globex").replace("REV:20240105T101010Z", "REV:20261123T101500Z")
