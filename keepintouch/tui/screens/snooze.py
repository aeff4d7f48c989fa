"""Snooze one person: a week (preselected), two, a month, three, or a date."""

from __future__ import annotations

from datetime import date

from keepintouch.actions.promises import open_promises
from keepintouch.domain.model import Contact, Promise
from keepintouch.domain.phrasing import day_text
from keepintouch.engine.suggestion import short_date
from keepintouch.tui.screens.choice import ChoiceScreen, span_choices

#: Chosen to wake someone up who is snoozed.
WAKE = "wake"


class SnoozeScreen(ChoiceScreen[date | str]):
    """Dismisses with the date to snooze until, `WAKE`, or None."""

    def __init__(self, contact: Contact, today: date, promises: list[Promise] | None = None) -> None:
        choices: list[tuple[str, date | str]] = span_choices(today, usual="1w")
        note = "They will not be suggested until then."
        waiting = open_promises(promises or [])
        if waiting:
            # A promise is yours: snoozing them must not hide it without a word.
            first = waiting[0]
            due = f", due {short_date(first.due, today)}" if first.due else ""
            more = f" and {len(waiting) - 1} more" if len(waiting) > 1 else ""
            note += f" Your promise ({first.text}{due}){more} waits with them."
        if contact.is_snoozed(today) and contact.snoozed_until:
            choices.append(("Wake up now", WAKE))
            note = f"Snoozed until {day_text(contact.snoozed_until, today)}."
        super().__init__(f"Snooze {contact.name}", choices, today=today, date_label="Until a date…", note=note)
