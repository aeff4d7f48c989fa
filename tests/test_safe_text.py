"""Untrusted text made safe for a terminal: `domain.safe_text`, plain and property tests."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from strategies_text import BIDI, CONTROL, UNSHOWN, nasty

from keepintouch.domain.safe_text import REPLACEMENT, clean_line, clean_text, for_terminal

#: The bidi controls, one by one.
BIDI_CONTROLS = [chr(n) for n in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
#: Text with nothing to clean: printable characters, spaces; invisible format characters but bidi controls.
ordinary = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters=BIDI_CONTROLS), max_size=60)


@given(nasty)
@example("Jane \x1b]0;pwned\x07Doe")
@example("Ada \u202eevil\u202c \u2067x\u2069")
def test_nothing_cleaned_holds_a_control_character(text: str) -> None:
    assert not CONTROL.search(clean_text(text))
    assert not UNSHOWN.search(for_terminal(text))  # nor a bidi control, on the way out
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


@given(st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from(BIDI_CONTROLS), max_size=60))
def test_showing_replaces_each_control_character_and_removes_only_bidi_controls(text: str) -> None:
    text = text.replace("\r\n", "\n")
    shown = for_terminal(text)
    kept = BIDI.sub("", text)
    assert len(shown) == len(kept)
    assert [a for a, b in zip(kept, shown, strict=True) if a != b] == [ch for ch in kept if CONTROL.match(ch)]


def test_bidi_controls_are_stored_as_typed_and_never_shown() -> None:
    name = "\u2067\u0645\u0631\u064a\u0645\u2069 Ada"  # an isolated right-to-left name, as some software writes it
    assert clean_line(name) == clean_text(name) == name
    assert for_terminal(name) == "\u0645\u0631\u064a\u0645 Ada"
    # "Trojan Source": an override would show the rest of the line backwards.
    assert for_terminal("Ada \u202eevil\u202c: call back") == "Ada evil: call back"
    assert [ch for ch in BIDI_CONTROLS if for_terminal(f"a{ch}b") != "ab"] == []


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
