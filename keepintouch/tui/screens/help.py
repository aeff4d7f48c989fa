"""The `?` screen: every key, built from the same bindings the key bar shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: How key names read on screen.
KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "enter": "enter",
    "up": "↑",
    "down": "↓",
    "plus": "+",
    "shift+tab": "shift+tab",
}

#: A help section: a title and (keys, description) rows.
Section = tuple[str, Sequence[tuple[str, str]]]


def key_label(keys: str) -> str:
    """ "up,k" -> "↑ k" """
    return " ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for each binding that has a description (its tooltip if any)."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((key_label(binding.key), binding.tooltip or binding.description))
    return rows


def help_text(sections: Sequence[Section]) -> Content:
    lines: list[Content] = []
    for title, rows in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold $text-accent"))
        for keys, description in rows:
            lines.append(Content.assemble((f"  {keys:<16}", "bold"), description))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys by pane, and a word on how the app behaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_text(self.sections), id="help-text")
            yield Static(
                "Everything is saved as you go. Nothing piles up while you pause.\n↑↓ pgup pgdn scroll · esc close",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        # Focused, the list scrolls with the arrows and page keys: every section can be reached.
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
