"""Hypothesis strategies for untrusted text: what other people's files and pastes can hold."""

from __future__ import annotations

import re

from hypothesis import strategies as st

#: Pieces that have broken things: escape sequences, bells, bare CRs, C1 controls, markup.
TRICKS = [
    "\x1b", "\x07", "\r", "\r\n", "\n", "\t", "\x00", "\x7f", "\x85", "\x9b", "\x9d", "\u2028",
    "\x1b]0;pwned\x07", "\x1b]52;c;aGk=\x1b\\", "\x1b[2J", "\x1b[31m",
    "[/]", "[bold red]", "[@click=app.quit]", "[b]x[/b]",
    ";", ":", ",", "\\", "\\n", '"', "^", "BEGIN:VCARD", "END:VCARD", "BEGIN:VEVENT",
    "\u202e", "\u202a", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u202egnp.exe", "\u2067evil\u2069",
]
#: Control characters (but newline and tab) and lone surrogates: none may be stored or reach a terminal.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Bidi embedding, override and isolate controls: stored as the user's text, never shown ("Trojan Source").
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: What must never reach a terminal: the control characters and the bidi controls.
UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

#: Any text, the tricks much more often than chance would give them.
nasty = st.lists(st.sampled_from(TRICKS) | st.text(max_size=6), max_size=12).map("".join)
#: The same without lone surrogates (which a command line cannot pass).
nasty_encodable = st.lists(
    st.sampled_from(TRICKS) | st.text(st.characters(exclude_categories=["Cs"]), max_size=6), max_size=12
).map("".join)
#: Names: something visible besides the tricks, so that a person can be found by it.
nasty_names = st.tuples(st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True), nasty_encodable).map(" ".join)
