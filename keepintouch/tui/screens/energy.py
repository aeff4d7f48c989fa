"""How much energy today: it shapes which touches are offered."""

from __future__ import annotations

from datetime import date

from keepintouch.domain.model import ENERGY_LEVELS
from keepintouch.tui.screens.choice import ChoiceScreen

LABELS = {
    "low": "Low: only the lightest touches",
    "normal": "Normal",
    "high": "High: a little more today",
}


class EnergyScreen(ChoiceScreen[str]):
    """Dismisses with "low", "normal" or "high" (None: cancelled)."""

    def __init__(self, today: date, energy: str) -> None:
        choices = [(LABELS[level] + ("  (now)" if level == energy else ""), level) for level in ENERGY_LEVELS]
        super().__init__("Energy today", choices, today=today, initial=ENERGY_LEVELS.index(energy))
