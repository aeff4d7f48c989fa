"""Note news about someone (a new job, a talk, an article): a reason to write."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.widget import Widget
from textual.widgets import Input

from keepintouch.actions.drafts import NewsDraft, parse_past_date
from keepintouch.domain.model import Contact
from keepintouch.tui.screens.form import Field, FormScreen, Parses, Required
from keepintouch.tui.widgets.text_boxes import PlainInput


class NewsScreen(FormScreen[NewsDraft]):
    """Dismisses with a `NewsDraft` (None: cancelled)."""

    def __init__(self, contact: Contact, today: date, draft: NewsDraft | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.today = today
        self.draft = draft or NewsDraft(contact.id)

    def title_text(self) -> str:
        return f"News about {self.contact.name}"

    def fields(self) -> Iterable[Widget]:
        yield Field(
            "What",
            PlainInput(self.draft.text, placeholder="e.g. new job at Acme, gave a talk", id="news-text", compact=True, validators=[Required("A few words")]),
        )
        yield Field(
            "When",
            PlainInput(
                (self.draft.day or self.today).isoformat(),
                id="news-date",
                compact=True,
                validators=[Parses(lambda text: parse_past_date(text, self.today))],
            ),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#news-text", Input).focus()

    def typed(self) -> bool:
        return bool(self.query_one("#news-text", Input).value.strip())

    def result(self) -> NewsDraft:
        day = parse_past_date(self.query_one("#news-date", Input).value, self.today)
        return NewsDraft(self.contact.id, self.query_one("#news-text", Input).value, day)
