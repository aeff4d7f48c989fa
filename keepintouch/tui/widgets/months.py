"""Touches per month, by kind: one small sparkline a row, all touches first.

Rows exist for every kind from the start and hide when a kind has no
touches in the period, so showing new figures never mounts anything.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from keepintouch.domain.model import TOUCH_KINDS

#: Columns each month takes in a sparkline.
MONTH_WIDTH = 2
ALL = "all"


def month_letters(months: list[date]) -> str:
    """ "D J F M …": each month's initial over its columns."""
    return "".join(f"{month:%b}"[0].ljust(MONTH_WIDTH) for month in months)


class MonthChart(Vertical):
    """A row of month initials, then a sparkline a kind: label, twelve months, total."""

    DEFAULT_CSS = """
    MonthChart { height: auto; }
    MonthChart > .month-row { height: 1; }
    MonthChart .month-label { width: 10; color: $text-muted; }
    MonthChart .month-total { width: 6; text-align: right; color: $text-muted; }
    MonthChart #month-letters { color: $text-muted; }
    MonthChart #month-row-all .month-label { color: $foreground; text-style: bold; }
    MonthChart #month-row-all .month-total { color: $foreground; }
    MonthChart Sparkline { width: 24; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="month-row"):
            yield Static("", classes="month-label")
            yield Static("", id="month-letters")
        for kind in (ALL, *TOUCH_KINDS):
            with Horizontal(classes="month-row", id=f"month-row-{kind}"):
                yield Static("total" if kind == ALL else kind, classes="month-label")
                yield Sparkline([], id=f"month-spark-{kind}")
                yield Static("", classes="month-total")

    def show(self, months: list[date], rows: dict[str, list[int]]) -> None:
        """`rows`: kind (or "all") -> touches per month; kinds with none are hidden."""
        width = MONTH_WIDTH * len(months)
        self.query_one("#month-letters", Static).update(month_letters(months))
        for kind in (ALL, *TOUCH_KINDS):
            values = rows.get(kind, [])
            row = self.query_one(f"#month-row-{kind}")
            row.display = kind == ALL or any(values)
            spark = row.query_one(Sparkline)
            spark.styles.width = width
            spark.data = values
            row.query_one(".month-total", Static).update(str(sum(values)))
