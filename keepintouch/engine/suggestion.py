"""One entry of the daily queue, shared by the occasion and rhythm halves of the engine.

`keepintouch.engine.queue` re-exports `Suggestion`; the CLI and the TUI import it
from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from keepintouch.domain.model import Contact
from keepintouch.domain.phrasing import day_text

#: Why a suggestion is in the queue, best reason first: a person appears once
#: a day, for the first of these that applies.
TRIGGERS: tuple[str, ...] = ("birthday", "anniversary", "promise", "news", "rhythm")


@dataclass(frozen=True)
class Suggestion:
    """Who, why (a sentence), which light touch fits, and since when it is due.

    `due` is the date it became due: the rhythm due date, the promise's due
    date, the news' date, or the day a birthday or anniversary falls on.
    """

    contact: Contact
    trigger: str  # birthday | anniversary | news | promise | rhythm
    reason: str
    touch: str  # a kind from model.TOUCH_KINDS
    due: date


def short_date(day: date, today: date) -> str:
    """"10 Oct", or "10 Oct 2023" in another year."""
    return day_text(day, today, weekday=False)
