"""A year of touches as a calendar heat map: weeks across, weekdays down.

Like a contribution graph: one cell a day, brighter for more touches, in
one colour for days you reached out, another for days they did, a third for
days with both. Colours come from component classes set with theme
variables (never red); a quiet dot marks a day without touches. Each week
takes two columns when the width allows, else one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual.app import RenderResult
from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

#: Weekday labels, Monday first (blank rows keep it light).
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")
LABEL_WIDTH = 4
CELL = "■"
QUIET = "·"
#: How strongly a day's colour shows for 1, 2 and 3 or more touches.
STRENGTH = (0.6, 0.8, 1.0)


def grid_start(day: date) -> date:
    """The Monday on or before `day`: the top of the first column."""
    return day - timedelta(days=day.weekday())


def weeks(start: date, until: date) -> int:
    """How many week columns the days from `start` to `until` take."""
    return (until - grid_start(start)).days // 7 + 1


class HeatMap(Widget):
    """Touches per day from `start` to `until`; days after `end` are still to come (blank)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--out",
        "heatmap--in",
        "heatmap--both",
        "heatmap--quiet",
        "heatmap--label",
    }

    DEFAULT_CSS = """
    HeatMap {
        height: 9;
        width: 1fr;
    }
    HeatMap > .heatmap--out { color: $primary; }
    HeatMap > .heatmap--in { color: $accent; }
    HeatMap > .heatmap--both { color: $success; }
    HeatMap > .heatmap--quiet { color: $foreground 25%; }
    HeatMap > .heatmap--label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.start = self.until = self.end = date.min
        self.days: dict[date, tuple[int, int]] = {}

    def show(self, start: date, until: date, end: date, days: dict[date, tuple[int, int]]) -> None:
        """Draw `days` (day -> (inbound, outbound)) over `start`..`until`, counted through `end`."""
        self.start, self.until, self.end, self.days = start, until, end, days
        self.refresh()

    def cell_width(self, width: int) -> int:
        """Two columns a week when they fit in `width`, else one."""
        return 2 if LABEL_WIDTH + 2 * weeks(self.start, self.until) <= width else 1

    def render(self) -> RenderResult:
        if self.start == date.min:
            return ""
        cw = self.cell_width(self.size.width)
        styles = self._styles()
        first = grid_start(self.start)
        n_weeks = weeks(self.start, self.until)
        lines = [self._months(first, n_weeks, cw, styles["label"])]
        for weekday, label in enumerate(WEEKDAYS):
            parts: list[tuple[str, Style]] = [(f"{label:<{LABEL_WIDTH}}", styles["label"])]
            for week in range(n_weeks):
                day = first + timedelta(days=7 * week + weekday)
                glyph, style = self._cell(day, styles)
                parts.append((glyph.ljust(cw), style))
            lines.append(Content.assemble(*parts))
        lines.append(self._legend(styles))
        return Content("\n").join(lines)

    def _months(self, first: date, n_weeks: int, cw: int, style: Style) -> Content:
        """Month names over the week each month starts in, where they fit."""
        row = [" "] * (LABEL_WIDTH + n_weeks * cw)
        day = date(self.start.year, self.start.month, 1)
        free = 0
        while day <= self.until:
            x = LABEL_WIDTH + (max(day, self.start) - first).days // 7 * cw
            name = f"{day:%b}"
            if x >= free and x + len(name) <= len(row):
                row[x : x + len(name)] = name
                free = x + len(name) + 1
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return Content.styled("".join(row).rstrip(), style)

    def _cell(self, day: date, styles: dict[str, Style]) -> tuple[str, Style]:
        if day < self.start or day > self.end:
            return " ", styles["label"]
        n_in, n_out = self.days.get(day, (0, 0))
        if not (n_in or n_out):
            return QUIET, styles["quiet"]
        kind = "both" if n_in and n_out else "in" if n_in else "out"
        return CELL, styles[f"{kind}{min(n_in + n_out, len(STRENGTH))}"]

    def _styles(self) -> dict[str, Style]:
        """Label and quiet styles, and each direction at each strength (`out1`…`both3`)."""
        _, background = self.background_colors
        styles = {
            name: Style(foreground=background + self.get_component_styles(f"heatmap--{name}").color)
            for name in ("label", "quiet")
        }
        for kind in ("out", "in", "both"):
            color: Color = background + self.get_component_styles(f"heatmap--{kind}").color
            for n, strength in enumerate(STRENGTH, start=1):
                styles[f"{kind}{n}"] = Style(foreground=background.blend(color, strength))
        return styles

    def _legend(self, styles: dict[str, Style]) -> Content:
        return Content.assemble(
            (" " * LABEL_WIDTH, styles["label"]),
            (CELL, styles["out3"]),
            (" you reached out   ", styles["label"]),
            (CELL, styles["in3"]),
            (" they reached out   ", styles["label"]),
            (CELL, styles["both3"]),
            (" both     ", styles["label"]),
            *((f"{CELL} ", styles[f"out{n}"]) for n in range(1, len(STRENGTH) + 1)),
            ("1, 2, 3+ a day", styles["label"]),
        )
