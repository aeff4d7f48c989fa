"""Quick capture: pick a person by typing a few letters, type the note, save.

Two steps in one dialog. First a search box over everyone (`enter` picks the
highlighted person), then the note with its kind (default `call`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from keepintouch.actions.touches import TouchDraft
from keepintouch.domain.model import Contact
from keepintouch.tui.people_index import PeopleIndex
from keepintouch.tui.screens.form import Field, FormScreen
from keepintouch.tui.screens.log_touch import kind_select

MATCHES_SHOWN = 8


class CaptureScreen(FormScreen[TouchDraft]):
    """Dismisses with a `TouchDraft` (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]
    heading = "Quick capture"

    def __init__(self, people: PeopleIndex, *, first: Contact | None = None, draft: TouchDraft | None = None) -> None:
        super().__init__()
        self.people = people
        self.first = first
        self.draft = draft
        self.contact: Contact | None = None
        self.matches: list[Contact] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog capture"):
            yield Static(self.heading, classes="dialog-title")
            with Vertical(id="capture-pick"):
                yield Input(placeholder="Who? Type a few letters", id="capture-search", compact=True)
                yield OptionList(id="capture-matches")
                yield Static("enter pick · ↑↓ move · esc cancel", classes="dialog-keys")
            with Vertical(id="capture-note"):
                yield from self.fields()
                yield Static(self.keys_hint, classes="dialog-keys")

    def fields(self) -> Iterable[Widget]:
        yield Static("", id="capture-who")
        yield Field("Kind", kind_select(self.draft.kind if self.draft else "call", id="capture-kind"))
        yield TextArea(self.draft.note if self.draft else "", id="capture-text", soft_wrap=True, tab_behavior="focus")
        ask = self.draft.ask_about if self.draft and self.draft.ask_about is not None else ""
        yield Field("Ask next", Input(ask, placeholder="what to ask about next time (optional)", id="capture-ask", compact=True))

    def on_mount(self) -> None:
        self.query_one("#capture-note").display = False
        if self.draft is not None:
            contact = next((c for c in self.people.search("", archived=True) if c.id == self.draft.contact_id), None)
            if contact is not None:
                self.pick(contact)
                return
        self._search("")
        self.query_one("#capture-search", Input).focus()

    @on(Input.Changed, "#capture-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, query: str) -> None:
        found = self.people.search(query)
        if not query.strip() and self.first is not None:
            found = [self.first, *(c for c in found if c.id != self.first.id)]
        self.matches = found[:MATCHES_SHOWN]
        options = self.query_one("#capture-matches", OptionList)
        options.clear_options()
        if not self.matches:
            options.add_option(Option(Content.styled("Nobody matches. Try fewer letters.", "$foreground-muted"), disabled=True))
            return
        options.add_options(
            [Option(Content.assemble((c.name, "bold"), (f"  {c.org}" if c.org else "", "$foreground-muted"))) for c in self.matches]
        )
        options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#capture-matches", OptionList)
        if self.contact is None and options.highlighted is not None:
            options.highlighted = max(0, min(options.highlighted + step, len(self.matches) - 1))

    def input_submitted(self, widget: Input) -> None:
        if widget.id != "capture-search":
            return
        options = self.query_one("#capture-matches", OptionList)
        if self.matches and options.highlighted is not None:
            self.pick(self.matches[options.highlighted])

    @on(OptionList.OptionSelected, "#capture-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.matches):
            self.pick(self.matches[event.option_index])

    def pick(self, contact: Contact) -> None:
        """Step two: the note for this person."""
        self.contact = contact
        self.query_one("#capture-pick").display = False
        self.query_one("#capture-note").display = True
        self.query_one("#capture-who", Static).update(
            Content.assemble(("Note for ", "$foreground-muted"), (contact.name, "bold"))
        )
        self.query_one("#capture-text", TextArea).focus()
        ask = self.query_one("#capture-ask", Input)
        if not ask.value:
            ask.value = contact.ask_about

    def typed(self) -> bool:
        return bool(self.query_one("#capture-text", TextArea).text.strip())

    def action_save(self) -> None:
        if self.contact is None:
            self.input_submitted(self.query_one("#capture-search", Input))
            return
        super().action_save()

    def result(self) -> TouchDraft:
        assert self.contact is not None
        return TouchDraft(
            contact_id=self.contact.id,
            kind=str(self.query_one("#capture-kind").value),  # type: ignore[attr-defined]
            note=self.query_one("#capture-text", TextArea).text,
            ask_about=self.query_one("#capture-ask", Input).value,
        )
