"""The Notes pane: who the selected person is, their year in a sparkline, your notes, recent touches.

The notes editor saves by itself when focus leaves it (and with `ctrl+s`):
the pane posts `NotesPane.Save` and the app writes it through the store.
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
from keepintouch.engine.insights import monthly_touches
from keepintouch.engine.queue import short_date
from keepintouch.tui.snapshot import Snapshot
from keepintouch.tui.widgets import quiet

TIMELINE_LENGTH = 8


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
    lines: list[Content] = [Content.styled(card.name, "bold")]
    if card.work:
        lines.append(Content(card.work))
    if card.archived:
        lines.append(Content.styled("Archived", "$foreground-muted"))
    lines += [Content.assemble((f"{label:<10}", "$foreground-muted"), value) for label, value in card.rows]
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
                (touch.kind, "bold"),
                (f" · {', '.join(flags)}" if flags else "", "$foreground-muted"),
            )
        )
        if touch.note:
            lines.append(Content(touch.note))
    return Content("\n").join(lines)


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
        yield TextArea("", id="notes-editor", soft_wrap=True, tab_behavior="focus")
        yield Static("Recent touches", classes="notes-heading")
        yield Static("", id="timeline")

    def on_mount(self) -> None:
        self.border_title = "Notes"

    @property
    def editor(self) -> TextArea:
        return self.query_one("#notes-editor", TextArea)

    @property
    def dirty(self) -> bool:
        """Whether the editor holds text not yet handed over for saving."""
        return self.contact is not None and self.editor.text != self._loaded_text

    def show(self, snapshot: Snapshot, contact: Contact | None) -> None:
        """Show a person (or a kind empty state); edits in progress are kept."""
        card = self.query_one("#person-card", Static)
        if contact is None:
            self.flush()
            self.contact = None
            quiet.show(card, Content.styled("Nobody selected yet. Pick someone in People or Today.", "$foreground-muted"))
            self.editor.display = False
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
        self.editor.display = True
        quiet.show(card, card_content(snapshot, contact))
        if not keep_edits:
            text = self._unsaved.pop(contact.id, contact.notes)
            if not same or self.editor.text != text:
                self.editor.load_text(text)
            self._loaded_text = contact.notes
        touches = snapshot.touches(contact.id)
        self._show_months(touches, snapshot.today)
        groups = snapshot.together if any(t.group for t in touches) else None  # the index is made only when needed
        quiet.show(self.query_one("#timeline", Static), timeline(touches, snapshot.today, groups, contact.name))

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
            self._loaded_text = self.editor.text
            self.post_message(self.Save(self.contact.id, self.editor.text))

    def keep_unsaved(self, contact_id: str, text: str) -> None:
        """Saving failed: keep the text, marked unsaved, for when they are shown."""
        if self.contact is not None and self.contact.id == contact_id:
            if self.editor.text == text:
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
