"""The small promises you made, and news about people: natural reasons to write."""

from __future__ import annotations

import dataclasses
from datetime import date

from keepintouch.actions.base import ActionError, Moment, Outcome
from keepintouch.actions.people import person
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Promise
from keepintouch.domain.phrasing import day_text
from keepintouch.domain.safe_text import clean_line


def open_promises(promises: list[Promise]) -> list[Promise]:
    """Open promises, the soonest due first, those without a date last."""
    return sorted((p for p in promises if not p.done), key=lambda p: (p.due is None, p.due or date.min, p.created))


def suggested_promise(promises: list[Promise], due: date) -> Promise | None:
    """The promise a "promise" suggestion due on `due` is about. The queue offers
    each person their earliest due open promise, the lowest id among equals."""
    return min((p for p in promises if not p.done and p.due == due), key=lambda p: p.id, default=None)


def make_promise(network: Network, moment: Moment, contact_id: str, text: str, due: date | None) -> Outcome:
    """Note a promise; the same open promise twice could never be told apart, so it is refused."""
    contact = person(network, contact_id)
    text = clean_line(text).strip()
    if not text:
        raise ActionError("Say what you promised.")
    if any(p.contact_id == contact.id and not p.done and p.text.casefold() == text.casefold() for p in network.promises):
        raise ActionError(f"You already noted that promise to {contact.name}.")
    when = f", by {day_text(due, moment.today)}" if due else ""
    return Outcome(put=[Promise(contact.id, text, due)], message=f"Noted your promise to {contact.name}{when}.")


def find_open_promise(network: Network, contact: Contact, words: str | None) -> Promise:
    """The one open promise to `contact` whose text has `words` (any one if they made just one)."""
    candidates = [p for p in open_promises(network.promises) if p.contact_id == contact.id]
    if words:
        candidates = [p for p in candidates if words.casefold() in p.text.casefold()]
    if not candidates:
        about = f" about '{words}'" if words else ""
        raise ActionError(f"No open promise to {contact.name}{about}.")
    if len(candidates) > 1:
        listed = "; ".join(p.text for p in candidates)
        raise ActionError(f"{len(candidates)} open promises to {contact.name}: {listed}. Add a word of the one you kept.")
    return candidates[0]


def keep_promise(network: Network, moment: Moment, promise_id: str) -> Outcome:
    """Mark a promise kept today (nothing to write if it is gone or kept already)."""
    promise = next((p for p in network.promises if p.id == promise_id), None)
    if promise is None or promise.done:
        return Outcome(message="That promise is kept already.")
    return Outcome(put=[dataclasses.replace(promise, done=True, done_on=moment.today)], message=f"Kept: {promise.text}. Nice.")


def note_news(network: Network, moment: Moment, contact_id: str, text: str, day: date | None = None) -> Outcome:
    """News about someone (a new job, a talk): a reason to write for two weeks."""
    contact = person(network, contact_id)
    text = clean_line(text).strip()
    if not text:
        raise ActionError("Say what the news is.")
    day = day or moment.today
    if day > moment.today:
        raise ActionError(f"{day} is still to come; note news once it happened.")
    news = Occasion(contact.id, "news", PartialDate(day.month, day.day, day.year), label=text, yearly=False)
    return Outcome(put=[news], message=f"Noted: {contact.name} — {text}.")
