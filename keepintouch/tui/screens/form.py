"""What every dialog shares: a titled box, fields that validate as you type,
`ctrl+s`/`enter` to save, `escape` to cancel (asking first when text was typed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from keepintouch.tui.plain import plain
from keepintouch.tui.screens.confirm import ConfirmScreen

T = TypeVar("T")


class Parses(Validator):
    """Valid when `parse(value)` does not raise; its ValueError is the message."""

    def __init__(self, parse: Callable[[str], Any], *, optional: bool = False) -> None:
        super().__init__()
        self.parse = parse
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if self.optional and not value.strip():
            return self.success()
        try:
            self.parse(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


class Required(Validator):
    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def validate(self, value: str) -> ValidationResult:
        return self.success() if value.strip() else self.failure(f"{self.what} is needed")


class Field(Vertical):
    """One row: a label and an input widget; under it, a line for its error."""

    def __init__(self, label: str, widget: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="field")
        self.label = label
        self.widget = widget

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self.label, classes="field-label")
            yield self.widget
        yield Static("", classes="field-error")

    def show_error(self, message: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(plain(message))
        error.display = bool(message)


class FormScreen(ModalScreen[T]):
    """A dialog box; subclasses give `fields()`, `result()` and `typed()`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    #: The dialog's title.
    heading: str = ""
    #: The key hint under the fields.
    keys_hint: str = "ctrl+s save · esc cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text()), classes="dialog-title")
            yield from self.fields()
            yield Static(self.keys_hint, classes="dialog-keys")

    def title_text(self) -> str:
        return self.heading

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def result(self) -> T:
        raise NotImplementedError

    def typed(self) -> bool:
        """Whether the user typed something that cancelling would throw away."""
        return any(i.value.strip() for i in self.query(Input)) or any(a.text.strip() for a in self.query(TextArea))

    def on_mount(self) -> None:
        for field in self.query(Field):
            field.show_error("")
        for widget in self.query(Input):
            if widget.value:
                widget.validate(widget.value)

    @on(Input.Changed)
    def _validate_field(self, event: Input.Changed) -> None:
        field = next((a for a in event.input.ancestors if isinstance(a, Field)), None)
        if field is None:
            return
        result = event.validation_result
        field.show_error("" if result is None or result.is_valid else "; ".join(result.failure_descriptions))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.input_submitted(event.input)

    def input_submitted(self, widget: Input) -> None:
        """`enter` in a one-line field saves the form."""
        self.action_save()

    def valid(self) -> bool:
        """Validate every input; show the messages and focus the first problem."""
        first_bad: Input | None = None
        for widget in self.query(Input):
            if not widget.validators:
                continue
            result = widget.validate(widget.value)
            field = next((a for a in widget.ancestors if isinstance(a, Field)), None)
            if field is not None:
                field.show_error("" if result is None or result.is_valid else "; ".join(result.failure_descriptions))
            if result is not None and not result.is_valid and first_bad is None:
                first_bad = widget
        if first_bad is not None:
            first_bad.focus()
            return False
        return True

    def action_save(self) -> None:
        if self.valid():
            self.dismiss(self.result())

    def action_cancel(self) -> None:
        if not self.typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", yes="Discard", no="Keep editing"), answered)
