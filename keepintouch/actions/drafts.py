"""What the forms hand back, and how each becomes records.

A draft keeps exactly what was typed, so a form can be reopened with it when a
write fails. The `*_records` functions turn a draft into the records to put;
they are pure (no store, no Textual) and tested directly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime

from keepintouch.domain.model import Contact, Day, Network, Occasion, PartialDate, Pause, Promise, Record, Touch
from keepintouch.domain.timespec import normalize_rhythm, parse_date, span_end


def split_list(text: str) -> list[str]:
    """ "a, b,, c" -> ["a", "b", "c"] """
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_due(text: str, today: date) -> date | None:
    """A promise's due date: blank, a date, or a duration from today (`2w`)."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    try:
        return span_end(today, text)
    except ValueError:
        raise ValueError(f"not a date or duration: {text!r} (use YYYY-MM-DD or e.g. 3d, 2w)") from None


def parse_future_date(text: str, today: date) -> date:
    """A date after today (for snoozing and pausing)."""
    day = parse_date(text)
    if day <= today:
        raise ValueError("pick a date after today")
    return day


def parse_past_date(text: str, today: date) -> date:
    """The date of something that happened: today or before."""
    day = parse_date(text)
    if day > today:
        raise ValueError("that date is still to come")
    return day


def parse_birthday(text: str) -> PartialDate | None:
    """Blank, `YYYY-MM-DD` or `--MM-DD` (no year)."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 5 and text[2] == "-":  # MM-DD, forgiving
        text = "--" + text
    return PartialDate.parse(text)


@dataclass
class TouchDraft:
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


@dataclass
class PersonDraft:
    name: str = ""
    org: str = ""
    role: str = ""
    met: str = ""
    tags: str = ""
    emails: str = ""
    phones: str = ""
    urls: str = ""
    topics: str = ""
    rhythm: str = "none"
    birthday: str = ""
    archived: bool = False
    contact_id: str | None = None

    @classmethod
    def of(cls, contact: Contact, network: Network) -> PersonDraft:
        birthday = birthday_of(network, contact.id)
        return cls(
            name=contact.name,
            org=contact.org,
            role=contact.role,
            met=contact.met,
            tags=", ".join(contact.tags),
            emails=", ".join(contact.emails),
            phones=", ".join(contact.phones),
            urls=", ".join(contact.urls),
            topics=", ".join(contact.topics),
            rhythm=contact.rhythm,
            birthday=birthday.when.isoformat() if birthday else "",
            archived=contact.archived,
            contact_id=contact.id,
        )


@dataclass
class NewsDraft:
    contact_id: str
    text: str = ""
    day: date | None = None


@dataclass
class PromiseDraft:
    contact_id: str
    text: str = ""
    due: str = ""


@dataclass
class Writes:
    """Records to put and to remove, in one transaction."""

    put: list[Record] = field(default_factory=list)
    remove: list[Record] = field(default_factory=list)


def birthday_of(network: Network, contact_id: str) -> Occasion | None:
    return next((o for o in network.occasions if o.contact_id == contact_id and o.kind == "birthday"), None)


def touch_records(draft: TouchDraft, today: date, now: datetime) -> Writes:
    touch = Touch(
        contact_id=draft.contact_id,
        date=draft.day or today,
        kind=draft.kind,
        direction=draft.direction,
        note=draft.note.strip(),
        asked=draft.asked,
        gave=draft.gave,
        awaiting_reply=draft.awaiting_reply,
        created=now,
        updated=now,
    )
    return Writes(put=[touch])


def logged_records(draft: TouchDraft, network: Network, today: date, now: datetime) -> Writes:
    """The touch, and the promise it keeps if the form says so: one transaction."""
    writes = touch_records(draft, today, now)
    if draft.promise_id is not None and draft.promise_kept:
        writes.put += kept_records(network, draft.promise_id, today, now).put
    return writes


def open_promises(promises: list[Promise]) -> list[Promise]:
    """Open promises, the soonest due first, those without a date last."""
    return sorted((p for p in promises if not p.done), key=lambda p: (p.due is None, p.due or date.min, p.created))


def suggested_promise(promises: list[Promise], due: date) -> Promise | None:
    """The promise a "promise" suggestion due on `due` is about. The queue offers
    each person their earliest due open promise, the lowest id among equals."""
    return min((p for p in promises if not p.done and p.due == due), key=lambda p: p.id, default=None)


def kept_records(network: Network, promise_id: str, today: date, now: datetime) -> Writes:
    """Mark a promise kept today (nothing if it is gone or kept already)."""
    promise = next((p for p in network.promises if p.id == promise_id and not p.done), None)
    if promise is None:
        return Writes()
    return Writes(put=[dataclasses.replace(promise, done=True, done_on=today, updated=now)])


def person_records(
    draft: PersonDraft, network: Network, first_due: date | None, now: datetime, *, new_id: str | None = None
) -> Writes:
    """Add (with `new_id` if given) or edit a person, and their birthday occasion."""
    values = dict(
        name=draft.name.strip(),
        org=draft.org.strip(),
        role=draft.role.strip(),
        met=draft.met.strip(),
        tags=split_list(draft.tags),
        emails=split_list(draft.emails),
        phones=split_list(draft.phones),
        urls=split_list(draft.urls),
        topics=split_list(draft.topics),
        rhythm=normalize_rhythm(draft.rhythm),
        archived=draft.archived,
    )
    existing = next((c for c in network.contacts if c.id == draft.contact_id), None)
    if existing is None:
        contact = Contact(**values, first_due=first_due, created=now, updated=now)  # type: ignore[arg-type]
        if new_id is not None:
            contact.id = new_id
    else:
        contact = dataclasses.replace(existing, **values, updated=now)  # type: ignore[arg-type]
        if contact.first_due is None and first_due is not None:
            contact.first_due = first_due
    writes = Writes(put=[contact])
    when = parse_birthday(draft.birthday)
    old = birthday_of(network, contact.id)
    if when is None and old is not None:
        writes.remove.append(old)
    elif when is not None and old is None:
        writes.put.append(Occasion(contact.id, "birthday", when, created=now, updated=now))
    elif when is not None and old is not None and old.when != when:
        writes.put.append(dataclasses.replace(old, when=when, updated=now))
    return writes


def news_records(draft: NewsDraft, today: date, now: datetime) -> Writes:
    day = draft.day or today
    occasion = Occasion(
        contact_id=draft.contact_id,
        kind="news",
        yearly=False,
        when=PartialDate(day.month, day.day, day.year),
        label=draft.text.strip(),
        created=now,
        updated=now,
    )
    return Writes(put=[occasion])


def promise_records(draft: PromiseDraft, today: date, now: datetime) -> Writes:
    promise = Promise(draft.contact_id, draft.text.strip(), parse_due(draft.due, today), created=now, updated=now)
    return Writes(put=[promise])


def day_record(network: Network, today: date, now: datetime) -> Day:
    """Today's `Day` record, existing or new."""
    found = next((d for d in network.days if d.date == today), None)
    return found or Day(date=today, created=now, updated=now)


def skip_records(network: Network, contact_id: str, today: date, now: datetime) -> Writes:
    day = day_record(network, today, now)
    skipped = day.skipped if contact_id in day.skipped else [*day.skipped, contact_id]
    return Writes(put=[dataclasses.replace(day, skipped=skipped, updated=now)])


def energy_records(network: Network, energy: str, today: date, now: datetime) -> Writes:
    day = day_record(network, today, now)
    return Writes(put=[dataclasses.replace(day, energy=energy, updated=now)])


def snooze_records(contact: Contact, until: date | None, now: datetime) -> Writes:
    return Writes(put=[dataclasses.replace(contact, snoozed_until=until, updated=now)])


def notes_records(contact: Contact, text: str, now: datetime) -> Writes:
    return Writes(put=[dataclasses.replace(contact, notes=text, updated=now)])


def ongoing_pause(network: Network, today: date) -> Pause | None:
    return next((p for p in network.pauses if p.covers(today)), None)


def pause_records(network: Network, until: date, today: date, now: datetime) -> Writes:
    """Pause until a date; an ongoing pause is lengthened or shortened instead."""
    ongoing = ongoing_pause(network, today)
    if ongoing is not None:
        return Writes(put=[dataclasses.replace(ongoing, until=until, updated=now)])
    return Writes(put=[Pause(start=today, until=until, created=now, updated=now)])


def resume_records(network: Network, today: date, now: datetime) -> Writes:
    """End the ongoing pause today."""
    ongoing = ongoing_pause(network, today)
    if ongoing is None:
        return Writes()
    return Writes(put=[dataclasses.replace(ongoing, until=today, updated=now)])
