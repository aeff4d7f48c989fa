"""Add or edit a person."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Checkbox, Input

from keepintouch.actions.drafts import PersonDraft, parse_birthday
from keepintouch.domain.model import normalize_language
from keepintouch.domain.safe_text import clean_line
from keepintouch.domain.timespec import RHYTHM_HELP, normalize_rhythm
from keepintouch.tui.screens.form import Field, FormScreen, Parses, Required
from keepintouch.tui.widgets.text_boxes import PlainInput

#: (draft attribute, label, placeholder)
TEXT_FIELDS = (
    ("org", "Organisation", ""),
    ("role", "Role", ""),
    ("met", "How you met", "e.g. PyCon 2024, intro from Ana"),
    ("ask_about", "Ask about", "next time: e.g. her move to Lisbon"),
    ("tags", "Tags", "comma separated"),
    ("emails", "Emails", "comma separated"),
    ("phones", "Phones", "comma separated"),
    ("urls", "Links", "LinkedIn, website…"),
    ("topics", "Topics", "what they care about"),
)


class PersonScreen(FormScreen[PersonDraft]):
    """Dismisses with a `PersonDraft` (None: cancelled).

    The fields start from the draft cleaned (see `domain.safe_text`): stored
    control characters are never shown, and saving stores the text as seen.
    """

    def __init__(self, draft: PersonDraft | None = None) -> None:
        super().__init__()
        self.draft = _cleaned(draft or PersonDraft())

    def title_text(self) -> str:
        return f"Edit {self.draft.name}" if self.draft.contact_id else "Add a person"

    def fields(self) -> Iterable[Widget]:
        draft = self.draft
        yield Field("Name", PlainInput(draft.name, id="person-name", compact=True, validators=[Required("A name")]))
        # Right after the name: a person added to keep in touch is in the loop only with a rhythm.
        yield Field(
            "Rhythm",
            PlainInput(draft.rhythm, placeholder=RHYTHM_HELP, id="person-rhythm", compact=True, validators=[Parses(normalize_rhythm)]),
        )
        for attribute, label, placeholder in TEXT_FIELDS:
            yield Field(label, PlainInput(getattr(draft, attribute), placeholder=placeholder, id=f"person-{attribute}", compact=True))
        yield Field(
            "Birthday",
            PlainInput(
                draft.birthday,
                placeholder="YYYY-MM-DD, or --MM-DD without the year",
                id="person-birthday",
                compact=True,
                validators=[Parses(parse_birthday, optional=True)],
            ),
        )
        yield Field(
            "Language",
            PlainInput(
                draft.language,
                placeholder="for drafts: en, de… (blank: your default)",
                id="person-language",
                compact=True,
                validators=[Parses(normalize_language, optional=True)],
            ),
        )
        if draft.contact_id:
            yield Checkbox("Archived (hidden from People and the queue)", draft.archived, id="person-archived", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#person-name", Input).focus()

    def typed(self) -> bool:
        return self.result() != self.draft

    def result(self) -> PersonDraft:
        values = {attribute: self.query_one(f"#person-{attribute}", Input).value for attribute, _, _ in TEXT_FIELDS}
        archived = self.query(Checkbox)
        return PersonDraft(
            name=self.query_one("#person-name", Input).value,
            rhythm=self.query_one("#person-rhythm", Input).value,
            birthday=self.query_one("#person-birthday", Input).value,
            language=self.query_one("#person-language", Input).value,
            archived=archived.first().value if archived else False,
            contact_id=self.draft.contact_id,
            **values,
        )


def _cleaned(draft: PersonDraft) -> PersonDraft:
    """The draft's text fields as they would be stored (each field is one line here)."""
    texts: dict[str, Any] = {name: clean_line(getattr(draft, name)) for name in ("name", *(a for a, _, _ in TEXT_FIELDS))}
    return dataclasses.replace(draft, **texts)
