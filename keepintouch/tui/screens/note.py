"""A long note, whole: opened on demand from the Notes pane, to read or edit.

The Notes pane shows only the start of a long note (an imported one can be
megabytes), so that selecting that person stays instant. Here the whole text
is loaded, once the dialog is on screen, into an editor as tall as the
screen allows; very long notes are not wrapped, which keeps loading them
well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.widget import Widget
from textual.widgets import Static, TextArea

from keepintouch.domain.safe_text import clean_text
from keepintouch.tui.screens.form import FormScreen
from keepintouch.tui.widgets.text_boxes import PlainTextArea

#: Notes longer than this are shown without wrapping (wrapping 5 MB takes seconds).
WRAP_LIMIT = 200_000


class NoteScreen(FormScreen[str]):
    """Dismisses with the note's text when saved (None: closed, nothing changed)."""

    DEFAULT_CSS: ClassVar[str] = """
    NoteScreen .dialog { width: 100; height: 95%; }
    NoteScreen #whole-note { height: 1fr; }
    """
    keys_hint = "ctrl+s save · esc close"

    def __init__(self, name: str, text: str) -> None:
        super().__init__()
        self.heading = f"Notes on {name}"
        #: What is shown and compared against: the note as it would be stored.
        self.text = clean_text(text)
        self.loaded = False

    def fields(self) -> Iterable[Widget]:
        yield Static(f"{len(self.text):,} characters".replace(",", " "), classes="dialog-note")
        yield PlainTextArea("", id="whole-note", soft_wrap=len(self.text) <= WRAP_LIMIT, tab_behavior="focus")

    def on_mount(self) -> None:
        super().on_mount()
        editor = self.query_one("#whole-note", TextArea)
        editor.focus()
        self.call_after_refresh(self._load)  # the dialog shows first

    def _load(self) -> None:
        self.query_one("#whole-note", TextArea).load_text(self.text)
        self.loaded = True

    def typed(self) -> bool:
        return self.loaded and self.query_one("#whole-note", TextArea).text != self.text

    def result(self) -> str:
        """The edited text; the note as it was if keys came before it was loaded."""
        return self.query_one("#whole-note", TextArea).text if self.loaded else self.text
