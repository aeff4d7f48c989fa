"""iCalendar (RFC 5545) export: the dates worth seeing in your calendar.

Events, all-day and free (TRANSP:TRANSPARENT) so they never block time:
- yearly occasions of people not archived (birthdays, anniversaries, custom
  yearly dates) repeating every year (RRULE:FREQ=YEARLY). A date with a
  year starts on that date; one without starts in the reference year 2000,
  a leap year, so that a 29 February birthday exists; 29 February repeats on
  the last day of February (BYMONTH=2;BYMONTHDAY=-1), i.e. the 28th in other
  years, as the app itself does;
- open promises with a due date, on that date;
- the planned touches of the coming 28 days (see `planned_touches`).

UIDs come from record ids (`birthday-<occasion id>@keepintouch`,
`promise-<promise id>@keepintouch`, `touch-<contact id>@keepintouch`, then
`touch-<contact id>-2@...` for the same person's second touch in the
window), so importing a newer export into a calendar updates events instead
of adding copies, and a planned touch that moves to another day moves there.

Text values are escaped as RFC 5545 says (`\\` `;` `,` and line breaks, a
bare CR too) by `ExactText`, not by icalendar, which reads a `\\N` typed by
the user as a line break; the control characters a calendar cannot hold at
all are left out of every text first (`domain.safe_text`), field by field,
so that the remains of an escape sequence in one field never swallow the next.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vText

from keepintouch.domain.model import Network, Occasion, Promise, Settings, Touch
from keepintouch.domain.safe_text import clean_line, clean_text
from keepintouch.engine.queue import Suggestion, daily_queue

#: Yearly dates without a year start in this (leap) year.
REFERENCE_YEAR = 2000
DOMAIN = "keepintouch"


def export_ics(network: Network, settings: Settings, today: date, now: datetime, days: int = 28) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//keepintouch//keepintouch//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "keepintouch")
    names = {c.id: clean_line(c.name) for c in network.contacts if not c.archived}
    for occasion in network.occasions:
        if occasion.yearly and occasion.contact_id in names:
            calendar.add_component(_yearly(occasion, names[occasion.contact_id], now))
    everyone = {c.id: clean_line(c.name) for c in network.contacts}
    for promise in network.promises:
        if not promise.done and promise.due is not None and promise.contact_id in everyone:
            summary = f"Promised {everyone[promise.contact_id]}: {clean_text(promise.text)}"
            calendar.add_component(_event(f"promise-{promise.id}", promise.due, summary, now))
    seen: Counter[str] = Counter()
    for day, s in planned_touches(network, settings, today, days):
        seen[s.contact.id] += 1
        uid = f"touch-{s.contact.id}" + (f"-{seen[s.contact.id]}" if seen[s.contact.id] > 1 else "")
        event = _event(uid, day, f"Touch: {clean_line(s.contact.name)} (a {s.touch})", now)
        event.add("description", ExactText(clean_text(s.reason)))
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def planned_touches(network: Network, settings: Settings, today: date, days: int) -> list[tuple[date, Suggestion]]:
    """The rhythm and news touches of the coming days, as if each were done on its day.

    `queue.agenda` answers "what if nothing were logged", which offers the
    same few people day after day; a calendar wants the plan. So each day's
    queue is built as if every earlier suggestion (birthdays and promises
    too) had been acted on that day. Birthdays and promises are left out of
    the result: they are events of their own.
    """
    touches, promises = list(network.touches), list(network.promises)
    planned = []
    for day in (today + timedelta(days=n) for n in range(days)):
        for s in daily_queue(dataclasses.replace(network, touches=touches, promises=promises), settings, day):
            touches.append(Touch(contact_id=s.contact.id, date=day, kind=s.touch))
            if s.trigger == "promise":
                promises = [_kept(p, s.contact.id, day) for p in promises]
            elif s.trigger in ("rhythm", "news"):
                planned.append((day, s))
    return planned


def _kept(promise: Promise, contact_id: str, day: date) -> Promise:
    """The promise as if kept on `day`, if it is one of this person's due by then."""
    due = promise.contact_id == contact_id and not promise.done and promise.due is not None and promise.due <= day
    return dataclasses.replace(promise, done=True, done_on=day) if due else promise


class ExactText(vText):
    """A TEXT value that reads back exactly as given (icalendar's own turns `\\N` into a line break)."""

    def to_ical(self) -> bytes:
        text = self.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").encode("utf-8")


def _event(uid: str, day: date, summary: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", clean_line(f"{uid}@{DOMAIN}"))
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", ExactText(summary))
    event.add("transp", "TRANSPARENT")
    return event


def _yearly(occasion: Occasion, name: str, now: datetime) -> Event:
    when = occasion.when
    start = date(when.year or REFERENCE_YEAR, when.month, when.day)  # a 29 February's year is a leap year
    label = clean_text(occasion.label)
    title = {"birthday": "Birthday", "anniversary": "Anniversary"}.get(occasion.kind, label or "Yearly date")
    summary = f"{title}: {name}" + (f" ({label})" if label and occasion.kind in ("birthday", "anniversary") else "")
    event = _event(f"{occasion.kind}-{occasion.id}", start, summary, now)
    rule = {"freq": "yearly", "bymonth": 2, "bymonthday": -1} if (when.month, when.day) == (2, 29) else {"freq": "yearly"}
    event.add("rrule", rule)
    return event
