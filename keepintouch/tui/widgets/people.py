"""The People pane: everyone, filtered as you type.

`PeopleList` is a line-API widget: it keeps a plain list of contacts and
renders only the rows on screen, so filtering 10,000 people rebuilds no
widgets. `PeoplePane` adds the filter box above it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from keepintouch.domain.model import Contact
from keepintouch.domain.phrasing import plural
from keepintouch.domain.safe_text import for_terminal
from keepintouch.tui.people_index import PeopleIndex
from keepintouch.tui.widgets import quiet
from keepintouch.tui.widgets.text_boxes import PlainInput

#: How a row's quiet hint is given: (text, style name); the style is one of
#: "calm" (in rhythm, resting…), "due" (a soft accent, never red) or "muted".
Hint = tuple[str, str]


class PeopleList(ScrollView, can_focus=True):
    """A virtual list of people: one line each, name left, rhythm hint right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Show", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "people-list--cursor",
        "people-list--hint",
        "people-list--due",
        "people-list--muted",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a person."""

        contact: Contact

    @dataclass
    class Selected(Message):
        """A person was chosen with enter or a click."""

        contact: Contact

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Contact] = []
        #: Our virtual size at the last layout pass (see `_size_updated`).
        self._laid_out = Size(0, 0)
        #: What each row showed when last drawn: (person, hint text, tone), by row index.
        self._drawn: dict[int, tuple[Contact, str, str]] = {}
        self.hint: Callable[[Contact], Hint] = lambda contact: ("", "calm")

    @property
    def rows(self) -> list[Contact]:
        return self._rows

    @property
    def current(self) -> Contact | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: list[Contact], *, keep: str | None = None) -> None:
        """Show these people, keeping the cursor on `keep` (an id) when present."""
        current = self.current
        unchanged = len(rows) == len(self._rows) and all(map(operator.is_, rows, self._rows))
        self._rows = rows
        if unchanged and current is not None and current.id == keep:
            self._refresh_changed_hints()
            return
        self._drawn.clear()  # other people on the rows: all are drawn again
        self.virtual_size = Size(self.size.width, len(rows))
        index = next((i for i, c in enumerate(rows) if c.id == keep), 0) if keep else 0
        # New rows move the cursor without choosing anyone: Notes keeps its person.
        with self.prevent(self.Highlighted):
            self.cursor = index
        self.refresh()

    def _refresh_changed_hints(self) -> None:
        """Repaint only the rows on screen whose hint changed: after a save, one or none.

        Repainting the whole list would make the screen composite every line again.
        """
        top = self.scroll_offset.y
        for index in range(top, min(len(self._rows), top + self.scrollable_content_region.height)):
            contact = self._rows[index]
            if self._drawn.get(index) != (contact, *self.hint(contact)):
                self.refresh_line(index)

    def move_to(self, contact_id: str) -> bool:
        """Put the cursor on a person if they are listed."""
        for index, contact in enumerate(self._rows):
            if contact.id == contact_id:
                self.cursor = index
                return True
        return False

    # -- cursor

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        height = self.scrollable_content_region.height
        if height:
            if new < self.scroll_offset.y:
                self.scroll_to(y=new, animate=False)
            elif new >= self.scroll_offset.y + height:
                self.scroll_to(y=new - height + 1, animate=False)
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self._rows):
            self.cursor = index
            self.action_select()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Skip Textual's scrollbar update when neither our size nor our rows changed.

        Textual 8.2's ScrollView compares the compositor's virtual size (which
        it then ignores) with its own, so a line-API list always looks
        changed: any layout pass anywhere on the screen repainted this
        scrollbar, three times per save at 10,000 people (bench/).
        """
        if size == self._size and container_size == self.container_size and self.virtual_size == self._laid_out:
            return False
        self._laid_out = self.virtual_size
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    # -- rendering

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.get_visual_style().rich_style
        if index >= len(self._rows):
            return Strip.blank(width, base)
        contact = self._rows[index]
        row_style = base
        if index == self.cursor:
            row_style = self.get_visual_style("people-list--cursor").rich_style
        text, tone = self.hint(contact)
        self._drawn[index] = (contact, text, tone)
        hint_class = {"due": "people-list--due", "muted": "people-list--muted"}.get(tone, "people-list--hint")
        hint_style = row_style + self.get_component_rich_style(hint_class, partial=True)
        hint = f" {text} " if text else ""
        name_width = max(0, width - len(hint) - 1)
        name = for_terminal(contact.name)
        name = name if len(name) <= name_width else name[: max(0, name_width - 1)] + "…"
        gap = max(0, width - 1 - len(name) - len(hint))
        segments = [Segment(" " + name + " " * gap, row_style), Segment(hint, hint_style)]
        return Strip(segments).crop_extend(0, width, row_style)


class PeoplePane(Vertical):
    """The filter box, the list and a one-line summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    show_archived: var[bool] = var(False)

    @dataclass
    class Highlighted(Message):
        contact: Contact

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index = PeopleIndex([])

    def compose(self):
        yield PlainInput(placeholder="Filter: name, org or tag", id="people-filter")
        yield PeopleList(id="people-list")
        yield Static("", id="people-summary")

    def on_mount(self) -> None:
        self.border_title = "People"

    @property
    def list(self) -> PeopleList:
        return self.query_one(PeopleList)

    @property
    def index(self) -> PeopleIndex:
        return self._index

    @property
    def filter_box(self) -> Input:
        return self.query_one("#people-filter", Input)

    def set_people(self, index: PeopleIndex, hint: Callable[[Contact], Hint], *, keep: str | None) -> None:
        """New data: a new index; the filter is applied again."""
        self._index = index
        self.list.hint = hint
        self._apply_filter(keep=keep)

    def start_filter(self) -> None:
        self.filter_box.display = True
        self.filter_box.focus()

    def action_clear_filter(self) -> None:
        box = self.filter_box
        keep = self.list.current.id if self.list.current else None
        box.value = ""
        box.display = False
        self._apply_filter(keep=keep)
        self.list.focus()

    def watch_show_archived(self) -> None:
        if self.is_mounted:
            current = self.list.current
            self._apply_filter(keep=current.id if current else None)

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply_filter(keep=None)

    @on(Input.Submitted, "#people-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        people = self.list
        if not event.value.strip():
            self.action_clear_filter()
            return
        people.cursor = 0
        people.focus()
        people.action_select()

    def on_descendant_blur(self) -> None:
        box = self.filter_box
        if not box.value and not box.has_focus:
            box.display = False

    @on(PeopleList.Highlighted)
    def _highlighted(self, event: PeopleList.Highlighted) -> None:
        event.stop()
        # Only while you are here: a refresh or a jump from Today moves the
        # cursor without taking the Notes pane away from what you look at.
        if self.has_focus_within:
            self.post_message(self.Highlighted(event.contact))

    @on(PeopleList.Selected)
    def _selected(self, event: PeopleList.Selected) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.contact))

    def _apply_filter(self, *, keep: str | None) -> None:
        query = self.filter_box.value
        rows = self._index.search(query, archived=self.show_archived)
        self.list.set_rows(rows, keep=keep)
        self.filter_box.display = bool(query) or self.filter_box.has_focus
        total = self._index.count(archived=self.show_archived)
        summary = f"{len(rows)} of {total}" if query else plural(total, "person")
        if self.show_archived:
            summary += " · archived shown"
        quiet.show(self.query_one("#people-summary", Static), summary)
