"""Logging a touch: one interaction, in either direction."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from keepintouch.actions.base import ActionError, Moment, Outcome, and_list
from keepintouch.actions.people import find_person, person
from keepintouch.actions.promises import keep_promise
from keepintouch.domain.model import TOUCH_KINDS, Network, Record, Touch, new_id
from keepintouch.domain.safe_text import clean_line, clean_text


@dataclass
class TouchDraft:
    """A touch as a form or a command describes it (kept as typed, to reopen a form)."""

    contact_id: str
    kind: str = "call"
    direction: str = "out"
    note: str = ""
    asked: bool = False
    gave: bool = False
    awaiting_reply: bool = False
    day: date | None = None
    #: The promise this touch may keep (logged from a promise suggestion), and whether it does.
    promise_id: str | None = None
    promise_kept: bool = True
    #: The person's "ask about next time" note after this touch: None keeps it as it is, "" clears it.
    ask_about: str | None = None
    #: Other people who were there too (names as typed, e.g. one coffee with three people).
    also: list[str] = field(default_factory=list)


def log_touch(network: Network, moment: Moment, draft: TouchDraft) -> Outcome:
    """The touch (one per person, when several were there), and the promise it keeps
    if the draft says so: one transaction.

    Only a touch you sent can await a reply: when they reach out, that is
    their answer (PRODUCT.md, "Inbound counts"), so an inbound touch never
    carries the flag, wherever it was logged.
    """
    contact = person(network, draft.contact_id)
    people = [contact]
    for name in draft.also:
        other = find_person(network, name)
        if other not in people:
            people.append(other)
    if draft.kind not in TOUCH_KINDS:
        raise ActionError(f"'{draft.kind}' is not a kind of touch; pick one of {', '.join(TOUCH_KINDS)}.")
    day = draft.day or moment.today
    if day > moment.today:
        raise ActionError(f"{day} is still to come; log touches once they happened.")
    inbound = draft.direction == "in"
    group = new_id() if len(people) > 1 else ""
    touches: list[Record] = [
        Touch(
            contact_id=who.id,
            date=day,
            kind=draft.kind,
            direction="in" if inbound else "out",
            note=clean_text(draft.note).strip(),
            asked=draft.asked,
            gave=draft.gave,
            awaiting_reply=draft.awaiting_reply and not inbound,
            group=group,
        )
        for who in people
    ]
    outcome = Outcome(put=touches, message=f"Logged a {draft.kind} with {and_list([p.name for p in people])}.")
    ask_about = None if draft.ask_about is None else clean_line(draft.ask_about).strip()
    if ask_about is not None and ask_about != contact.ask_about:
        outcome.put.append(dataclasses.replace(contact, ask_about=ask_about))
    if draft.promise_id is not None and draft.promise_kept:
        kept = keep_promise(network, moment, draft.promise_id)
        outcome.put += kept.put
        if kept.put:
            outcome.message += " Promise kept."
    return outcome
