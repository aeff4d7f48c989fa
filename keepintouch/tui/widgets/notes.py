"""The Notes pane: who the selected person is, their year in a sparkline, your notes, recent touches.

The notes editor saves by itself when focus leaves it (and with `ctrl+s`):
the pane posts `NotesPane.Save` and the app writes it through the store.

A long note (an import can bring megabytes) is not put in the editor:
loading 5 MB into it took seconds on every selection. The pane shows its
start instead, and `enter` on it (or a click) opens the whole note in a
dialog to read or edit. Everything shown is plain text (see `tui.plain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Sparkline, Static, TextArea

from keepintouch.actions.base import and_list
from keepintouch.actions.card import person_card, touch_flags
from keepintouch.domain.model import Contact, Touch
from keepintouch.domain.safe_text import clean_text
from keepintouch.engine.insights import monthly_touches
from keepintouch.engine.queue import short_date
from keepintouch.tui.plain import plain
from keepintouch.tui.screens.note import NoteScreen
from keepintouch.tui.snapshot import Snapshot
from keepintouch.tui.widgets import quiet
from keepintouch.tui.widgets.text_boxes import PlainTextArea

TIMELINE_LENGTH = 8
#: Notes longer than this (in characters) are shown cut, not in the editor.
LONG_NOTE = 10_000
#: How much of a long note, or of a touch's note, the pane shows.
SHOWN_CHARS = 1_500
SHOWN_LINES = 20


def cut(text: str, chars: int = SHOWN_CHARS, lines: int = SHOWN_LINES) -> str:
    """The start of `text`: at most `chars` characters and `lines` lines, "…" when cut."""
    start = text[:chars]
    if start.count("\n") >= lines:
        start = "\n".join(start.split("\n", lines)[:lines])
    return start if len(start) == len(text) else start.rstrip() + " …"


def card_content(snapshot: Snapshot, contact: Contact) -> Content:
    """The person card (`actions.card`, the same `keepintouch show` prints), labels muted."""
    card = person_card(
        contact,
        today=snapshot.today,
        dues=snapshot.dues,
        touches=snapshot.touches(contact.id),
        promises=snapshot.promises.get(contact.id, []),
        occasions=snapshot.occasions.get(contact.id, []),
    )
    lines: list[Content] = [plain(card.name, "bold")]
    if card.work:
        lines.append(plain(card.work))
    if card.archived:
        lines.append(Content.styled("Archived", "$foreground-muted"))
    lines += [Content.assemble((f"{label:<10}", "$foreground-muted"), plain(cut(value))) for label, value in card.rows]
    return Content("\n").join(lines)


def timeline(touches: list[Touch], today: date, groups: dict[str, list[str]] | None = None, name: str = "") -> Content:
    """The latest touches, newest first: date, kind, flags, who else was there; then the note."""
    if not touches:
        return Content.styled("No touches yet. A small hello is a fine start.", "$foreground-muted")
    recent = sorted(touches, key=lambda t: (t.date, t.created), reverse=True)[:TIMELINE_LENGTH]
    lines = []
    for touch in recent:
        flags = touch_flags(touch)
        others = [who for who in (groups or {}).get(touch.group, []) if who != name] if touch.group else []
        flags += [f"with {and_list(others)}"] if others else []
        lines.append(
            Content.assemble(
                (f"{short_date(touch.date, today)} · ", "$foreground-muted"),
                plain(touch.kind, "bold"),
                (f" · {', '.join(flags)}" if flags else "", "$foreground-muted"),
            )
        )
        if touch.note:
            lines.append(plain(cut(touch.note)))
    return Content("\n").join(lines)


class NotePreview(Static, can_focus=True):
    """The start of a long note; `enter` or a click opens all of it."""

    DEFAULT_CSS: ClassVar[str] = """
    NotePreview { height: auto; max-height: 12; border: round $panel-lighten-2; margin-bottom: 1; }
    NotePreview:focus { border: round $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_note", "Whole note"),
    ]

    def action_open_note(self) -> None:
        self.query_ancestor(NotesPane).open_note()

    def on_click(self) -> None:
        self.action_open_note()


class NotesPane(VerticalScroll, can_focus=False):
    """The selected person: card, notes editor and timeline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_notes", "Save notes"),
    ]

    @dataclass
    class Save(Message):
        """The notes of a person were edited and should be written."""

        contact_id: str
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contact: Contact | None = None
        self._loaded_text = ""
        #: The whole note while it is too long for the editor (see `LONG_NOTE`), else None.
        self._long_text: str | None = None
        #: Notes whose saving failed, by contact id: shown again, still unsaved.
        self._unsaved: dict[str, str] = {}

    def compose(self):
        yield Static("", id="person-card")
        with Horizontal(id="person-months"):
            yield Static(Content.styled("Touches", "$foreground-muted"), classes="person-months-label")  # as the card's labels
            spark = Sparkline([], id="person-spark")
            spark.tooltip = "Touches per month over the last 12 months, oldest first"
            yield spark
            yield Static("", id="person-months-total")
        yield Static("Notes", classes="notes-heading")
        yield PlainTextArea("", id="notes-editor", soft_wrap=True, tab_behavior="focus")
        yield NotePreview("", id="notes-preview")
        yield Static("Recent touches", classes="notes-heading")
        yield Static("", id="timeline")

    def on_mount(self) -> None:
        self.border_title = "Notes"

    @property
    def editor(self) -> TextArea:
        return self.query_one("#notes-editor", TextArea)

    @property
    def text(self) -> str:
        """The note as the pane holds it now: the editor's text, or the whole long note."""
        return self.editor.text if self._long_text is None else self._long_text

    @property
    def dirty(self) -> bool:
        """Whether the pane holds text not yet handed over for saving."""
        return self.contact is not None and self.text != self._loaded_text

    def show(self, snapshot: Snapshot, contact: Contact | None) -> None:
        """Show a person (or a kind empty state); edits in progress are kept."""
        card = self.query_one("#person-card", Static)
        if contact is None:
            self.flush()
            self.contact = None
            quiet.show(card, Content.styled("Nobody selected yet. Pick someone in People or Today.", "$foreground-muted"))
            self.editor.display = False
            self.query_one(NotePreview).display = False
            self.query_one("#person-months").display = False
            card.set_class(True, "-spaced")
            quiet.show(self.query_one("#timeline", Static), "")
            for heading in self.query(".notes-heading"):
                heading.display = False
            return
        if self.contact is not None and self.contact.id != contact.id:
            self.flush()
        same = self.contact is not None and self.contact.id == contact.id
        keep_edits = same and self.dirty
        self.contact = contact
        for heading in self.query(".notes-heading"):
            heading.display = True
        quiet.show(card, card_content(snapshot, contact))
        if not keep_edits:
            self._hold(self._unsaved.pop(contact.id, contact.notes), same=same)
            # As the editor shows it: stored control characters alone are no edit to save.
            self._loaded_text = contact.notes if len(contact.notes) > LONG_NOTE else clean_text(contact.notes)
        touches = snapshot.touches(contact.id)
        self._show_months(touches, snapshot.today)
        groups = snapshot.together if any(t.group for t in touches) else None  # the index is made only when needed
        quiet.show(self.query_one("#timeline", Static), timeline(touches, snapshot.today, groups, contact.name))

    def _hold(self, text: str, *, same: bool) -> None:
        """Put a note in the editor, or its start in the preview when it is long."""
        long = len(text) > LONG_NOTE
        self.editor.display = not long
        preview = self.query_one(NotePreview)
        preview.display = long
        if long:
            self._long_text = text
            hint = Content.styled(f"\n{len(text):,} characters · enter or click to open the whole note", "$foreground-muted")
            quiet.show(preview, Content.assemble(plain(cut(text)), hint))
            if self.editor.text:
                self.editor.load_text("")
            return
        self._long_text = None
        text = clean_text(text)  # what the editor would save; control characters never shown
        if not same or self.editor.text != text:
            self.editor.load_text(text)

    def open_note(self) -> None:
        """The whole note in a dialog; an edit is handed over for saving like the editor's."""
        contact = self.contact
        if contact is None or self._long_text is None:
            return

        def edited(text: str | None) -> None:
            if text is None or self.contact is None or self.contact.id != contact.id:
                return
            self._long_text = text
            self.flush()
            self._hold(text, same=True)

        self.app.push_screen(NoteScreen(contact.name, self._long_text), edited)

    def _show_months(self, touches: list[Touch], today: date) -> None:
        """Touches per month over 12 months, and their sum.

        Hidden for someone not touched in that time: no empty charts, no counts of what did not happen.
        """
        months = monthly_touches(touches, today)
        row = self.query_one("#person-months")
        row.display = any(months)
        self.query_one("#person-card").set_class(not row.display, "-spaced")
        self.query_one("#person-spark", Sparkline).data = months
        quiet.show(self.query_one("#person-months-total", Static), str(sum(months)))

    def flush(self) -> None:
        """Hand over unsaved notes (when focus or the person changes)."""
        if self.contact is not None and self.dirty:
            self._loaded_text = self.text
            self.post_message(self.Save(self.contact.id, self._loaded_text))

    def keep_unsaved(self, contact_id: str, text: str) -> None:
        """Saving failed: keep the text, marked unsaved, for when they are shown."""
        if self.contact is not None and self.contact.id == contact_id:
            if self.text == text:
                self._loaded_text = self.contact.notes if self.contact.notes != text else ""
            return
        self._unsaved[contact_id] = text

    def action_save_notes(self) -> None:
        if self.contact is None:
            return
        if not self.dirty:
            self.notify("Notes are saved.", timeout=2)
            return
        self.flush()

    @on(TextArea.Changed, "#notes-editor")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()

    def on_descendant_blur(self) -> None:
        self.flush()
