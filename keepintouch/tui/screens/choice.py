"""Pick one of a few choices; the last one may ask for a date.

The snooze, pause and energy dialogs are choices: the usual answer is
preselected, so `s` `enter` snoozes for a week.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from keepintouch.actions.drafts import parse_future_date
from keepintouch.domain.phrasing import day_text
from keepintouch.domain.timespec import span_end
from keepintouch.tui.plain import plain
from keepintouch.tui.screens.form import Field, Parses
from keepintouch.tui.widgets.text_boxes import PlainInput

T = TypeVar("T")

#: The value of the choice that asks for a date.
ASK_DATE = "ask-date"

SPANS = (("1 week", "1w"), ("2 weeks", "2w"), ("1 month", "1m"), ("3 months", "3m"))


def span_choices(today: date, usual: str) -> list[tuple[str, date | str]]:
    """ "1 week · until Mon 30 Nov" and so on, with the end dates as values; the usual span
    first and marked, so that `enter` takes it and the eye sees which it is without colour."""
    spans = sorted(SPANS, key=lambda item: item[1] != usual)
    return [
        (
            f"{label:<9} · until {day_text(span_end(today, span), today)}" + ("  (usual)" if span == usual else ""),
            span_end(today, span),
        )
        for label, span in spans
    ]


class ChoiceScreen(ModalScreen[Any], Generic[T]):
    """A short list of choices; dismisses with the chosen value (None: cancelled).

    Heading, note and labels are plain text (they quote names and promises), never markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(
        self,
        heading: str,
        choices: list[tuple[str, T]],
        *,
        today: date,
        initial: int = 0,
        date_label: str | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.heading = heading
        self.choices: list[tuple[str, Any]] = list(choices)
        if date_label:
            self.choices.append((date_label, ASK_DATE))
        self.today = today
        self.initial = initial
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(plain(self.heading), classes="dialog-title")
            if self.note:
                yield Static(plain(self.note), classes="dialog-note")
            options = [Option(plain(label), id=str(i)) for i, (label, _) in enumerate(self.choices)]
            yield OptionList(*options, id="choices")
            date_input = PlainInput(
                placeholder="YYYY-MM-DD",
                id="choice-date",
                validators=[Parses(lambda text: parse_future_date(text, self.today))],
            )
            yield Field("Date", date_input, id="choice-date-field")
            yield Static("enter choose · esc cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.highlighted = self.initial
        options.focus()
        self.query_one("#choice-date-field").display = False

    def action_down(self) -> None:
        self.query_one("#choices", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#choices", OptionList).action_cursor_up()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.choices[event.option_index][1]
        if value == ASK_DATE:
            self.query_one("#choice-date-field").display = True
            self.query_one("#choice-date", Input).focus()
            return
        self.dismiss(value)

    @on(Input.Changed, "#choice-date")
    def _date_changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        field = self.query_one("#choice-date-field", Field)
        field.show_error("" if not event.value or result is None or result.is_valid else "; ".join(result.failure_descriptions))

    @on(Input.Submitted, "#choice-date")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_future_date(event.value, self.today))
        except ValueError as error:
            self.query_one("#choice-date-field", Field).show_error(str(error))

    def action_cancel(self) -> None:
        self.dismiss(None)
