"""The Today pane: the few suggested touches, or a calm line when there are none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from keepintouch.domain.model import Contact
from keepintouch.domain.safe_text import for_terminal
from keepintouch.tui.widgets import quiet


class TodayQueue(OptionList):
    """The suggestions; `enter`/`d` log the suggested touch, `m` drafts the message, `x` skips for today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("d", "select", "Log it", show=True, tooltip="Done: log the suggested touch"),
        # Not on the key bar: at 120 columns it would overflow. The help screen lists it.
        Binding("m", "draft", "Draft", show=True, tooltip="Draft the message, in their language"),
        Binding("x", "skip", "Skip", show=True, tooltip="Skip for today"),
    ]

    @dataclass
    class SkipRequested(Message):
        suggestion: Any

    @dataclass
    class DraftRequested(Message):
        suggestion: Any

    def action_skip(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.SkipRequested(self.parent_pane.suggestions[self.highlighted]))

    def action_draft(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.DraftRequested(self.parent_pane.suggestions[self.highlighted]))

    @property
    def parent_pane(self) -> TodayPane:
        return self.query_ancestor(TodayPane)


def suggestion_prompt(suggestion: Any) -> Content:
    """Two lines: who and which touch, then why (the reason may quote a promise or news);
    a third with what to ask about, if noted."""
    ask = for_terminal(suggestion.contact.ask_about)
    return Content.assemble(
        (for_terminal(suggestion.contact.name), "bold"),
        "  ",
        (f"· {suggestion.touch}", "$text-accent"),
        "\n",
        (for_terminal(suggestion.reason), "$foreground-muted"),
        *(("\n", ("Ask about: ", "$foreground-muted"), ask) if ask else ()),
    )


class TodayPane(Vertical):
    """A title, the queue, and a kind sentence when the queue is empty."""

    @dataclass
    class Highlighted(Message):
        contact: Contact

    @dataclass
    class LogRequested(Message):
        """Log the suggested touch (enter or `d` on an entry)."""

        suggestion: Any

    @dataclass
    class SkipRequested(Message):
        suggestion: Any

    @dataclass
    class DraftRequested(Message):
        """Open the draft editor for an entry (`m`)."""

        suggestion: Any

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.suggestions: list[Any] = []
        #: What is on screen: title, calm line, (person, entry as markup) pairs.
        self._shown: tuple[str, str, list[tuple[str, str]]] | None = None

    def compose(self):
        yield TodayQueue(id="today-queue")
        yield Static("", id="today-calm")

    @property
    def queue(self) -> TodayQueue:
        return self.query_one(TodayQueue)

    def show(self, suggestions: list[Any], *, title: str, calm: str) -> None:
        """Replace the entries; keep the highlight on the same person if still there."""
        queue = self.queue
        previous = None
        if queue.highlighted is not None and queue.highlighted < len(self.suggestions):
            previous = self.suggestions[queue.highlighted].contact.id
        self.suggestions = list(suggestions)
        prompts = [suggestion_prompt(s) for s in self.suggestions]
        # Most saves leave the queue as it was: then nothing is rebuilt or repainted.
        shown = (title, calm, [(s.contact.id, p.markup) for s, p in zip(self.suggestions, prompts, strict=True)])
        if shown == self._shown:
            return
        self._shown = shown
        self.border_title = title
        calm_line = self.query_one("#today-calm", Static)
        quiet.show(calm_line, calm)
        calm_line.display = not self.suggestions
        queue.display = bool(self.suggestions)
        # A refresh moves the highlight without choosing anyone: Notes keeps its person.
        with queue.prevent(OptionList.OptionHighlighted):
            queue.clear_options()
            entries: list[Option | None] = []
            for index, prompt in enumerate(prompts):
                if index:
                    entries.append(None)  # a thin rule between entries
                entries.append(Option(prompt, id=f"s{index}"))
            queue.add_options(entries)
            if self.suggestions:
                ids = [s.contact.id for s in self.suggestions]
                queue.highlighted = ids.index(previous) if previous in ids else 0

    @on(OptionList.OptionHighlighted, "#today-queue")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index < len(self.suggestions) and self.queue.has_focus:
            self.post_message(self.Highlighted(self.suggestions[event.option_index].contact))

    @on(OptionList.OptionSelected, "#today-queue")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.LogRequested(self.suggestions[event.option_index]))

    @on(TodayQueue.SkipRequested)
    def _skip(self, event: TodayQueue.SkipRequested) -> None:
        event.stop()
        self.post_message(self.SkipRequested(event.suggestion))

    @on(TodayQueue.DraftRequested)
    def _draft(self, event: TodayQueue.DraftRequested) -> None:
        event.stop()
        self.post_message(self.DraftRequested(event.suggestion))
