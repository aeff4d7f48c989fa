"""The person card: what `keepintouch show` prints and the app's Notes pane shows.

One function decides which facts a card holds and how each is worded; each
face only lays the rows out (plain text in the shell, styled labels in the
app). A fact shown in one place is shown in the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from keepintouch.actions.promises import open_promises
from keepintouch.domain.model import Contact, Occasion, Promise, Touch
from keepintouch.domain.timespec import ago, rhythm_label
from keepintouch.engine.due import DueDates
from keepintouch.engine.suggestion import short_date

#: Occasion kinds a card names, and how.
OCCASION_WORDS = {"birthday": "Birthday", "anniversary": "Yearly", "custom": "Yearly"}


@dataclass
class Card:
    """A title, a line about work, then (label, value) rows; a label repeats as "" for its next values."""

    name: str
    work: str = ""
    archived: bool = False
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, values: list[str] | str) -> None:
        for index, value in enumerate([values] if isinstance(values, str) else values):
            if value:
                self.rows.append((label if index == 0 else "", value))


def _labelled(contact: Contact, value: str) -> str:
    """ "+81 90 1234 5678 (mobile)": a value with its label from the address book, if any."""
    label = contact.labels.get(value)
    return f"{value} ({label})" if label else value


def _address(contact: Contact, address: str) -> str:
    """A postal address on one line, its label first ("work: 1 Main St, Kyoto")."""
    line = ", ".join(part.strip() for part in address.splitlines() if part.strip())
    label = contact.labels.get(address)
    return f"{label}: {line}" if label else line


def _yearly(occasion: Occasion) -> str:
    when = occasion.when
    text = f"{when.day} {date(2000, when.month, 1):%b}" + (f" {when.year}" if when.year else "")
    return f"{text} — {occasion.label}" if occasion.label else text


def person_card(
    contact: Contact,
    *,
    today: date,
    dues: DueDates,
    touches: list[Touch],
    promises: list[Promise],
    occasions: list[Occasion],
) -> Card:
    """Everything worth knowing at a glance about one person, in a few short rows."""
    card = Card(contact.name, ", ".join(part for part in (contact.role, contact.org) if part), contact.archived)
    card.add("Called", contact.nickname)
    card.add("Met", contact.met)
    card.add("Ask about", contact.ask_about)
    card.add("Tags", ", ".join(contact.tags))
    card.add("Topics", ", ".join(contact.topics))
    links = [url.removeprefix("https://").removeprefix("http://").removeprefix("www.") for url in contact.urls]
    labelled = [_labelled(contact, value) for value in (*contact.emails, *contact.phones)]
    card.add("Channels", [*labelled, *links, *(f"{k}: {v}" for k, v in contact.handles.items())])
    card.add("Address", [_address(contact, a) for a in contact.addresses])
    card.add("Related", ", ".join(_labelled(contact, name) for name in contact.related))
    card.add("Language", contact.language)
    state = dues.state(contact)
    card.add("Rhythm", rhythm_label(contact.rhythm) if state == "no rhythm" else f"{rhythm_label(contact.rhythm)} · {state}")
    due = dues.next_due(contact)
    if due is not None:
        card.add("Next", "today" if due <= today else short_date(due, today))
    if contact.is_snoozed(today) and contact.snoozed_until:
        card.add("Snoozed", f"until {short_date(contact.snoozed_until, today)}")
    for occasion in sorted(occasions, key=lambda o: (o.kind, o.when)):
        if occasion.yearly and occasion.kind in OCCASION_WORDS:
            card.add(OCCASION_WORDS[occasion.kind], _yearly(occasion))
    if touches:
        card.add("Last", ago(max(t.date for t in touches), today))
    gave, asked = sum(t.gave for t in touches), sum(t.asked for t in touches)
    if gave or asked:
        card.add("Balance", f"gave {gave} · asked {asked}")
    card.add(
        "Promised",
        [p.text + (f" (by {short_date(p.due, today)})" if p.due else "") for p in open_promises(promises)],
    )
    return card


def touch_flags(touch: Touch) -> list[str]:
    """The words a touch's flags stand for, in the timeline of both faces."""
    words = (("from them", touch.inbound), ("gave", touch.gave), ("asked", touch.asked), ("awaiting reply", touch.awaiting_reply))
    return [word for word, on in words if on]


def together(touches: list[Touch], names: dict[str, str]) -> dict[str, list[str]]:
    """Group id -> the names of everyone a touch logged together was with (one coffee with three people)."""
    found: dict[str, list[str]] = {}
    for touch in touches:
        if touch.group:
            found.setdefault(touch.group, []).append(names.get(touch.contact_id, "someone"))
    return found
