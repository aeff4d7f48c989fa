"""The actions layer: every change a user can make, as plain functions over the newest network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tui_harness import TODAY

from keepintouch.actions import rest
from keepintouch.actions.base import ActionError, Moment
from keepintouch.actions.card import person_card
from keepintouch.actions.drafts import PersonDraft, person_change
from keepintouch.actions.people import PersonChange, add_person, edit_person, find_person, set_notes, united
from keepintouch.actions.promises import find_open_promise, keep_promise, make_promise, note_news
from keepintouch.actions.touches import TouchDraft, log_touch
from keepintouch.domain.model import Contact, Day, Network, Occasion, PartialDate, Pause, Promise, Settings, Touch
from keepintouch.domain.names import folded, name_order
from keepintouch.engine.due import DueDates

MOMENT = Moment(TODAY, Settings())


def test_add_gives_the_default_rhythm_a_spread_first_date_and_a_birthday() -> None:
    change = PersonChange(set={"rhythm": "monthly", "birthday": PartialDate(4, 12)}, add={"tags": ["a", "b", "A"]})
    outcome = add_person(Network(), MOMENT, "  Noor   Haddad ", change, contact_id="n1")
    noor, birthday = outcome.put
    assert isinstance(noor, Contact) and isinstance(birthday, Occasion)
    assert (noor.id, noor.name, noor.tags, noor.rhythm, noor.first_due) == ("n1", "Noor Haddad", ["a", "b"], "monthly", TODAY)
    assert (birthday.contact_id, birthday.when) == ("n1", PartialDate(4, 12))
    assert outcome.message == "Added Noor Haddad (monthly)."
    default = add_person(Network(), Moment(TODAY, Settings(default_rhythm="quarterly")), "Ada").put[0]
    assert default.rhythm == "quarterly"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["", "   ", "ADA  lovelace", "Adá Lovelace"])
def test_add_refuses_an_empty_or_taken_name(name: str) -> None:
    network = Network(contacts=[Contact("Ada Lovelace")])
    with pytest.raises(ActionError):
        add_person(network, MOMENT, name)


def test_edit_applies_only_the_change_to_the_newest_person() -> None:
    """The other process added a tag and an e-mail and set the org after the form opened."""
    opened = Contact("Ada", org="Old", tags=["x"], id="a")
    form = PersonDraft.of(opened, Network(contacts=[opened]))
    saved = PersonDraft.of(opened, Network(contacts=[opened]))
    saved.role = "Engineer"
    saved.tags = "x, y"
    newest = Contact("Ada", org="Elsewhere", tags=["x", "t"], emails=["e@x.org"], id="a")
    outcome = edit_person(Network(contacts=[newest]), MOMENT, "a", person_change(form, saved))
    (ada,) = outcome.put
    assert isinstance(ada, Contact)
    assert (ada.org, ada.role, ada.tags, ada.emails) == ("Elsewhere", "Engineer", ["x", "t", "y"], ["e@x.org"])
    assert outcome.message == "Saved Ada."


def test_edit_of_a_field_changed_elsewhere_wins_and_says_so() -> None:
    opened = Contact("Ada", org="Old", id="a")
    form = PersonDraft.of(opened, Network(contacts=[opened]))
    saved = PersonDraft.of(opened, Network(contacts=[opened]))
    saved.org = "Mine"
    newest = Contact("Ada", org="Theirs", id="a")
    outcome = edit_person(Network(contacts=[newest]), MOMENT, "a", person_change(form, saved))
    assert outcome.put[0].org == "Mine"  # type: ignore[attr-defined]
    assert outcome.message == "Saved Ada; the organisation had also been changed elsewhere."


def test_an_unchanged_form_writes_nothing() -> None:
    ada = Contact("Ada", org="O", tags=["t"], id="a")
    network = Network(contacts=[ada], occasions=[Occasion("a", "birthday", PartialDate(1, 2))])
    form = PersonDraft.of(ada, network)
    change = person_change(form, PersonDraft.of(ada, network))
    assert not change
    assert not edit_person(network, MOMENT, "a", change).changes


def test_edit_removes_a_cleared_birthday_and_refuses_a_taken_or_empty_name() -> None:
    ada = Contact("Ada", id="a")
    birthday = Occasion("a", "birthday", PartialDate(1, 2))
    network = Network(contacts=[ada, Contact("Grace", id="g")], occasions=[birthday])
    assert edit_person(network, MOMENT, "a", PersonChange(set={"birthday": None})).remove == [birthday]
    for name in ("grace", "", "  "):
        with pytest.raises(ActionError):
            edit_person(network, MOMENT, "a", PersonChange(set={"name": name}))


def test_a_new_rhythm_spreads_only_someone_never_touched() -> None:
    fresh, touched = Contact("Fresh", id="f"), Contact("Touched", id="t")
    network = Network(contacts=[fresh, touched], touches=[Touch("t", TODAY - timedelta(days=3))])
    monthly = PersonChange(set={"rhythm": "monthly"})
    assert edit_person(network, MOMENT, "f", monthly).put[0].first_due is not None  # type: ignore[attr-defined]
    assert edit_person(network, MOMENT, "t", monthly).put[0].first_due is None  # type: ignore[attr-defined]


@given(st.lists(st.text(max_size=5)), st.lists(st.text(max_size=5)), st.lists(st.text(max_size=5)))
def test_united_keeps_old_order_drops_and_never_repeats(old: list[str], add: list[str], drop: list[str]) -> None:
    merged = united(old, add, drop)
    keys = [v.casefold() for v in merged]
    assert len(keys) == len(set(keys))
    assert not {v.casefold() for v in drop} & set(keys)
    assert all(v for v in merged)


def test_find_person_ignores_case_and_accents_and_lists_several() -> None:
    network = Network(contacts=[Contact("Zoë Müller", id="z"), Contact("José Ruiz", id="j"), Contact("Josefine Berg", id="b")])
    assert find_person(network, "muller").id == "z"
    assert find_person(network, "ZOE").id == "z"
    assert find_person(network, "josé ruiz").id == "j"
    with pytest.raises(ActionError, match="matches 2 people: José Ruiz, Josefine Berg"):
        find_person(network, "jos")
    with pytest.raises(ActionError, match="Nobody called"):
        find_person(network, "nobody")
    assert folded("Ívar") == "ivar"
    assert sorted(["Jörg", "Zoe", "Ívar", "Anna"], key=name_order) == ["Anna", "Ívar", "Jörg", "Zoe"]


@given(st.one_of(st.text(st.characters(max_codepoint=127)), st.text()))
def test_folding_plain_ascii_quickly_is_folding_it_fully(text: str) -> None:
    import unicodedata

    full = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    assert folded(text) == full


def test_an_inbound_touch_never_awaits_a_reply() -> None:
    network = Network(contacts=[Contact("Ada", id="a")])
    touch = log_touch(network, MOMENT, TouchDraft("a", kind="message", direction="in", awaiting_reply=True)).put[0]
    assert isinstance(touch, Touch) and touch.inbound and not touch.awaiting_reply
    out = log_touch(network, MOMENT, TouchDraft("a", kind="message", awaiting_reply=True)).put[0]
    assert out.awaiting_reply  # type: ignore[attr-defined]


def test_log_refuses_a_future_date_an_unknown_kind_and_a_person_gone() -> None:
    network = Network(contacts=[Contact("Ada", id="a")])
    for draft in (TouchDraft("a", day=TODAY + timedelta(days=1)), TouchDraft("a", kind="poke"), TouchDraft("gone")):
        with pytest.raises(ActionError):
            log_touch(network, MOMENT, draft)


def test_logging_from_a_promise_keeps_it_in_the_same_outcome() -> None:
    promise = Promise("a", "Send the paper", TODAY, id="p")
    network = Network(contacts=[Contact("Ada", id="a")], promises=[promise])
    outcome = log_touch(network, MOMENT, TouchDraft("a", kind="share", promise_id="p"))
    kept = outcome.put[1]
    assert isinstance(kept, Promise) and kept.done and kept.done_on == TODAY
    assert outcome.message == "Logged a share with Ada. Promise kept."


def test_promises_refuse_a_duplicate_and_are_found_by_a_word() -> None:
    ada = Contact("Ada", id="a")
    network = Network(contacts=[ada], promises=[Promise("a", "Send the paper", id="p"), Promise("a", "Intro to Bo", id="q")])
    with pytest.raises(ActionError, match="already noted"):
        make_promise(network, MOMENT, "a", " send the PAPER ", None)
    assert find_open_promise(network, ada, "intro").id == "q"
    with pytest.raises(ActionError, match="2 open promises"):
        find_open_promise(network, ada, None)
    assert keep_promise(network, MOMENT, "q").put[0].done  # type: ignore[attr-defined]


def test_news_cannot_come_from_the_future() -> None:
    network = Network(contacts=[Contact("Ada", id="a")])
    with pytest.raises(ActionError):
        note_news(network, MOMENT, "a", "New job", TODAY + timedelta(days=2))
    news = note_news(network, MOMENT, "a", " New job ", None).put[0]
    assert isinstance(news, Occasion) and (news.label, news.when.year, news.yearly) == ("New job", TODAY.year, False)


def test_skip_and_energy_share_todays_day_record() -> None:
    network = Network(contacts=[Contact("Ada", id="y")], days=[Day(date=TODAY, energy="high", skipped=["x"], id="d1")])
    skipped = rest.skip(network, MOMENT, "y").put[0]
    assert (skipped.id, skipped.energy, skipped.skipped) == ("d1", "high", ["x", "y"])  # type: ignore[attr-defined]
    low = rest.set_energy(network, MOMENT, "LOW").put[0]
    assert (low.id, low.energy, low.skipped) == ("d1", "low", ["x"])  # type: ignore[attr-defined]
    assert rest.set_energy(network, MOMENT, "high").put == []  # already so: nothing to write


def test_unsnooze_of_someone_awake_writes_nothing() -> None:
    network = Network(contacts=[Contact("Ada", id="a")])
    assert rest.unsnooze(network, MOMENT, "a").put == []
    with pytest.raises(ActionError):
        rest.snooze(network, MOMENT, "a", TODAY)


def test_resume_ends_every_pause_covering_today() -> None:
    first = Pause(start=TODAY - timedelta(days=3), until=TODAY + timedelta(days=4), id="p1")
    second = Pause(start=TODAY - timedelta(days=1), until=TODAY + timedelta(days=9), id="p2")
    later = Pause(start=TODAY + timedelta(days=30), until=TODAY + timedelta(days=40), id="p3")
    outcome = rest.resume(Network(pauses=[first, second, later]), MOMENT)
    assert sorted((p.id, p.until) for p in outcome.put) == [("p1", TODAY), ("p2", TODAY)]  # type: ignore[attr-defined]
    longer = rest.pause(Network(pauses=[first]), MOMENT, TODAY + timedelta(days=20)).put[0]
    assert (longer.id, longer.until) == ("p1", TODAY + timedelta(days=20))  # type: ignore[attr-defined]
    assert rest.resume(Network(), MOMENT).put == []


def test_notes_are_written_only_when_changed() -> None:
    network = Network(contacts=[Contact("Ada", notes="same", id="a")])
    assert set_notes(network, "a", "same").put == []
    assert set_notes(network, "a", "new").put[0].notes == "new"  # type: ignore[attr-defined]


def test_the_card_names_work_channels_rhythm_birthday_and_promises() -> None:
    ada = Contact("Ada", org="Lumen", role="CTO", emails=["ada@x.org"], rhythm="monthly", id="a")
    network = Network(
        contacts=[ada],
        touches=[Touch("a", TODAY - timedelta(days=40), gave=True)],
        promises=[Promise("a", "Send the paper", TODAY + timedelta(days=3))],
        occasions=[Occasion("a", "birthday", PartialDate(4, 12))],
    )
    card = person_card(
        ada,
        today=TODAY,
        dues=DueDates(network, Settings(), TODAY),
        touches=network.touches,
        promises=network.promises,
        occasions=network.occasions,
    )
    assert (card.name, card.work) == ("Ada", "CTO, Lumen")
    rows = dict(card.rows)
    assert rows["Channels"] == "ada@x.org"
    assert rows["Rhythm"] == "Monthly · due"
    assert rows["Birthday"] == "12 Apr"
    assert rows["Balance"] == "gave 1 · asked 0"
    assert rows["Promised"] == "Send the paper (by 26 Nov)"


def test_capture_adds_a_new_person_logs_and_promises_in_one_outcome() -> None:
    from keepintouch.actions.capture import Capture, capture

    draft = Capture(TouchDraft("n1", kind="call", note="Met at the meetup"), new_name="Noor", promise="Send the paper")
    outcome = capture(Network(), MOMENT, draft)
    kinds = [type(r).__name__ for r in outcome.put]
    assert kinds == ["Contact", "Touch", "Promise"]
    assert all(getattr(r, "contact_id", "n1") == "n1" for r in outcome.put) and outcome.put[0].id == "n1"
    assert outcome.message.startswith("Added Noor (monthly). Logged a call with Noor. Noted your promise to Noor")
    with pytest.raises(ActionError):  # someone of that name came in meanwhile
        capture(Network(contacts=[Contact("Noor")]), MOMENT, draft)


@given(st.text(), st.text(), st.text())
def test_typed_text_is_stored_without_control_characters(name: str, note: str, org: str) -> None:
    """Whatever is typed or pasted into add, edit, log, promise or news, no control character
    but a note's line breaks and tabs is stored (`domain.safe_text`)."""
    import unicodedata

    def clean(text: str, lines: bool) -> bool:
        allowed = {"\n", "\t"} if lines else set()
        return not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)

    network = Network(contacts=[Contact("Ada", id="a")])
    try:
        added = add_person(network, MOMENT, name + "x", PersonChange(set={"org": org}, add={"tags": [name]}))
    except ActionError:
        return  # e.g. the name is taken once cleaned
    person_ = added.put[0]
    assert isinstance(person_, Contact)
    assert all(clean(v, False) for v in (person_.name, person_.org, *person_.tags))
    logged = log_touch(network, MOMENT, TouchDraft("a", note=note, ask_about=org)).put
    assert all(clean(r.note, True) for r in logged if isinstance(r, Touch))
    assert all(clean(r.ask_about, False) for r in logged if isinstance(r, Contact))
    if name.strip():
        try:
            promised = make_promise(network, MOMENT, "a", name, None).put[0]
        except ActionError:
            return
        assert clean(promised.text, False)  # type: ignore[attr-defined]


def test_the_card_shows_what_address_books_hold_with_their_labels() -> None:
    grace = Contact(
        "Grace Ito",
        nickname="Gracie",
        phones=["+81 90 1234 5678"],
        emails=["grace@x.org"],
        addresses=["1-2 Yoshida-honmachi\nKyoto 606-8501\nJapan"],
        related=["Ken Ito"],
        labels={"+81 90 1234 5678": "mobile", "1-2 Yoshida-honmachi\nKyoto 606-8501\nJapan": "work", "Ken Ito": "spouse"},
        id="g",
    )
    network = Network(contacts=[grace])
    card = person_card(grace, today=TODAY, dues=DueDates(network, Settings(), TODAY), touches=[], promises=[], occasions=[])
    rows = card.rows
    assert ("Called", "Gracie") in rows
    assert ("Channels", "grace@x.org") in rows and ("", "+81 90 1234 5678 (mobile)") in rows
    assert ("Address", "work: 1-2 Yoshida-honmachi, Kyoto 606-8501, Japan") in rows
    assert ("Related", "Ken Ito (spouse)") in rows
