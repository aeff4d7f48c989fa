"""The Insights screen (`I`): calm pictures of your year, what went well first.

A heat map of the year's touches, touches per month by kind, people in
rhythm, the give/ask balance with a gentle "maybe give first", and promises.
The figures come from `keepintouch.engine.insights`, computed in a thread worker
from the snapshot the screen was opened on (no store access: the snapshot
is already in memory), so a large network never stalls the screen.
`←` and `→` step between the last 12 months and earlier calendar years.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from keepintouch.domain.model import TOUCH_KINDS
from keepintouch.engine import insights_words as words
from keepintouch.engine.insights import Insights, compute
from keepintouch.tui.plain import plain
from keepintouch.tui.snapshot import Snapshot
from keepintouch.tui.widgets.flow import Flow
from keepintouch.tui.widgets.heatmap import HeatMap
from keepintouch.tui.widgets.keybar import KeyBar
from keepintouch.tui.widgets.months import ALL, MonthChart

#: Tags shown under "in rhythm" at most (the ones with most people).
TAGS_SHOWN = 6
#: Names in "Maybe give first" at most.
GIVE_SHOWN = 3
#: The width of the give/ask bar.
BAR_WIDTH = 30


def tag_items(insights: Insights) -> list[Content]:
    """ "friends 3 of 3" for the tags with most people, and how many more there are."""
    tags = list(insights.in_rhythm_by_tag.items())
    items = [
        Content.assemble(plain(tag), (f" {r.kept} of {r.with_rhythm}", "$foreground-muted")) for tag, r in tags[:TAGS_SHOWN]
    ]
    if len(tags) > TAGS_SHOWN:
        items.append(Content.styled(f"{len(tags) - TAGS_SHOWN} more tags", "$foreground-muted"))
    return items


def balance_bar(insights: Insights, width: int = BAR_WIDTH) -> Content:
    """One bar split between giving ($primary) and asking ($accent)."""
    gave, asked = insights.balance.gave, insights.balance.asked
    if not (gave or asked):
        return Content("")
    n_gave = round(width * gave / (gave + asked))
    return Content.assemble(
        ("gave ", "$foreground-muted"),
        ("█" * n_gave, "$primary"),
        ("█" * (width - n_gave), "$accent"),
        (" asked", "$foreground-muted"),
    )


def balance_text(insights: Insights) -> Content:
    lines = [Content.styled(words.balance_sentence(insights), "bold"), balance_bar(insights)]
    lines.append(plain(words.give_sentence(insights, most=GIVE_SHOWN)))  # it names people
    if insights.could_give:
        lines.append(Content.styled("A share or a thank-you would be kind.", "$foreground-muted"))
    return Content("\n").join(line for line in lines if line)


def promises_text(insights: Insights) -> Content:
    text = Content.styled(words.promises_sentence(insights).removeprefix("Promises: ").capitalize(), "bold")
    if insights.promises.open:
        text += Content.styled(" Open ones come up in Today when due.", "$foreground-muted")
    return text


class InsightsScreen(ModalScreen[None]):
    """A look back: the last 12 months, or a calendar year."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,I", "close", "Close", key_display="esc"),
        Binding("left", "step(-1)", "Earlier", key_display="←", priority=True),
        Binding("right", "step(1)", "Later", key_display="→", priority=True),
    ]

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        #: None: the last 12 months; else a calendar year.
        self.year: int | None = None
        self.insights: Insights | None = None
        years = [t.date.year for t in snapshot.network.touches if t.date <= snapshot.today]
        self.first_year = min(years, default=snapshot.today.year)

    def compose(self) -> ComposeResult:
        yield Static("Insights", id="insights-title")
        with VerticalScroll(id="insights-body"):
            yield Static("Looking back…", id="insights-headline")
            with Vertical(id="insights-year", classes="insights-box"):
                yield HeatMap(id="heatmap")
            with Horizontal(id="insights-lower"):
                with Vertical(id="insights-months", classes="insights-box"):
                    yield MonthChart(id="month-chart")
                with Vertical(id="insights-side"):
                    with Vertical(id="insights-rhythm-box", classes="insights-box"):
                        yield Static("", id="insights-rhythm")
                        yield Flow(id="insights-tags")
                    with Vertical(id="insights-balance-box", classes="insights-box"):
                        yield Static("", id="insights-balance")
                    with Vertical(id="insights-promises-box", classes="insights-box"):
                        yield Static("", id="insights-promises")
        yield KeyBar()

    def on_mount(self) -> None:
        titles = {
            "#insights-year": "A year of touches",
            "#insights-months": "Touches per month",
            "#insights-rhythm-box": "In rhythm",
            "#insights-balance-box": "Give and ask",
            "#insights-promises-box": "Promises",
        }
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        self.look_back()

    def look_back(self) -> None:
        """Compute the figures for the chosen period, off the UI thread."""
        self.query_one("#insights-headline", Static).update(Content.styled("Looking back…", "$foreground-muted"))
        self._compute(self.year)

    @work(thread=True, exclusive=True, group="insights", exit_on_error=False)
    def _compute(self, year: int | None) -> None:
        snapshot = self.snapshot
        try:
            insights = compute(snapshot.network, snapshot.settings, snapshot.today, year, dues=snapshot.dues)
        except Exception as error:  # noqa: BLE001 - said calmly, never a traceback
            self.app.call_from_thread(self.notify, f"Could not look back this time: {error}", severity="warning")
            return
        self.app.call_from_thread(self.show, insights)

    def show(self, insights: Insights) -> None:
        if insights.year != self.year:  # a step was taken meanwhile: its own figures follow
            return
        self.insights = insights
        self.query_one("#insights-title", Static).update(
            Content.assemble(("Insights", "bold"), " · ", words.period_title(insights))
        )
        self.query_one("#insights-headline", Static).update(plain(words.touches_sentence(insights)))
        self.query_one(HeatMap).show(insights.start, insights.until, insights.end, insights.heatmap)
        rows = {ALL: insights.monthly_totals} | {kind: insights.monthly_kind(kind) for kind in TOUCH_KINDS}
        self.query_one(MonthChart).show(insights.months, rows)
        self.query_one("#insights-rhythm", Static).update(Content.styled(words.rhythm_sentence(insights), "bold"))
        self.query_one(Flow).show(tag_items(insights))
        self.query_one("#insights-balance", Static).update(balance_text(insights))
        self.query_one("#insights-promises", Static).update(promises_text(insights))

    def _periods(self) -> list[int | None]:
        """From the newest: the last 12 months, this year, last year, … back to the first touch."""
        this_year = self.snapshot.today.year
        return [None, *range(this_year, min(self.first_year, this_year - 1) - 1, -1)]

    def _stepped(self, direction: int) -> int | None:
        """The index of the period one step earlier (-1) or later (+1), None past either end."""
        periods = self._periods()
        index = periods.index(self.year) - direction
        return index if 0 <= index < len(periods) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and self._stepped(int(parameters[0])) is None:  # type: ignore[call-overload]
            return None  # shown, dimmed
        return True

    def action_step(self, direction: int) -> None:
        """Earlier (-1) or later (+1)."""
        index = self._stepped(direction)
        if index is not None:
            self.year = self._periods()[index]
            self.refresh_bindings()
            self.look_back()

    def action_close(self) -> None:
        self.dismiss(None)
