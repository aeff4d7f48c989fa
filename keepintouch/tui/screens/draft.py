"""The draft editor: the words for a Today entry, to edit, copy and send yourself.

keepintouch never sends anything (principle 8): one key copies the text to
the clipboard (Textual's `copy_to_clipboard`, which works over SSH), one
opens the person's channel with the system's opener (a new email holding
the text, or their profile page), one closes the editor and opens the log
form with the text as its note. The tone check's hints follow the text as it
is edited, and never block.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import ClassVar
from urllib.parse import quote

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from keepintouch.domain.model import Contact
from keepintouch.engine.drafting import Draft
from keepintouch.engine.phrasebook import Phrasebook
from keepintouch.engine.tone import check
from keepintouch.tui.widgets.text_boxes import PlainTextArea


def open_with_system(url: str) -> None:
    """Hand `url` to the system's opener (`open` on macOS, else `xdg-open`); OSError if there is none."""
    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(  # noqa: S603 - a fixed program and one argument, no shell
        [command, url],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def channel_url(contact: Contact, text: str) -> str | None:
    """Where to write to someone: a new email holding `text`, else their first web profile."""
    for email in contact.emails:
        address = email.strip()
        if address and address.isprintable() and "@" in address:
            return f"mailto:{quote(address, safe='@')}?body={quote(text, safe='')}"
    for url in sorted(contact.urls, key=lambda u: "linkedin." not in u.casefold()):
        if url.strip().lower().startswith(("https://", "http://")) and url.strip().isprintable():
            return url.strip()
    return None


class DraftScreen(ModalScreen[str | None]):
    """Dismisses with the text to log as the touch's note (ctrl+l), or None (esc)."""

    DEFAULT_CSS = """
    DraftScreen .dialog TextArea { height: 9; }
    DraftScreen #draft-hints { color: $text-warning; padding-top: 1; }
    DraftScreen #draft-notes { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "copy", "Copy"),
        Binding("ctrl+o", "open_channel", "Open channel"),
        Binding("ctrl+l", "log", "Log it"),
        Binding("escape", "close", "Close"),
    ]

    #: How a URL is opened; tests replace it, so nothing real is launched.
    opener: ClassVar[Callable[[str], None]] = staticmethod(open_with_system)

    def __init__(self, draft: Draft, book: Phrasebook, *, reason: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.book = book
        self.reason = reason

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(classes="dialog"):
            yield Static(Content(f"A draft for {draft.contact.name} · {draft.kind} · {draft.language}"), classes="dialog-title")
            if self.reason:
                yield Static(Content(self.reason), classes="dialog-note")
            yield Static(Content("\n".join(draft.notes)), id="draft-notes")
            yield PlainTextArea(draft.text, id="draft-text", soft_wrap=True, tab_behavior="focus")
            yield Static(Content(""), id="draft-hints")
            yield Static(
                "ctrl+t copy · ctrl+o open their channel · ctrl+l log it · esc close\nNothing is sent: you send it yourself.",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#draft-notes", Static).display = bool(self.draft.notes)
        self._show_hints(self.text)
        self.query_one("#draft-text", TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#draft-text", TextArea).text

    @on(TextArea.Changed, "#draft-text")
    def _changed(self, event: TextArea.Changed) -> None:
        self._show_hints(event.text_area.text)

    def _show_hints(self, text: str) -> None:
        hints = check(text, self.book, no_answer=self.draft.no_answer, light=self.draft.light)
        widget = self.query_one("#draft-hints", Static)
        widget.update(Content("\n".join(f"· {hint}" for hint in hints)))
        widget.display = bool(hints)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(f"Copied. Paste it where you write to {self.draft.contact.name}.", timeout=3, markup=False)

    def action_open_channel(self) -> None:
        contact, text = self.draft.contact, self.text
        url = channel_url(contact, text)
        if url is None:
            self.app.copy_to_clipboard(text)
            self.notify(f"No email or profile link for {contact.name}; the draft is copied.", timeout=4, markup=False)
            return
        try:
            type(self).opener(url)
        except OSError:
            self.app.copy_to_clipboard(text)
            self.notify("Could not open it here (no xdg-open); the draft is copied.", severity="warning", timeout=5)
            return
        if url.startswith("mailto:"):
            self.notify("A new email with the draft is open. Nothing is sent until you send it.", timeout=4)
        else:
            self.app.copy_to_clipboard(text)
            self.notify(f"Opened {contact.name}'s profile; the draft is copied to paste there.", timeout=4, markup=False)

    def action_log(self) -> None:
        self.dismiss(self.text)

    def action_close(self) -> None:
        self.dismiss(None)
