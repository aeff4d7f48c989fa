"""Drafts: every trigger × kind × language gives short, filled words; no-answer touches ask nothing."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keepintouch.domain.clock import Clock
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Promise, Settings, Touch
from keepintouch.engine.drafting import (
    DRAFT_KINDS,
    DRAFT_TRIGGERS,
    current_suggestion,
    draft_for,
    fill,
    pick,
)
from keepintouch.engine.phrasebook import PhrasebookError, load_phrasebook, parse_template
from keepintouch.engine.queue import Suggestion
from keepintouch.engine.tone import check
from keepintouch.store.config import ConfigError, load_settings
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)
BOOK = load_phrasebook()
NOW = datetime(2026, 11, 1, tzinfo=UTC)
#: The kinds the queue gives each trigger, plus every light touch.
QUEUE_KINDS = {
    "birthday": ["congrats"],
    "anniversary": ["congrats", "message"],
    "news": ["congrats"],
    "promise": ["share", "intro", "thanks", "other"],
    "rhythm": ["react", "share", "comment"],
    "awaiting": ["react", "share", "comment"],
}

#: Any text, but for "?", braces and brackets: so that any found in a draft come from the template.
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="?{}[]"), max_size=30)
people = st.builds(
    Contact,
    name=texts,
    org=texts,
    role=texts,
    topics=st.lists(texts, max_size=3),
    language=st.sampled_from(["", "en", "de"]),
    id=st.text("0123456789abcdef", min_size=12, max_size=12),
)


def network_of(contact: Contact, *, label: str = "", promise: str = "", touches: int = 0, awaiting: bool = False) -> Network:
    """A network around one person, with an occasion, a promise and touches as asked."""
    net = Network(contacts=[contact])
    net.occasions.append(Occasion(contact.id, "anniversary", PartialDate(11, 23, 2020), label=label, created=NOW, updated=NOW))
    net.occasions.append(Occasion(contact.id, "news", PartialDate(11, 20, 2026), label=label, yearly=False, created=NOW, updated=NOW))
    if promise:
        net.promises.append(Promise(contact.id, promise, due=TODAY, created=NOW, updated=NOW))
    for n in range(touches):
        day = TODAY - timedelta(days=40 + n)
        net.touches.append(Touch(contact.id, day, kind="message", awaiting_reply=awaiting and n == 0, created=NOW, updated=NOW))
    return net


def suggestion(contact: Contact, trigger: str, kind: str) -> Suggestion | None:
    if trigger == "awaiting":
        trigger = "rhythm"
    return Suggestion(contact, trigger, "Because", kind, TODAY)


@settings(max_examples=150, deadline=None)
@given(
    contact=people,
    trigger=st.sampled_from(DRAFT_TRIGGERS),
    data=st.data(),
    language=st.sampled_from(["en", "de"]),
    label=texts,
    promise=texts,
    touches=st.integers(0, 3),
    chosen=st.booleans(),
)
def test_every_trigger_kind_and_language_gives_a_filled_draft(
    contact: Contact, trigger: str, data: st.DataObject, language: str, label: str, promise: str, touches: int, chosen: bool
) -> None:
    kind = data.draw(st.sampled_from(DRAFT_KINDS if chosen else QUEUE_KINDS[trigger]))
    contact = dataclasses.replace(contact, language=language)
    net = network_of(contact, label=label, promise=promise, touches=touches, awaiting=trigger == "awaiting")
    made = draft_for(net, contact, suggestion(contact, trigger, kind), BOOK, today=TODAY, kind=kind if chosen else None)
    assert made.text.strip()
    assert made.language == language
    assert "{" not in made.text and "[[" not in made.text  # nothing left of the template's syntax
    if made.no_answer:
        assert "?" not in made.text
        assert made.tone == ()


def test_every_builtin_template_of_a_no_answer_touch_has_no_question_and_no_ask() -> None:
    no_answer = {*DRAFT_KINDS, "awaiting", "birthday", "anniversary", "news", "rhythm"}
    for language in ("en", "de"):
        for key, variants in BOOK.templates[language].items():
            for variant in variants:
                assert "?" not in variant, (language, key, variant)
                assert check(variant, BOOK, no_answer=key in no_answer, light=True) == [], (language, key, variant)


def test_english_and_german_have_the_same_templates() -> None:
    assert set(BOOK.templates["en"]) == set(BOOK.templates["de"])
    for key in (*DRAFT_TRIGGERS, *DRAFT_KINDS):
        assert key in BOOK.templates["en"], key


def test_a_draft_is_in_the_persons_language_else_the_default() -> None:
    ada = Contact(name="Ada Okafor", topics=["open source"], id="ada000000001")
    net = Network(contacts=[ada])
    assert draft_for(net, ada, None, BOOK, today=TODAY, default_language="de").language == "de"
    assert draft_for(net, ada, None, BOOK, today=TODAY, default_language="en").language == "en"
    german = dataclasses.replace(ada, language="de")
    made = draft_for(net, german, None, BOOK, today=TODAY, default_language="en")
    assert made.language == "de" and made.text in {fill(v, {"name": "Ada", "topic": "open source"}) for v in BOOK.variants("de", "share")}


def test_a_language_without_templates_falls_back_to_english_and_says_so() -> None:
    ada = Contact(name="Ada", language="fr", id="ada000000001")
    made = draft_for(Network(contacts=[ada]), ada, None, BOOK, today=TODAY)
    assert made.language == "en"
    assert any("No drafts in 'fr'" in note for note in made.notes)


def test_facts_fill_the_draft() -> None:
    ada = Contact(name="Ada Okafor", org="Northwind", id="ada000000001")
    net = network_of(ada, label="new job at Northwind")
    news = draft_for(net, ada, Suggestion(ada, "news", "News", "congrats", TODAY), BOOK, today=TODAY)
    assert news.trigger == "news" and news.kind == "congrats"
    assert "Ada" in news.text and "Okafor" not in news.text
    variants = BOOK.variants("en", "news")
    assert news.text in {fill(v, {"name": "Ada", "org": "Northwind", "news": "new job at Northwind", "occasion": "new job at Northwind"}) for v in variants}


def test_a_promise_draft_quotes_the_promise() -> None:
    ada = Contact(name="Ada", id="ada000000001")
    net = network_of(ada, promise="send the event sourcing article")
    made = draft_for(net, ada, Suggestion(ada, "promise", "You promised", "share", TODAY), BOOK, today=TODAY)
    facts = {"name": "Ada", "promise": "send the event sourcing article", "occasion": "", "news": ""}
    filled = [fill(v, facts) for v in BOOK.variants("en", "promise")]
    assert made.text in filled
    assert sum("send the event sourcing article" in (text or "") for text in filled) == 2


def test_while_awaiting_a_reply_the_draft_needs_no_answer_and_says_you_wrote() -> None:
    ada = Contact(name="Ada", rhythm="monthly", topics=["Rust"], id="ada000000001")
    net = network_of(ada, touches=1, awaiting=True)
    made = draft_for(net, ada, Suggestion(ada, "rhythm", "Waiting", "share", TODAY), BOOK, today=TODAY)
    assert made.trigger == "awaiting" and made.kind == "share"
    assert made.notes[0] == "You wrote on 14 Oct; a light touch that needs no answer fits, or let them be quiet."
    assert "?" not in made.text
    # Without a suggestion too, and a chosen kind that needs an answer is turned into one that does not.
    alone = draft_for(net, ada, None, BOOK, today=TODAY)
    assert alone.trigger == "awaiting" and alone.kind in ("share", "react")


def test_variants_turn_with_each_logged_touch() -> None:
    variants = ("One.", "Two.", "Three.")
    seen = [pick(variants, {}, seed=7, turn=turn) for turn in range(6)]
    assert all(a != b for a, b in pairwise(seen))
    assert set(seen) == set(variants)
    ada = Contact(name="Ada", id="ada000000001")
    drafts = []
    for turn in range(4):
        net = Network(contacts=[ada], touches=[Touch(ada.id, TODAY - timedelta(days=1 + n), kind="call", created=NOW, updated=NOW) for n in range(turn)])
        drafts.append(draft_for(net, ada, None, BOOK, today=TODAY, kind="thanks").text)
    assert all(a != b for a, b in pairwise(drafts))


@given(st.sampled_from(["{name}", "[[{name}]]", "{topic} and {name}"]), st.text(max_size=10))
def test_a_fact_that_looks_like_a_placeholder_stays_text(variant: str, extra: str) -> None:
    filled = fill(variant, {"name": "{topic}" + extra, "topic": "Rust"})
    assert filled is not None and "{topic}" + extra in filled


def test_untrusted_facts_are_one_plain_line() -> None:
    ada = Contact(name="Ada\x1b[31m\nEvil", topics=["a\nb\x07c" * 40], id="ada000000001")
    made = draft_for(Network(contacts=[ada]), ada, None, BOOK, today=TODAY, kind="share")
    assert "\x1b" not in made.text and "\x07" not in made.text and "\n" not in made.text
    assert len(made.text) < 300


def test_the_users_templates_replace_and_add(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "thanks.txt").write_text("# mine\nCheers[[, {name}]], that helped a lot.\n", encoding="utf-8")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "share.txt").write_text("Bonjour[[ {name}]], j'ai pensé à toi en lisant ceci.\n", encoding="utf-8")
    (tmp_path / "en" / "tone.toml").write_text('hidden_ask = ["one more thing"]\n', encoding="utf-8")
    book = load_phrasebook(tmp_path)
    assert book.variants("en", "thanks") == ("Cheers[[, {name}]], that helped a lot.",)
    assert "one more thing" in book.tone["hidden_ask"] and "quick question" in book.tone["hidden_ask"]
    ada = Contact(name="Ada", language="fr", id="ada000000001")
    made = draft_for(Network(contacts=[ada]), ada, None, book, today=TODAY, kind="thanks")
    assert made.language == "en" and made.text == "Cheers, Ada, that helped a lot."
    assert made.notes == ("No 'thanks' draft in 'fr' yet, so this one is in English; you can add yours in the templates folder.",)
    french = draft_for(Network(contacts=[ada]), ada, None, book, today=TODAY, kind="share")
    assert (french.language, french.text, french.notes) == ("fr", "Bonjour Ada, j'ai pensé à toi en lisant ceci.", ())


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("share.txt", "Hi {name}, here.\n", "needs no facts"),
        ("share.txt", "Hi {name, here.\n", "not closed"),
        ("Share This.txt", "Hi.\n", "name it after"),
        ("tone.toml", "chain = [1]\n", "a list of phrases"),
        ("tone.toml", "chain = [\n", "not valid TOML"),
        ("words.toml", "since = 3\n", "[since]"),
    ],
)
def test_a_broken_user_file_is_named_in_one_line(tmp_path: Path, name: str, content: str, says: str) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / name).write_text(content, encoding="utf-8")
    with pytest.raises(PhrasebookError) as error:
        load_phrasebook(tmp_path)
    assert says in str(error.value) and "\n" not in str(error.value) and str(tmp_path) in str(error.value)


def test_parse_template_skips_comments_and_splits_variants() -> None:
    assert parse_template("# c\nOne.\n---\n\nTwo\nlines.\n---\n", "x") == ("One.", "Two\nlines.")


def test_current_suggestion_finds_the_persons_entry(tmp_path: Path) -> None:
    from keepintouch.actions.demo import write_demo_db

    clock = Clock(TODAY)
    write_demo_db(tmp_path / "db.json", clock)
    net = Store(tmp_path / "db.json", clock).network()
    julia = next(c for c in net.contacts if c.name == "Julia Nowak")
    found = current_suggestion(net, Settings(), TODAY, julia)
    assert found is not None and found.trigger == "birthday"
    made = draft_for(net, julia, found, BOOK, today=TODAY)
    assert made.trigger == "birthday" and "birthday" in made.text.casefold()


def test_contacts_stored_before_languages_load_with_none(tmp_path: Path) -> None:
    old = Contact(name="Ada", id="ada000000001").to_dict()
    del old["language"]
    assert Contact.from_dict(old).language == ""
    db = tmp_path / "db.json"
    db.write_text(json.dumps({"_meta": {"1": {"schema_version": 2}}, "contacts": {"1": old}}), encoding="utf-8")
    assert Store(db, Clock(TODAY)).network().contacts[0].language == ""


def test_config_language(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_settings(path).language == "en"
    path.write_text('language = "DE"\n', encoding="utf-8")
    assert load_settings(path).language == "de"
    path.write_text('language = "German!"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'language' must be a language code"):
        load_settings(path)


def test_the_ask_about_note_stands_beside_the_draft_not_in_it() -> None:
    ada = Contact(name="Ada", ask_about="her move to Lisbon", id="ada000000001")
    made = draft_for(Network(contacts=[ada]), ada, None, BOOK, today=TODAY, kind="share")
    assert made.notes == ("To ask about next time: her move to Lisbon.",)
    assert "Lisbon" not in made.text
    waiting = draft_for(network_of(ada, touches=1, awaiting=True), ada, None, BOOK, today=TODAY)
    assert not any("ask about" in note for note in waiting.notes)  # while you wait, nothing to ask
    assert fill("Hi, how is {ask_about} going", {"ask_about": "the move"}) == "Hi, how is the move going"
