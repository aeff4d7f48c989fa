"""Builders and hypothesis strategies for the rhythm engine's tests.

Builders give readable fixed ids (a person's id is their lower-cased name)
and fixed timestamps, so tests state only what matters to them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import strategies as st

from keepintouch.domain.model import (
    TOUCH_KINDS,
    Contact,
    Day,
    Network,
    Occasion,
    PartialDate,
    Pause,
    Promise,
    Settings,
    Touch,
)

TODAY = date(2025, 3, 12)  # a Wednesday
BANNED_WORDS = ("overdue", "neglect", "missed", "!")
_ids = itertools.count()


def stamp(day: date) -> datetime:
    """Noon UTC on `day`, the way a fixed `Clock` stamps records."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def person(name: str, rhythm: str = "monthly", *, created: date = date(2024, 1, 1), **fields) -> Contact:
    return Contact(name=name, rhythm=rhythm, id=name.lower(), created=stamp(created), updated=stamp(created), **fields)


def touch(who: Contact, day: date, kind: str = "message", direction: str = "out", **fields) -> Touch:
    fields.setdefault("created", stamp(day))
    return Touch(contact_id=who.id, date=day, kind=kind, direction=direction, id=f"t{next(_ids)}", **fields)


def birthday(who: Contact, month: int, day: int, year: int | None = None) -> Occasion:
    return Occasion(contact_id=who.id, kind="birthday", when=PartialDate(month, day, year), id=f"o{next(_ids)}")


def news(who: Contact, when: date, label: str) -> Occasion:
    return Occasion(
        contact_id=who.id, kind="news", when=PartialDate(when.month, when.day, when.year), label=label,
        yearly=False, id=f"o{next(_ids)}",
    )


def promise(who: Contact, text: str, due: date | None, **fields) -> Promise:
    return Promise(contact_id=who.id, text=text, due=due, id=f"p{next(_ids)}", **fields)


def pause(start: date, until: date) -> Pause:
    return Pause(start=start, until=until, id=f"z{next(_ids)}")


def day_record(day: date, energy: str = "normal", skipped: list[Contact] | None = None) -> Day:
    return Day(date=day, energy=energy, skipped=[c.id for c in skipped or []], id=f"d{next(_ids)}")


def network(*records) -> Network:
    """A network from records of any kind, sorted into their lists."""
    net = Network()
    lists = {Contact: net.contacts, Touch: net.touches, Promise: net.promises, Occasion: net.occasions,
             Pause: net.pauses, Day: net.days}
    for record in records:
        lists[type(record)].append(record)
    return net


def days(n: int) -> timedelta:
    return timedelta(days=n)


# --------------------------------------------------------------------------
# Hypothesis: whole networks around TODAY

RHYTHMS = ("weekly", "biweekly", "monthly", "quarterly", "twice-a-year", "yearly", "none", "10d", "6w")
TAGS = ("work", "friends", "python", "family", "climbing")
ENERGIES = ("low", "normal", "high")


def _near(lo: int, hi: int) -> st.SearchStrategy[date]:
    return st.integers(lo, hi).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def contacts(draw, index: int) -> Contact:
    return Contact(
        name=f"Person {index}",
        id=f"c{index:03d}",
        rhythm=draw(st.sampled_from(RHYTHMS)),
        tags=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        topics=draw(st.lists(st.sampled_from(("rust", "jazz", "maps")), max_size=2, unique=True)),
        first_due=draw(st.none() | _near(-60, 60)),
        snoozed_until=draw(st.none() | _near(-10, 20)),
        archived=draw(st.integers(0, 5)) == 0,
        created=stamp(draw(_near(-400, 0))),
    )


_touch_rows = st.tuples(
    st.integers(0, 10_000), st.integers(-400, 0), st.sampled_from(TOUCH_KINDS),
    st.sampled_from(("out", "out", "in")), st.booleans(),
)
_occasion_rows = st.tuples(
    st.integers(0, 10_000), st.sampled_from(("birthday", "anniversary", "custom", "news")),
    st.sampled_from((date(2000, 3, 12), date(2000, 3, 13))) | st.dates(date(2000, 1, 1), date(2000, 12, 31)),
    st.none() | st.integers(1950, 2030),
    st.sampled_from(("", "joined Acme")), st.integers(-20, 2),
)
_promise_rows = st.tuples(
    st.integers(0, 10_000), st.sampled_from(("send the article", "lunch")), st.none() | st.integers(-10, 10),
    st.booleans(),
)


@st.composite
def networks(draw, max_contacts: int = 25, with_pauses: bool = True) -> Network:
    """A network around TODAY: touches in the past 400 days, occasions, promises, pauses, a day record."""
    people = [draw(contacts(i)) for i in range(draw(st.integers(0, max_contacts)))]
    net = Network(contacts=people)
    if not people:
        return net
    n = len(people)
    for i, (who, ago_, kind, direction, awaiting) in enumerate(draw(st.lists(_touch_rows, max_size=4 * n))):
        day = TODAY + timedelta(days=ago_)
        net.touches.append(Touch(contact_id=people[who % n].id, date=day, kind=kind, direction=direction,
                                 awaiting_reply=awaiting, id=f"t{i:04d}", created=stamp(day)))
    for i, (who, kind, when, year, label, news_day) in enumerate(draw(st.lists(_occasion_rows, max_size=n))):
        cid = people[who % n].id
        if kind == "news":
            day = TODAY + timedelta(days=news_day)
            net.occasions.append(Occasion(contact_id=cid, kind="news", when=PartialDate(day.month, day.day, day.year),
                                          label="gave a talk", yearly=False, id=f"o{i:03d}"))
        else:
            if year is not None and (when.month, when.day) == (2, 29) and year % 4:
                year += 4 - year % 4  # keep 29 February on a leap year
            net.occasions.append(Occasion(contact_id=cid, kind=kind, when=PartialDate(when.month, when.day, year),
                                          label=label, id=f"o{i:03d}"))
    for i, (who, text, due, done) in enumerate(draw(st.lists(_promise_rows, max_size=n))):
        net.promises.append(Promise(contact_id=people[who % n].id, text=text, done=done, id=f"p{i:03d}",
                                    due=None if due is None else TODAY + timedelta(days=due)))
    if with_pauses:
        spans = draw(st.lists(st.tuples(st.integers(-60, 10), st.integers(1, 30)), max_size=2))
        for i, (offset, length) in enumerate(spans):
            start = TODAY + timedelta(days=offset)
            net.pauses.append(Pause(start=start, until=start + timedelta(days=length), id=f"z{i}"))
    if draw(st.booleans()):
        skipped = draw(st.lists(st.sampled_from(people), max_size=3))
        energy = draw(st.sampled_from(ENERGIES))
        net.days.append(Day(date=TODAY, energy=energy, skipped=[c.id for c in skipped], id="d0"))
    return net


settings_st = st.builds(Settings, daily_budget=st.integers(0, 4)) | st.builds(
    Settings, budget=st.integers(0, 4), budget_period=st.sampled_from(("week", "month"))
)
