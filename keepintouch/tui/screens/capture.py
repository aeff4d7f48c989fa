"""Quick capture: pick a person by typing a few letters, type the note, save.

Two steps in one dialog. First a search box over everyone (`enter` picks the
highlighted person, or, when nobody matches, adds the name typed as a new
person), then the note with its kind (default `call`), what to ask about
next time, and a promise made in the call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from keepintouch.actions.capture import Capture
from keepintouch.actions.drafts import parse_due
from keepintouch.actions.people import clean_name
from keepintouch.actions.touches import TouchDraft
from keepintouch.domain.model import Contact, new_id
from keepintouch.domain.safe_text import clean_line
from keepintouch.tui.people_index import PeopleIndex
from keepintouch.tui.plain import plain
from keepintouch.tui.screens.form import Field, FormScreen, Parses
from keepintouch.tui.screens.log_touch import kind_select
from keepintouch.tui.widgets.text_boxes import PlainInput, PlainTextArea

MATCHES_SHOWN = 8


class CaptureScreen(FormScreen[Capture]):
    """Dismisses with a `Capture` (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]
    heading = "Quick capture"

    def __init__(self, people: PeopleIndex, today: date, *, first: Contact | None = None, draft: Capture | None = None) -> None:
        super().__init__()
        self.people = people
        self.today = today
        self.first = first
        self.draft = draft
        self.contact: Contact | None = None
        #: Nobody matched: the name typed, to add as a new person, and the id they will get.
        self.new_name = ""
        self.new_id = draft.touch.contact_id if draft and draft.new_name else new_id()
        self.matches: list[Contact] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog capture"):
            yield Static(self.heading, classes="dialog-title")
            with Vertical(id="capture-pick"):
                yield PlainInput(placeholder="Who? Type a few letters", id="capture-search", compact=True)
                yield OptionList(id="capture-matches")
                yield Static("enter pick · ↑↓ move · esc cancel", classes="dialog-keys")
            with Vertical(id="capture-note"):
                yield from self.fields()
                yield Static(self.keys_hint, classes="dialog-keys")

    def fields(self) -> Iterable[Widget]:
        touch = self.draft.touch if self.draft else TouchDraft("", kind="call")
        yield Static("", id="capture-who")
        yield Field("Kind", kind_select(touch.kind, id="capture-kind"))
        yield PlainTextArea(touch.note, id="capture-text", soft_wrap=True, tab_behavior="focus")
        ask = touch.ask_about or ""
        yield Field("Ask next", PlainInput(clean_line(ask), placeholder="what to ask about next time (optional)", id="capture-ask", compact=True))
        promise = self.draft.promise if self.draft else ""
        yield Field("Promised", PlainInput(promise, placeholder="e.g. send her the paper (optional)", id="capture-promise", compact=True))
        due = self.draft.promise_due.isoformat() if self.draft and self.draft.promise_due else ""
        check = Parses(lambda text: parse_due(text, self.today), optional=True)
        yield Field("By", PlainInput(due, placeholder="a date or e.g. 1w (optional)", id="capture-due", compact=True, validators=[check]))

    def on_mount(self) -> None:
        self.query_one("#capture-note").display = False
        if self.draft is not None:
            if self.draft.new_name:
                self.pick_new(self.draft.new_name)
                return
            contact = next((c for c in self.people.search("", archived=True) if c.id == self.draft.touch.contact_id), None)
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
            name = clean_name(query)
            hint = f"Nobody matches. enter adds {name} as a new person." if name else "Nobody here yet. Type a name."
            options.add_option(Option(plain(hint, "$foreground-muted"), disabled=True))
            return
        options.add_options(
            [Option(Content.assemble(plain(c.name, "bold"), plain(f"  {c.org}" if c.org else "", "$foreground-muted"))) for c in self.matches]
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
        elif not self.matches and clean_name(widget.value):
            self.pick_new(clean_name(widget.value))

    @on(OptionList.OptionSelected, "#capture-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.matches):
            self.pick(self.matches[event.option_index])

    def pick(self, contact: Contact) -> None:
        """Step two: the note for this person."""
        self.contact = contact
        self._step_two(Content.assemble(("Note for ", "$foreground-muted"), plain(contact.name, "bold")))
        ask = self.query_one("#capture-ask", Input)
        if not ask.value:
            ask.value = clean_line(contact.ask_about)

    def pick_new(self, name: str) -> None:
        """Step two for someone not in the network yet: they are added when the note is saved."""
        self.new_name = name
        self._step_two(Content.assemble(("Note for ", "$foreground-muted"), plain(name, "bold"), (" (new: added when you save)", "$foreground-muted")))

    def _step_two(self, who: Content) -> None:
        self.query_one("#capture-pick").display = False
        self.query_one("#capture-note").display = True
        self.query_one("#capture-who", Static).update(who)
        self.query_one("#capture-text", TextArea).focus()

    def typed(self) -> bool:
        return bool(self.query_one("#capture-text", TextArea).text.strip())

    def action_save(self) -> None:
        if self.contact is None and not self.new_name:
            self.input_submitted(self.query_one("#capture-search", Input))
            return
        super().action_save()

    def result(self) -> Capture:
        touch = TouchDraft(
            contact_id=self.contact.id if self.contact is not None else self.new_id,
            kind=str(self.query_one("#capture-kind").value),  # type: ignore[attr-defined]
            note=self.query_one("#capture-text", TextArea).text,
            ask_about=self.query_one("#capture-ask", Input).value,
        )
        return Capture(
            touch,
            new_name=self.new_name if self.contact is None else "",
            promise=self.query_one("#capture-promise", Input).value.strip(),
            promise_due=parse_due(self.query_one("#capture-due", Input).value, self.today),
        )
