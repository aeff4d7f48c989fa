"""Short items laid out in rows as wide as the widget, never broken inside an item.

For lists like "friends 3 of 3 · data 1 of 2 · …", where plain wrapping
would split "2 of 2" across lines.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

SEPARATOR = " · "


def flow(items: list[Content], width: int) -> list[Content]:
    """Items packed greedily into lines of at most `width` cells (a too-long item gets its own line)."""
    lines: list[list[Content]] = []
    used = 0
    for item in items:
        if lines and used + len(SEPARATOR) + item.cell_length <= width:
            lines[-1].append(item)
            used += len(SEPARATOR) + item.cell_length
        else:
            lines.append([item])
            used = item.cell_length
    return [Content(SEPARATOR).join(line) for line in lines]


class Flow(Widget):
    """Items in rows; its height follows its width."""

    DEFAULT_CSS = """
    Flow { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Content] = []

    def show(self, items: list[Content]) -> None:
        self.items = items
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(flow(self.items, width))

    def render(self) -> RenderResult:
        return Content("\n").join(flow(self.items, self.size.width))
