"""Pause everything for a while, or resume."""

from __future__ import annotations

from datetime import date

from keepintouch.domain.phrasing import day_text
from keepintouch.tui.screens.choice import ChoiceScreen, span_choices

#: Chosen to end the ongoing pause today.
RESUME = "resume"


class PauseScreen(ChoiceScreen[date | str]):
    """Dismisses with the date the pause ends, `RESUME`, or None."""

    def __init__(self, today: date, paused_until: date | None) -> None:
        choices: list[tuple[str, date | str]] = []
        if paused_until is not None:
            choices.append(("Resume now", RESUME))
            heading = f"Paused until {day_text(paused_until, today, long=True)}"
            note = "Resume now, or change when the pause ends."
        else:
            heading = "Pause everything"
            note = "No suggestions while paused. Nothing piles up; it comes back gently."
        choices += span_choices(today, usual="2w")
        super().__init__(heading, choices, today=today, date_label="Until a date…", note=note)
