"""Note a small promise made to someone ("I'll send you that article"), or mark one kept."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.widget import Widget
from textual.widgets import Input

from keepintouch.actions.drafts import PromiseDraft, parse_due
from keepintouch.actions.promises import open_promises
from keepintouch.domain.model import Contact, Promise
from keepintouch.engine.queue import short_date
from keepintouch.tui.screens.choice import ChoiceScreen
from keepintouch.tui.screens.form import Field, FormScreen, Parses, Required
from keepintouch.tui.widgets.text_boxes import PlainInput


def kept_screen(contact: Contact, promises: list[Promise], today: date) -> ChoiceScreen[str]:
    """Pick which of the open `promises` to a person was kept; dismisses with its id."""
    choices = [(p.text + (f" (by {short_date(p.due, today)})" if p.due else ""), p.id) for p in open_promises(promises)]
    return ChoiceScreen(f"Which promise to {contact.name} did you keep?", choices, today=today)


class PromiseScreen(FormScreen[PromiseDraft]):
    """Dismisses with a `PromiseDraft` (None: cancelled)."""

    def __init__(self, contact: Contact, today: date, draft: PromiseDraft | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.today = today
        self.draft = draft or PromiseDraft(contact.id)

    def title_text(self) -> str:
        return f"A promise to {self.contact.name}"

    def fields(self) -> Iterable[Widget]:
        yield Field(
            "Promise",
            PlainInput(self.draft.text, placeholder="e.g. send the article on event sourcing", id="promise-text", compact=True, validators=[Required("The promise")]),
        )
        yield Field(
            "By",
            PlainInput(
                self.draft.due,
                placeholder="optional: YYYY-MM-DD or 3d, 2w",
                id="promise-due",
                compact=True,
                validators=[Parses(lambda text: parse_due(text, self.today), optional=True)],
            ),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#promise-text", Input).focus()

    def typed(self) -> bool:
        return bool(self.query_one("#promise-text", Input).value.strip())

    def result(self) -> PromiseDraft:
        return PromiseDraft(self.contact.id, self.query_one("#promise-text", Input).value, self.query_one("#promise-due", Input).value)
