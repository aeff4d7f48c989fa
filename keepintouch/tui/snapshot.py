"""What the panes show, computed once per network snapshot.

Every pane reads from one `Snapshot`: the network as loaded, indexes by
person, the due dates, today's queue, energy and pause. It is built in the
store's worker thread when the store reports new data (or on the main thread
when the day changes), never per keystroke. No Textual here.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from keepintouch.actions.card import together
from keepintouch.domain.model import Contact, Network, Occasion, Promise, Settings, Touch
from keepintouch.engine import queue as rhythm
from keepintouch.engine.due import DueDates
from keepintouch.tui.people_index import PeopleIndex

#: People-list hint tones by rhythm state: "due" is a soft accent, never red.
TONES = {
    "due": "due",
    "due soon": "calm",
    "in rhythm": "calm",
    "awaiting reply": "calm",
    "resting": "muted",
    "snoozed": "muted",
    "paused": "muted",
    "archived": "muted",
    "no rhythm": "muted",
}
#: States not worth a word in the list.
SILENT_STATES = {"no rhythm"}


@dataclass
class Snapshot:
    network: Network
    settings: Settings
    today: date
    dues: DueDates
    contacts: dict[str, Contact]
    promises: dict[str, list[Promise]]
    occasions: dict[str, list[Occasion]]
    energy: str
    paused_until: date | None
    people: PeopleIndex
    #: Today's queue (without "one more"), computed with the snapshot.
    daily: list[rhythm.Suggestion]
    planner: rhythm.QueuePlanner

    @classmethod
    def build(cls, network: Network, settings: Settings, today: date, previous: Snapshot | None = None) -> Snapshot:
        """The view of `network`; `previous`, the view it replaces, lends what did not change.

        A save usually changes a touch or two and no contact: then the People
        index (10,000 entries) is the previous one, neither rebuilt here nor
        freed on the screen's thread when the old view goes.
        """
        promises: dict[str, list[Promise]] = defaultdict(list)
        for promise in network.promises:
            promises[promise.contact_id].append(promise)
        occasions: dict[str, list[Occasion]] = defaultdict(list)
        for occasion in network.occasions:
            occasions[occasion.contact_id].append(occasion)
        day = next((d for d in network.days if d.date == today), None)
        # One due-date index serves the hints and the queue: building it is
        # most of the work (a look at every person).
        planner = rhythm.QueuePlanner(network, settings, today)
        return cls(
            network=network,
            settings=settings,
            today=today,
            dues=planner.dues,
            planner=planner,
            contacts={c.id: c for c in network.contacts},
            promises=dict(promises),
            occasions=dict(occasions),
            energy=day.energy if day else "normal",
            paused_until=rhythm.paused_until(network, today),
            people=_people(network, previous),
            daily=planner.queue(today),
        )

    def touches(self, contact_id: str) -> list[Touch]:
        """The person's touches, in the order they were logged (shared: never change the list)."""
        return self.dues.groups.touches(contact_id)

    @cached_property
    def together(self) -> dict[str, list[str]]:
        """Group id -> names of the people of touches logged together; made when first asked."""
        return together([t for t in self.network.touches if t.group], {c.id: c.name for c in self.network.contacts})

    def hint(self, contact: Contact) -> tuple[str, str]:
        """The quiet rhythm hint of a People row: (text, tone)."""
        state = self.dues.state(contact)
        return ("" if state in SILENT_STATES else state, TONES.get(state, "calm"))

    def queue(self, *, extra: int = 0) -> list[rhythm.Suggestion]:
        if not extra:
            return self.daily
        return self.planner.queue(self.today, extra=extra)

    def week(self) -> list[rhythm.Suggestion]:
        return self.planner.week()


def _people(network: Network, previous: Snapshot | None) -> PeopleIndex:
    """The People index: the previous one while every contact is the same record."""
    if previous is not None:
        before = previous.network.contacts
        if len(before) == len(network.contacts) and all(map(operator.is_, before, network.contacts)):
            return previous.people
    return PeopleIndex(network.contacts)
