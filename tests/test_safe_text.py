"""Untrusted text made safe for a terminal: `domain.safe_text`, plain and property tests."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from strategies_text import CONTROL, nasty

from keepintouch.domain.safe_text import REPLACEMENT, clean_line, clean_text, for_terminal

#: Text with nothing to clean: printable characters, spaces.
ordinary = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=60)


@given(nasty)
@example("Jane \x1b]0;pwned\x07Doe")
def test_nothing_cleaned_holds_a_control_character(text: str) -> None:
    assert not CONTROL.search(clean_text(text))
    assert not CONTROL.search(for_terminal(text))
    line = clean_line(text)
    assert not CONTROL.search(line) and "\n" not in line and "\t" not in line


@given(nasty)
def test_cleaning_twice_is_cleaning_once(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)
    assert clean_line(clean_line(text)) == clean_line(text)
    assert for_terminal(for_terminal(text)) == for_terminal(text)


@given(ordinary)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert clean_text(text) == clean_line(text) == for_terminal(text) == text


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
def test_showing_replaces_each_control_character_and_removes_nothing(text: str) -> None:
    text = text.replace("\r\n", "\n")
    shown = for_terminal(text)
    assert len(shown) == len(text)
    assert [a for a, b in zip(text, shown, strict=True) if a != b] == [ch for ch in text if CONTROL.match(ch)]


def test_escape_sequences_go_whole_with_their_payload() -> None:
    assert clean_line("Jane \x1b]0;pwned\x07Doe") == "Jane Doe"  # window title (OSC 0, BEL)
    assert clean_text("a\x1b]52;c;aGk=\x1b\\b") == "ab"  # clipboard write (OSC 52, ST)
    assert clean_text("a\x1b[2Jb\x1b[1;31mc") == "abc"  # clear screen, colours (CSI)
    assert clean_text("a\x9b2Jb") == "ab"  # CSI as one C1 character
    assert clean_text("bell\x07 nul\x00 del\x7f") == "bell nul del"


def test_an_unterminated_sequence_loses_only_its_introducer() -> None:
    assert clean_text("keep \x1b]0;this\nand this") == "keep 0;this\nand this"


def test_line_breaks_are_kept_in_notes_and_become_spaces_in_names() -> None:
    assert clean_text("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree\tfour"
    assert clean_line("one\r\ntwo\rthree\tfour") == "one two three four"


def test_undecodable_bytes_become_a_replacement_character() -> None:
    assert clean_text("caf\udce9") == clean_line("caf\udce9") == for_terminal("caf\udce9") == f"caf{REPLACEMENT}"


def test_showing_makes_stored_controls_visible() -> None:
    assert for_terminal("Jane \x1b]0;pwned\x07Doe") == f"Jane {REPLACEMENT}]0;pwned{REPLACEMENT}Doe"
    assert for_terminal("a\r\nb\rc") == f"a\nb{REPLACEMENT}c"
