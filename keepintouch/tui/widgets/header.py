"""The top line: the date, today's energy, a pause, the weekly window's timer, and "Saved."

A saved change is confirmed here, at the right, for a moment: a quiet word
in a line that is drawn anyway, where a pop-up notice would mount widgets and
lay out the whole screen again just after each save (bench/ measured it as
the longest stall of a save). Problems still come as notices.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from keepintouch.domain.phrasing import day_text
from keepintouch.domain.safe_text import for_terminal


def clock_face(seconds: int) -> str:
    """Seconds as `mm:ss`."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


class TopBar(Widget):
    """One line of calm facts about today."""

    today: reactive[date | None] = reactive(None)
    energy: reactive[str] = reactive("normal")
    paused_until: reactive[date | None] = reactive(None)
    window_left: reactive[int | None] = reactive(None)
    #: Today is the configured day of the weekly window (a gentle invitation only).
    window_day: reactive[bool] = reactive(False)
    #: What was just saved ("Touch saved."), shown at the right; "" when there is nothing to say.
    status: reactive[str] = reactive("")

    def render(self) -> Content:
        parts: list[Content] = [Content.styled(" keepintouch", "bold")]
        if self.today is not None:
            parts.append(Content(f"{self.today:%A} {self.today.day} {self.today:%B %Y}"))
        parts.append(Content.assemble(("energy ", "$foreground-muted"), self.energy))
        if self.paused_until is not None:
            until = self.paused_until
            parts.append(Content.styled(f"paused until {day_text(until, self.today or until, long=True)}", "$text-secondary"))
        if self.window_left is not None:
            parts.append(Content.styled(f"weekly window {clock_face(self.window_left)}", "$text-accent"))
        elif self.window_day and self.paused_until is None:
            parts.append(Content.styled("weekly window day · w when you like", "$foreground-muted"))
        line = Content("   ").join(parts)
        room = self.size.width - line.cell_length - 4
        if not self.status or room < 8:
            return line
        status = for_terminal(self.status)  # it may name a person
        status = status if len(status) <= room else self.status[: room - 1] + "…"
        gap = self.size.width - line.cell_length - len(status) - 1
        return Content.assemble(line, " " * gap, (status, "$text-success"))
