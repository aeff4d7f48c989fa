"""Text boxes that take pasted text clean, and show stored text safely.

Typing cannot put an escape sequence into a box, but pasting can: a
bracketed paste delivers the clipboard as it is, and `Input` and `TextArea`
would show (and send to the terminal) any ESC or BEL in it, then store it.
These boxes clean a paste first (see `domain.safe_text`); the rest is
Textual's own behaviour. Every box that takes text in the app is one of them.

A box edits the stored text itself, so it cannot show it through
`for_terminal`; Textual drops control characters from what it draws, but
not bidi controls, which a name may hold (they stay in the text, as typed).
So each drawn line loses them: they take no cell, so nothing moves.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input, TextArea

from keepintouch.domain.safe_text import clean_text, without_bidi


def _shown(strip: Strip) -> Strip:
    """A drawn line without bidi controls (see the module docstring)."""
    segments = list(strip)
    texts = [without_bidi(segment.text) for segment in segments]
    if all(text == segment.text for text, segment in zip(texts, segments, strict=True)):
        return strip
    return Strip(
        [Segment(text, s.style, s.control) for text, s in zip(texts, segments, strict=True)], strip.cell_length
    )


class PlainInput(Input):
    """An `Input` whose pastes lose control characters (it keeps their first line, as `Input` does)."""

    def on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)  # runs before Input's own handler, which inserts it

    def render_line(self, y: int) -> Strip:
        return _shown(super().render_line(y))


class PlainTextArea(TextArea):
    """A `TextArea` whose pastes lose control characters (line breaks and tabs stay)."""

    def on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)  # runs before TextArea's own handler, which inserts it

    def render_line(self, y: int) -> Strip:
        return _shown(super().render_line(y))
