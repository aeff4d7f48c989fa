"""A short start: the article's advice in a sentence, and how many names to be offered.

Shown on an empty network and after an import, because both are the moment
a new user is tempted to keep up with everyone. The choice is the budget
(`budget`, `budget_period` in the config); then the app helps with the next
step: adding someone, or giving a few imported people a rhythm.
"""

from __future__ import annotations

from datetime import date

from keepintouch.tui.screens.choice import ChoiceScreen

#: (label, (budget, period)) — the article's "one or two a month" and the default two a week.
BUDGETS: list[tuple[str, tuple[int, str]]] = [
    ("Two names a week", (2, "week")),
    ("One or two names a month, as the article says", (2, "month")),
]

ADVICE = "You need not write to everyone: one or two names a month are enough."


class StartScreen(ChoiceScreen[tuple[int, str]]):
    """Dismisses with (budget, period), or None (keep the settings as they are)."""

    def __init__(self, today: date, current: tuple[int, str], *, imported: bool = False) -> None:
        step = (
            "Pick 3–5 of the people you imported and give each a rhythm (e on a person)."
            if imported
            else "Start with 3–5 people you would like to keep in touch with, each with a rhythm."
        )
        choices = [(label + ("  (now)" if value == current else ""), value) for label, value in BUDGETS]
        initial = next((i for i, (_, value) in enumerate(BUDGETS) if value == current), 0)
        super().__init__("Start small", choices, today=today, initial=initial, note=f"{ADVICE} {step} How many would you like to be offered?")
