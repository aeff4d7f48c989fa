"""Text boxes that take pasted text clean.

Typing cannot put an escape sequence into a box, but pasting can: a
bracketed paste delivers the clipboard as it is, and `Input` and `TextArea`
would show (and send to the terminal) any ESC or BEL in it, then store it.
These boxes clean a paste first (see `domain.safe_text`); the rest is
Textual's own behaviour. Every box that takes text in the app is one of them.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from keepintouch.domain.safe_text import clean_text


class PlainInput(Input):
    """An `Input` whose pastes lose control characters (it keeps their first line, as `Input` does)."""

    def on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)  # runs before Input's own handler, which inserts it


class PlainTextArea(TextArea):
    """A `TextArea` whose pastes lose control characters (line breaks and tabs stay)."""

    def on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)  # runs before TextArea's own handler, which inserts it
