"""Untrusted text made safe for a terminal: the one place that decides how.

Names and notes come from other people's vCards and CSVs, and from whatever
a terminal pastes. A terminal obeys control characters: ESC starts
sequences that retitle the window, clear the screen or write the clipboard
(OSC 52); BEL rings; a bare CR moves the cursor back over what was printed.
So text is cleaned twice:

- on the way in (`clean_line`, `clean_text`: imports, and typed input),
  so that what is stored is what the user can see. Whole escape sequences are
  removed with their payload ("Jane ESC]0;pwned BEL Doe" becomes "Jane Doe"),
  then any other control character;
- on the way out (`for_terminal`: CLI output and the app), so that data
  stored before this existed, or a path that forgot to clean, still cannot
  reach the terminal: each control character is shown as U+FFFD.

Unicode's bidi embedding, override and isolate controls (U+202A–U+202E,
U+2066–U+2069) are different: they are invisible by design and can be part
of a right-to-left name, so they are stored as the user's text; but a
terminal that honours them would let one name reorder the rest of its line
("Trojan Source"), so `for_terminal` drops them.

JSON keeps text exactly: its encoder escapes C0 controls, and
`escape_json_controls` escapes the DEL and C1 controls JSON allows raw, and
the bidi controls below.

Newline and tab are kept where text may span lines. Lone surrogates (bytes
an import could not decode) become U+FFFD too: they cannot be written as
UTF-8, neither to the terminal nor to the database. Markup is not this
module's business (it is a property of the app's widgets, not of the text):
the app never parses user text as markup.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

#: C0 controls other than tab and newline, DEL, C1 controls, lone surrogates.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNSAFE_RE = re.compile(f"[{_CONTROL}\ud800-\udfff]")
_LINE_UNSAFE_RE = re.compile(f"[\t\n{_CONTROL}\ud800-\udfff]")
#: Bidi embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI).
_BIDI = "\u202a-\u202e\u2066-\u2069"
_JSON_RAW_RE = re.compile(f"[\x7f-\x9f{_BIDI}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")
_SHOWN_UNSAFE_RE = re.compile(f"[{_CONTROL}\ud800-\udfff{_BIDI}]")

#: Terminal escape sequences, as ECMA-48 defines them. String sequences
#: (OSC, DCS, SOS, PM, APC) run to their terminator (BEL or ST) within one
#: line; an unterminated one loses only its introducer, never the text after.
_SEQUENCE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: ESC [ params intermediates final
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI as one C1 character
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"  # string sequences
    r"|\x1b[ -/]*[0-~]"  # any other escape: ESC intermediates final
)


def _without_sequences(text: str) -> str:
    if "\x1b" in text or _has_c1(text):
        return _SEQUENCE_RE.sub("", text)
    return text


def _has_c1(text: str) -> bool:
    return not text.isascii() and any("\x80" <= ch <= "\x9f" for ch in text)


def _surrogate_or_drop(match: re.Match[str]) -> str:
    return REPLACEMENT if "\ud800" <= match[0] <= "\udfff" else ""


def clean_text(text: str) -> str:
    """Text that may span lines (notes, how you met), cleaned for storing.

    Line breaks become `\\n` (CRLF and CR too), tabs stay, escape sequences and
    other control characters go.
    """
    if text.isprintable():
        return text
    # Sequences first, as clean_line does, so that a line break inside one is removed with it
    # and both functions agree on what a field holds.
    text = _without_sequences(text).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_RE.sub(_surrogate_or_drop, text)


def clean_line(text: str) -> str:
    """One-line text (names, orgs, tags, e-mail addresses), cleaned for storing.

    Like `clean_text`, but a line break or tab becomes a space: a name never
    spans lines in a list.
    """
    if text.isprintable():
        return text
    text = _without_sequences(text.replace("\r\n", "\n"))
    return _LINE_UNSAFE_RE.sub(lambda m: " " if m[0] in "\t\n\r" else _surrogate_or_drop(m), text)


def for_terminal(text: str) -> str:
    """Text about to be shown: every control character but newline and tab as U+FFFD,
    bidi embedding, override and isolate controls dropped.

    Nothing else is removed, so that odd stored data is visible rather than
    hidden; CRLF counts as a newline.
    """
    if text.isprintable():
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _SHOWN_UNSAFE_RE.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    return "" if "\u202a" <= match[0] <= "\u2069" else REPLACEMENT


def without_bidi(text: str) -> str:
    """`text` without bidi controls: for text already on its way to the screen that
    `for_terminal` did not see (what an editable box shows)."""
    if text.isascii():
        return text
    return _BIDI_RE.sub("", text)


def escape_json_controls(encoded: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as `\\u007f`-style escapes.

    JSON allows them raw, but a terminal may obey them (U+009B starts a
    sequence on some; U+202E turns the rest of a line around). Outside
    strings JSON is plain ASCII, so replacing them anywhere is safe, and the
    decoded text is unchanged.
    """
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)
