"""The bottom line: the keys that work right now, as Textual's Footer shows them.

Textual's `Footer` is a row of one widget per key and builds the row anew
whenever the keys change, that is at every change of focus and every time a
form closes. Each rebuild mounts and styles a dozen widgets: 12 ms on the
screen's thread, the biggest part of closing the log form (bench/). `KeyBar`
is one widget that draws the same keys as one line, so a change of keys
costs one line drawn again. A click on a key presses it, as in the Footer.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.widget import Widget

#: Actions the bar never drops for lack of room.
KEEP = frozenset({"help", "quit"})


class KeyBar(Widget):
    """The shown bindings of the focused widget and its ancestors, then the palette key at the right."""

    ALLOW_SELECT = False
    DEFAULT_CSS: ClassVar[str] = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Where each key was drawn: (first cell, cell after the last, key), for clicks.
        self._spots: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._keys_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Content:
        app = self.app
        active = self.screen.active_bindings
        keys: list[tuple[Content, str, str]] = []  # (drawn key, key, action)
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen or binding.key == app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            keys.append((self._key(app.get_key_display(binding), binding.description, enabled), binding.key, binding.action))
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        right = Content("")
        if palette is not None:
            key = self._key(app.get_key_display(palette.binding), palette.binding.description, palette.enabled)
            right = Content.assemble(("▏", "$foreground 20%"), key)
        keys = self._fitting(keys, self.size.width - right.cell_length)
        parts: list[Content] = []
        spots: list[tuple[int, int, str]] = []
        width = 0
        for part, key_name, _action in keys:
            spots.append((width, width + part.cell_length, key_name))
            parts.append(part)
            width += part.cell_length
        line = Content("").join(parts)
        if palette is not None:
            start = max(line.cell_length, self.size.width - right.cell_length)
            line = line.truncate(start, pad=True) + right
            spots.append((start, start + right.cell_length, palette.binding.key))
        self._spots = spots
        return line

    @staticmethod
    def _fitting(keys: list[tuple[Content, str, str]], room: int) -> list[tuple[Content, str, str]]:
        """The keys that fit in `room` cells: on a narrow terminal the last others go first,
        help and quit always stay (a person must be able to find their way and out)."""
        kept = list(keys)
        while sum(part.cell_length for part, _, _ in kept) > room:
            droppable = [i for i, (_, _, action) in enumerate(kept) if action not in KEEP]
            if not droppable:
                break
            del kept[droppable[-1]]
        return kept

    @staticmethod
    def _key(key: str, description: str, enabled: bool) -> Content:
        """One key as the Footer draws it: ` key ` in bold, then its description."""
        dim = "" if enabled else " dim"
        return Content.assemble(
            (f" {key} ", f"bold $footer-key-foreground on $footer-key-background{dim}"),
            (f"{description} ", f"$footer-description-foreground on $footer-description-background{dim}"),
        )

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spots:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
