"""Log one touch with a person: kind, who reached out, flags, note; from a
promise suggestion, also whether the touch kept the promise.

A note logged as a message is usually the message itself: the tone check's
hints show under it as it is typed, and never stop the save."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, cast

from textual import on
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from keepintouch.actions.drafts import parse_past_date, split_list
from keepintouch.actions.touches import TouchDraft
from keepintouch.domain.model import TOUCH_KINDS, Contact
from keepintouch.domain.safe_text import clean_line
from keepintouch.engine.phrasebook import Phrasebook
from keepintouch.engine.tone import check
from keepintouch.tui.plain import plain
from keepintouch.tui.screens.form import Field, FormScreen, Parses
from keepintouch.tui.widgets.text_boxes import PlainInput, PlainTextArea

if TYPE_CHECKING:
    from keepintouch.tui.app import KeepInTouchApp

DIRECTION_CHOICES = [("I reached out", "out"), ("They reached out", "in")]


def kind_select(value: str, *, id: str) -> Select[str]:
    return Select([(kind, kind) for kind in TOUCH_KINDS], value=value, allow_blank=False, compact=True, id=id)


class LogTouchScreen(FormScreen[TouchDraft]):
    """Dismisses with a `TouchDraft` (None: cancelled)."""

    def __init__(self, contact: Contact, today: date, draft: TouchDraft | None = None, *, reason: str = "") -> None:
        super().__init__()
        self.contact = contact
        self.today = today
        self.draft = draft or TouchDraft(contact.id)
        self.reason = reason
        self.book: Phrasebook | None = None  # read on mount

    def title_text(self) -> str:
        return f"Log a touch with {self.contact.name}"

    def fields(self) -> Iterable[Widget]:
        draft = self.draft
        if self.reason:
            yield Static(plain(self.reason), classes="dialog-note")
        if draft.promise_id is not None:
            yield Checkbox("Promise kept", draft.promise_kept, id="log-kept", compact=True)
        yield Field("Kind", kind_select(draft.kind, id="log-kind"))
        yield Field(
            "Who",
            Select(DIRECTION_CHOICES, value=draft.direction, allow_blank=False, compact=True, id="log-direction"),
        )
        yield Field("Also with", PlainInput(", ".join(draft.also), placeholder="others who were there, by name (comma separated)", id="log-also", compact=True))
        yield Field(
            "Date",
            PlainInput(
                (draft.day or self.today).isoformat(),
                id="log-date",
                compact=True,
                validators=[Parses(lambda text: parse_past_date(text, self.today))],
            ),
        )
        with Horizontal(classes="flags"):
            yield Checkbox("I gave something", draft.gave, id="log-gave", compact=True)
            yield Checkbox("I asked for something", draft.asked, id="log-asked", compact=True)
            yield Checkbox("Awaiting a reply", draft.awaiting_reply, id="log-awaiting", compact=True)
        yield PlainTextArea(draft.note, id="log-note", soft_wrap=True, tab_behavior="focus", placeholder="A note (optional)")
        yield Static(Content(""), id="log-hints")
        ask = self.contact.ask_about if draft.ask_about is None else draft.ask_about
        yield Field("Ask next", PlainInput(clean_line(ask), placeholder="what to ask about next time (keep, change or clear)", id="log-ask", compact=True))

    def on_mount(self) -> None:
        super().on_mount()
        from keepintouch.tui.drafting import phrasebook_for  # the tone phrases, read when a form opens

        self.book = phrasebook_for(cast("KeepInTouchApp", self.app))
        self._show_hints()
        self.query_one("#log-note", TextArea).focus()

    @on(TextArea.Changed, "#log-note")
    @on(Select.Changed, "#log-kind")
    def _show_hints(self) -> None:
        """The tone check's hints under the note, while the touch is a message."""
        if self.book is None:
            return
        hints = self.query_one("#log-hints", Static)
        found: list[str] = []
        if self.query_one("#log-kind", Select).value == "message":
            found = check(self.query_one("#log-note", TextArea).text, self.book)
        hints.update(Content("\n".join(f"· {hint}" for hint in found)))
        hints.display = bool(found)

    def typed(self) -> bool:
        return bool(self.query_one("#log-note", TextArea).text.strip())

    def result(self) -> TouchDraft:
        kept = next((box.value for box in self.query("#log-kept").results(Checkbox)), False)
        return TouchDraft(
            contact_id=self.contact.id,
            kind=str(self.query_one("#log-kind", Select).value),
            direction=str(self.query_one("#log-direction", Select).value),
            note=self.query_one("#log-note", TextArea).text,
            asked=self.query_one("#log-asked", Checkbox).value,
            gave=self.query_one("#log-gave", Checkbox).value,
            awaiting_reply=self.query_one("#log-awaiting", Checkbox).value,
            day=parse_past_date(self.query_one("#log-date", Input).value, self.today),
            promise_id=self.draft.promise_id,
            promise_kept=kept,
            ask_about=self.query_one("#log-ask", Input).value,
            also=split_list(self.query_one("#log-also", Input).value),
        )
