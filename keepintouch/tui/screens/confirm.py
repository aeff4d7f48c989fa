"""A yes/no question, with an optional note under it (what would happen)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from keepintouch.tui.plain import plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be taken back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No", note: str = "", default: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.note = note
        #: The answer `enter` gives at first (the button that has focus).
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm noted" if self.note else "dialog confirm"):
            yield Static(plain(self.question), classes="dialog-title")
            if self.note:
                yield Static(plain(self.note), classes="dialog-note")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default else "#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
