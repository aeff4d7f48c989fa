"""Rest and the shape of a day: snooze one person, skip them today, pause everything, say your energy."""

from __future__ import annotations

import dataclasses
from datetime import date

from keepintouch.actions.base import ActionError, Moment, Outcome
from keepintouch.actions.people import person
from keepintouch.domain.model import ENERGY_LEVELS, Day, Network, Pause
from keepintouch.domain.phrasing import day_text

ENERGY_WORDS = {
    "low": "Low energy today: one light touch at most.",
    "normal": "Normal energy today.",
    "high": "High energy today: a couple more suggestions.",
}


def _future(moment: Moment, until: date) -> date:
    if until <= moment.today:
        raise ActionError(f"{until} is not after today ({moment.today}); pick a later date.")
    return until


def snooze(network: Network, moment: Moment, contact_id: str, until: date) -> Outcome:
    """Let someone rest until a date; they come back gently afterwards."""
    contact = person(network, contact_id)
    until = _future(moment, until)
    message = f"{contact.name} is snoozed until {day_text(until, moment.today)}."
    return Outcome(put=[dataclasses.replace(contact, snoozed_until=until)], message=message)


def unsnooze(network: Network, moment: Moment, contact_id: str) -> Outcome:
    """End a snooze early (nothing to write when there is none)."""
    contact = person(network, contact_id)
    if not contact.is_snoozed(moment.today):
        return Outcome(message=f"{contact.name} is not snoozed.")
    return Outcome(put=[dataclasses.replace(contact, snoozed_until=None)], message=f"{contact.name} is back in the rhythm.")


def _today(network: Network, moment: Moment) -> Day:
    found = next((d for d in network.days if d.date == moment.today), None)
    return found or Day(date=moment.today)


def skip(network: Network, moment: Moment, contact_id: str) -> Outcome:
    """Not today: off today's queue, no record of anything else. A plain rhythm
    offer so skipped ends for the budget's period (engine/budget.py)."""
    contact = person(network, contact_id)
    day = _today(network, moment)
    # "Not today" would not be true of a rhythm offer with a budget per week or month: it rests
    # until the period ends. "Can wait" is true of every kind.
    outcome = Outcome(message=f"{contact.name} can wait.")
    if contact.id not in day.skipped:
        outcome.put.append(dataclasses.replace(day, skipped=[*day.skipped, contact.id]))
    return outcome


def set_energy(network: Network, moment: Moment, level: str) -> Outcome:
    """Today's energy: low offers one light touch at most, high a couple more."""
    level = level.strip().lower()
    if level not in ENERGY_LEVELS:
        raise ActionError(f"'{level}' is not an energy level; say low, normal or high.")
    day = _today(network, moment)
    outcome = Outcome(message=ENERGY_WORDS[level])
    if day.energy != level:
        outcome.put.append(dataclasses.replace(day, energy=level))
    return outcome


def ongoing_pauses(network: Network, today: date) -> list[Pause]:
    return [p for p in network.pauses if p.covers(today)]


def pause(network: Network, moment: Moment, until: date) -> Outcome:
    """Pause everything until a date; a pause under way is lengthened or shortened instead."""
    until = _future(moment, until)
    ongoing = ongoing_pauses(network, moment.today)
    record = dataclasses.replace(ongoing[0], until=until) if ongoing else Pause(start=moment.today, until=until)
    return Outcome(put=[record], message=f"Paused until {day_text(until, moment.today, long=True)}. Rest well; nothing will pile up.")


def resume(network: Network, moment: Moment) -> Outcome:
    """End today every pause that covers today: a pause empties the queue, so resuming ends them all."""
    ongoing = ongoing_pauses(network, moment.today)
    if not ongoing:
        return Outcome(message="Nothing was paused.")
    ended = [dataclasses.replace(p, until=moment.today) for p in ongoing]
    return Outcome(put=list(ended), message="Welcome back. Things will come back a few at a time.")
