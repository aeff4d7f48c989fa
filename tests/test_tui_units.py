"""The app's pure parts: the people index, drafts to records, wording."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_harness import CLOCK, TODAY

from keepintouch.actions import drafts
from keepintouch.domain.model import Contact, Network, PartialDate, Settings
from keepintouch.tui.people_index import PeopleIndex
from keepintouch.tui.snapshot import Snapshot
from keepintouch.tui.widgets.header import clock_face

NOW = CLOCK.now()


def people(*names: str, **extra) -> list[Contact]:
    return [Contact(name=n, id=f"id{i}", **extra) for i, n in enumerate(names)]


def test_index_ranks_prefix_then_word_then_substring_then_letters() -> None:
    index = PeopleIndex(people("Anna Berg", "Berg Anders", "Johanna", "Albert Nagy", "Zed"))
    assert [c.name for c in index.search("an")] == ["Anna Berg", "Berg Anders", "Johanna", "Albert Nagy"]
    assert [c.name for c in index.search("")] == ["Albert Nagy", "Anna Berg", "Berg Anders", "Johanna", "Zed"]
    assert index.search("qq") == []


def test_index_matches_org_and_tags_and_hides_archived() -> None:
    contacts = [
        Contact(name="Ada", org="Northwind", id="a"),
        Contact(name="Bo", tags=["mentor"], id="b"),
        Contact(name="Cy", org="Northwind", archived=True, id="c"),
    ]
    index = PeopleIndex(contacts)
    assert [c.id for c in index.search("northwind")] == ["a"]
    assert [c.id for c in index.search("northwind", archived=True)] == ["a", "c"]
    assert [c.id for c in index.search("ment")] == ["b"]
    assert index.count() == 2 and index.count(archived=True) == 3


def test_index_narrows_ten_thousand_people_keystroke_by_keystroke() -> None:
    # Its speed is measured in bench/, not asserted here.
    contacts = [Contact(name=f"Person {i:05d} Example", org=f"Org {i % 97}", tags=[f"tag{i % 13}"], id=f"p{i}") for i in range(10_000)]
    index = PeopleIndex(contacts)
    assert len(index.search("p")) == 10_000
    assert [c.id for c in index.search("person 00042")] == ["p42"]
    assert {f"p{i}" for i in range(96, 10_000, 97)} <= {c.id for c in index.search("org 96")}
    assert index.search("xyz") == []


_NAMES = ("Anna Berg", "Berg Anders", "Johanna", "Albert Nagy", "Zed", "Ann-Sophie Roe", "Nanna", "Bea Anand")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="anbe dr-", min_size=1, max_size=5), min_size=1, max_size=6), st.booleans())
def test_typing_and_erasing_gives_what_a_fresh_index_gives(queries: list[str], archived: bool) -> None:
    contacts = [Contact(name=n, org="Berg & Co" if i % 3 == 0 else "", archived=i % 4 == 0, id=f"id{i}") for i, n in enumerate(_NAMES)]
    index = PeopleIndex(contacts)
    for query in queries:  # each pasted whole, then typed letter by letter and erased again
        steps = [query[:n] for n in range(1, len(query) + 1)]
        for typed in [query, *steps, *steps[-2::-1], ""]:
            assert index.search(typed, archived=archived) == PeopleIndex(contacts).search(typed, archived=archived)


def test_parse_due_takes_dates_durations_or_nothing() -> None:
    assert drafts.parse_due("", TODAY) is None
    assert drafts.parse_due("2w", TODAY) == TODAY + timedelta(days=14)
    assert drafts.parse_due("2026-12-01", TODAY) == date(2026, 12, 1)
    with pytest.raises(ValueError, match="not a date or duration"):
        drafts.parse_due("soon", TODAY)


def test_parse_dates_for_the_past_and_the_future() -> None:
    with pytest.raises(ValueError, match="after today"):
        drafts.parse_future_date(TODAY.isoformat(), TODAY)
    with pytest.raises(ValueError, match="still to come"):
        drafts.parse_past_date((TODAY + timedelta(days=1)).isoformat(), TODAY)
    assert drafts.parse_birthday("04-12") == PartialDate(4, 12)
    assert drafts.parse_birthday("") is None


def test_people_hints_are_calm() -> None:
    contacts = [Contact(name="A", rhythm="weekly", id="a", first_due=TODAY - timedelta(days=30)), Contact(name="B", id="b")]
    snapshot = Snapshot.build(Network(contacts=contacts), Settings(), TODAY)
    assert snapshot.hint(contacts[0]) == ("due", "due")
    assert snapshot.hint(contacts[1]) == ("", "muted")  # no rhythm: no word at all
    for text, _ in map(snapshot.hint, contacts):
        assert "overdue" not in text and "neglect" not in text


def test_clock_face() -> None:
    assert clock_face(15 * 60) == "15:00"
    assert clock_face(61) == "01:01"
    assert clock_face(-3) == "00:00"


def test_the_filter_and_quick_capture_ignore_accents_and_sort_like_a_phone_book() -> None:
    people = PeopleIndex([Contact("Jörg Brandt", id="j"), Contact("Zoë Müller", id="z"), Contact("Ívar Olsen", id="i"), Contact("José Ruiz", id="s")])
    assert [c.id for c in people.search("muller")] == ["z"]
    assert [c.id for c in people.search("ZOE")] == ["z"]
    assert [c.id for c in people.search("jose")] == ["s"]
    assert [c.name for c in people.search("")] == ["Ívar Olsen", "Jörg Brandt", "José Ruiz", "Zoë Müller"]
