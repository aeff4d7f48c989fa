"""The gentle tone check on real-sounding messages, in English and German: hits and misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepintouch.engine.phrasebook import load_phrasebook
from keepintouch.engine.tone import LONG, QUESTION, check

BOOK = load_phrasebook()

#: (message, what the check should name: "chain", "ask", both or nothing)
TABLE = [
    ("Hi Sam, did you see my message from last week?", {"chain"}),
    ("Just following up on the proposal I sent.", {"chain"}),
    ("Any update on this? Thanks!", {"chain"}),
    ("Bumping this to the top of your inbox :)", {"chain"}),
    ("Hello? Are you still around?", {"chain"}),
    ("Hast du es gesehen?", {"chain"}),
    ("Hast du meine Nachricht von Montag gesehen?", {"chain"}),
    ("Hallo? Bist du noch da?", {"chain"}),
    ("Meld dich, wenn du kannst.", {"chain"}),
    ("Kurze Erinnerung an meine Mail von letzter Woche.", {"chain"}),
    ("Quick question: could you look at my deck?", {"ask"}),
    ("Would love to pick your brain about hiring sometime.", {"ask"}),
    ("Great talk! While I have you, do you know anyone at Acme?", {"ask"}),
    ("Kurze Frage: hast du Zeit für einen Call?", {"ask"}),
    ("Hallo Jana, nur eine kleine Bitte: kannst du mich Tom vorstellen?", {"ask"}),
    ("Just following up, quick question about the intro.", {"chain", "ask"}),
    ("Congratulations on the new role, well deserved!", set()),
    ("Herzlichen Glückwunsch zur neuen Stelle!", set()),
    ("Happy birthday, Ada! Have a lovely day.", set()),
    ("I bumped into your article on Rust and loved it.", set()),
    ("Hallo Mia, ich habe an dich gedacht, als ich das gelesen habe.", set()),
    ("Thanks for the intro to Lena, it went really well.", set()),
    ("Hi there, I saw the news about your talk. Congrats!", set()),
    ("Danke für den Tipp mit dem Buch, es hat mir sehr gefallen.", set()),
]


@pytest.mark.parametrize(("message", "expected"), TABLE)
def test_the_table(message: str, expected: set[str]) -> None:
    hints = check(message, BOOK)
    found = {"chain" for h in hints if h.startswith("Let them be silent")} | {"ask" for h in hints if h.startswith("Ask openly")}
    assert found == expected, hints
    assert len(hints) == len(expected)


def test_a_hint_quotes_the_words_as_written_and_names_the_principle() -> None:
    (hint,) = check("Hi, did you SEE my message", BOOK)
    assert hint.startswith("Let them be silent: “did you SEE my message”")
    (hint,) = check("Kurze Frage: hast du Zeit", BOOK)
    assert "Ask openly: “Kurze Frage”" in hint


def test_a_question_is_named_only_in_a_touch_meant_to_need_no_answer() -> None:
    assert check("Loved your post. What tool did you use?", BOOK) == []
    assert check("Loved your post. What tool did you use?", BOOK, no_answer=True) == [QUESTION]
    assert check("Loved your post.", BOOK, no_answer=True) == []


def test_a_long_message_is_named_only_for_a_light_touch() -> None:
    long = "I really enjoyed it. " * 30
    assert check(long, BOOK) == []
    assert check(long, BOOK, light=True) == [LONG]
    assert check("Congrats, Ada!", BOOK, light=True) == []


def test_each_thing_is_named_once() -> None:
    hints = check("Any update? Any update? Bumping this. Hello?", BOOK)
    assert len(hints) == 1


def test_empty_text_has_no_hints() -> None:
    assert check("", BOOK, no_answer=True, light=True) == []


@given(st.text(max_size=300), st.booleans(), st.booleans())
def test_any_text_gets_at_most_one_hint_per_thing_and_never_raises(text: str, no_answer: bool, light: bool) -> None:
    hints = check(text, BOOK, no_answer=no_answer, light=light)
    assert len(hints) == len(set(hints)) <= 4
    assert (QUESTION in hints) == (no_answer and "?" in text)


def test_a_users_phrase_without_words_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "tone.toml").write_text('chain = ["…", "  ", "nudge nudge"]\n', encoding="utf-8")
    book = load_phrasebook(tmp_path)
    assert check("Lovely to see this.", book) == []
    assert "“Nudge nudge”" in check("Nudge  nudge, did you read it", book)[0]
