"""When each person next becomes due for a plain rhythm touch.

This is the half of the engine that knows dates only: it reads touches,
rhythms and pauses and answers "from which day is this person due?". The
other half, `queue.py`, turns due dates and occasions into a day's queue.
Pure Python: no I/O, no clock; `today` is always passed in.

The rules, in the order they apply (PRODUCT.md, "The queue, in words"):

1. **Rhythm.** Due = latest touch in either direction + the rhythm's length
   (inbound counts: principle 7). Touches dated after `today` are ignored, so
   replaying a past day sees exactly what that day saw.
2. **First due.** Someone with a rhythm and no touch yet is due on their
   stored `first_due` (spread when they were added, see `first_due_for_new`).
   Old or imported data without one gets a derived date: the created date +
   a stable per-id offset within one rhythm, so contacts imported together
   fall on different days. It never depends on `today`, or it would drift
   forward forever. Once a touch exists, `first_due` is ignored (principle
   9, "the record is true"): someone last touched 200 days ago on a monthly
   rhythm is due, whenever they were added, and the oldest touch goes first.
   A pile of such people is no burden: the queue offers only the period's
   budget of them. So logging a touch ends a person's spreading without
   changing the stored contact.
3. **Let people be silent** (principle 5). A person's *unanswered* touches
   are your outbound touches flagged `awaiting_reply` logged after their
   latest inbound touch. Outbound touches without the flag (a react while you
   wait) neither answer nor add to the count: only the other person can
   answer, and any inbound touch clears everything. Within one day the order
   of logging (`created`) decides; on a tie the inbound touch counts as the
   later one, because a same-day reply is a reply.
   - one unanswered: due is no earlier than that message + 1.5 × the rhythm
     (rounded up), and the queue offers only a touch needing no answer;
   - two or more: the person rests, with no rhythm due date at all, until
     they reach out. Occasions still apply (that is `queue.py`'s business).
4. **Pauses.** Overlapping or adjacent pauses merge. A due date inside a
   pause moves forward by that pause's length, as if time had stood still,
   and then on to the first later day outside any pause whose budget period
   (`Settings.budget_period`: a day, an ISO week, a calendar month) has
   fewer than `budget` people becoming due (counting those due then anyway
   and those already moved). Movers go in order of their original due date.
   So the periods after a pause get at most the budget of newly due people
   each, and a period already fuller than the budget gets nobody extra:
   coming back is as calm as leaving.
"""

from __future__ import annotations

import bisect
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from keepintouch.domain.gc_pause import gc_paused
from keepintouch.domain.history import History, TouchGroups, TouchIndex, touch_groups
from keepintouch.domain.model import Contact, Network, Pause, Settings
from keepintouch.domain.timespec import rhythm_days

#: A due date within this many days (at most a quarter rhythm) reads "due soon".
SOON_DAYS = 7
#: How far ahead `first_dues` foresees people coming round again.
PROJECTION_DAYS = 91


@lru_cache(maxsize=512)
def rhythm_length(spec: str) -> int | None:
    """The rhythm's length in days; None for no rhythm or a spec we cannot read.

    A broken spec in stored data must not break the whole queue, so it reads
    as "no rhythm" (address book only) rather than raising.
    """
    try:
        return rhythm_days(spec)
    except ValueError:
        return None


def stable_hash(*parts: str) -> int:
    """A hash that is the same in every run (Python's `hash` of str is salted)."""
    return zlib.crc32("\x1f".join(parts).encode())


def period_span(day: date, period: str) -> tuple[date, date]:
    """The budget period holding `day`, as [start, end): the day itself, its
    ISO week (Monday to Sunday) or its calendar month."""
    if period == "day":
        return day, day + timedelta(days=1)
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    start = day.replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1)


class _Periods:
    """Day ordinal → its period's (start, end) ordinals, remembered (spreading asks often)."""

    def __init__(self, period: str) -> None:
        self.period = period
        self._spans: dict[int, tuple[int, int]] = {}

    def __call__(self, ordinal: int) -> tuple[int, int]:
        span = self._spans.get(ordinal)
        if span is None:
            start, end = period_span(date.fromordinal(ordinal), self.period)
            span = self._spans[ordinal] = (start.toordinal(), end.toordinal())
        return span


class PauseCalendar:
    """The pauses, merged into disjoint spans [start, until) in date order."""

    def __init__(self, pauses: Iterable[Pause]) -> None:
        spans: list[tuple[date, date]] = []
        for start, until in sorted((p.start, p.until) for p in pauses if p.until > p.start):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(until, spans[-1][1]))
            else:
                spans.append((start, until))
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def span_at(self, day: date) -> tuple[date, date] | None:
        """The (merged) pause covering `day`, if any."""
        i = bisect.bisect_right(self.starts, day) - 1
        if i >= 0 and day < self.spans[i][1]:
            return self.spans[i]
        return None

    def covers(self, day: date) -> bool:
        return self.span_at(day) is not None


_Date = date  # `Due.date` hides the type inside the class


class Due(NamedTuple):
    """One person's rhythm situation on a given day (a tuple: 10,000 are built per queue).

    `date` is the effective due date (after the awaiting-reply breath and pause
    shifting); None when there is no rhythm, the person is archived, or rests.
    """

    rhythm: int | None
    date: _Date | None
    history: History | None
    waiting_since: _Date | None = None  # the one unanswered touch, if exactly one
    resting: bool = False  # two or more unanswered: no rhythm suggestions


def raw_due(contact: Contact, touches: TouchIndex) -> Due:
    """The due date from rhythm, touches and replies alone (pauses not yet applied)."""
    r = rhythm_length(contact.rhythm)
    if r is None or contact.archived:
        return _undue(r)  # half of an imported network: one shared answer each
    history = touches.get(contact.id)
    if history is None:
        first = contact.first_due
        if first is None:
            first = contact.created.date() + timedelta(days=stable_hash(contact.id) % r)
        return Due(r, first, history)
    due = history.last_date + _days(r)  # a touch always wins over the first-due spreading
    unanswered = history.unanswered()
    if len(unanswered) >= 2:
        return Due(r, None, history, resting=True)
    if unanswered:
        since = unanswered[0].date
        due = max(due, since + _days((3 * r + 1) // 2))
        return Due(r, due, history, waiting_since=since)
    return Due(r, due, history)


@lru_cache(maxsize=1024)
def _days(n: int) -> timedelta:
    return timedelta(days=n)


@lru_cache(maxsize=512)
def _undue(r: int | None) -> Due:
    """No due date (no rhythm, or archived): immutable, so one per rhythm serves everyone."""
    return Due(r, None, None)


def spread_after_pauses(
    dues: dict[str, date], pauses: PauseCalendar, budget: int, period: str = "day"
) -> dict[str, date]:
    """Move due dates out of pauses, at most `budget` newly due people a period (rule 4).

    Works on day ordinals with a "next free day" map (loads only grow, so a
    full period stays full and its pointers stay valid): O(n log n) overall.
    """
    if not pauses.spans:
        return dues
    movers: list[tuple[int, int, int, str]] = []
    first, last = pauses.spans[0][0], pauses.spans[-1][1]
    for cid, day in dues.items():
        if first <= day < last:  # the common case, outside every pause, costs two comparisons
            i = bisect.bisect_right(pauses.starts, day) - 1
            if day < pauses.spans[i][1]:
                movers.append((i, day.toordinal(), stable_hash(cid), cid))
    if not movers:
        return dues
    moving = {cid for *_, cid in movers}
    span_of = _Periods(period)
    load = Counter(span_of(day.toordinal())[0] for cid, day in dues.items() if cid not in moving)
    cap = max(1, budget)
    spans = [(s.toordinal(), u.toordinal()) for s, u in pauses.spans]
    starts = [s for s, _ in spans]
    jump: dict[int, int] = {}

    def free_from(day: int) -> int:
        passed = []
        while True:
            i = bisect.bisect_right(starts, day) - 1
            if i >= 0 and day < spans[i][1]:
                nxt = spans[i][1]
            elif load[span_of(day)[0]] >= cap:
                nxt = jump.get(day, span_of(day)[1])
            else:
                break
            passed.append(day)
            day = nxt
        for p in passed:
            jump[p] = day
        return day

    moved = dict(dues)
    for i, ordinal, _, cid in sorted(movers):
        start, until = spans[i]
        target = free_from(ordinal + (until - start))
        load[span_of(target)[0]] += 1
        moved[cid] = date.fromordinal(target)
    return moved


class DueDates:
    """Everyone's due dates on one day, computed once (build one, ask many times).

    Building it reads each person's touch summary once (the store's
    `TouchGroups`, or one pass over all touches for a network built by hand),
    O(touches or contacts, + contacts log contacts); every question after
    that is a dictionary look-up. The People list asks
    for thousands of hints per render, so it should hold one of these.
    """

    def __init__(
        self,
        network: Network,
        settings: Settings,
        today: date,
        *,
        groups: TouchGroups | None = None,
        other_day: DueDates | None = None,
    ) -> None:
        """`groups`: the network's touches grouped by person, if the caller already
        holds them (they do not depend on the day). `other_day`: the due dates of
        this same network on another day; whoever has no touch after the earlier
        of the two days keeps the answer found there (a period's budget asks for
        the eve of the period beside today: most people were not touched since)."""
        self.today = today
        self.budget = settings.budget
        self.period = settings.budget_period
        self.pauses = PauseCalendar(network.pauses)
        self._raw: dict[str, Due] = {}
        dates: dict[str, date] = {}
        with gc_paused():
            self.groups = groups if groups is not None else touch_groups(network)
            self.history = TouchIndex(self.groups, today)
            reusable = other_day._raw if other_day is not None and other_day.groups is self.groups else {}
            since = min(today, other_day.today) if other_day is not None else today
            for contact in network.contacts:
                due = reusable.get(contact.id)
                if due is None or ((group := self.groups.get(contact.id)) is not None and group.last_date > since):
                    due = raw_due(contact, self.history)
                self._raw[contact.id] = due
                if due.date is not None:
                    dates[contact.id] = due.date
            self.dates = spread_after_pauses(dates, self.pauses, self.budget, self.period)

    def info(self, contact: Contact) -> Due:
        """The person's situation, with the effective (pause-shifted) due date."""
        due = self._raw.get(contact.id)
        if due is None:  # not (yet) in this network: judge it alone
            due = raw_due(contact, self.history)
            day = spread_after_pauses({contact.id: due.date}, self.pauses, self.budget, self.period) if due.date else {}
            return due._replace(date=day.get(contact.id))
        return due._replace(date=self.dates.get(contact.id))

    def rhythm(self, contact_id: str) -> int | None:
        """The rhythm's length in days of someone in the network (None: no rhythm)."""
        due = self._raw.get(contact_id)
        return due.rhythm if due else None

    def next_due(self, contact: Contact) -> date | None:
        return self.info(contact).date

    def touched_on(self, contact_id: str, day: date) -> bool:
        history = self.history.get(contact_id)
        return history is not None and history.last_date == day

    def state(self, contact: Contact) -> str:
        """A short calm hint for the People list; never red words, never counts.

        One of: archived, snoozed, no rhythm, resting (two unanswered, waiting
        for them), paused, due, awaiting reply, due soon, in rhythm.
        """
        today = self.today
        if contact.archived:
            return "archived"
        if contact.is_snoozed(today):
            return "snoozed"
        due = self.info(contact)
        if due.rhythm is None:
            return "no rhythm"
        if due.resting or due.date is None:
            return "resting"
        if self.pauses.covers(today):
            return "paused"
        if due.date <= today:
            return "due"
        if due.waiting_since is not None:
            return "awaiting reply"
        if (due.date - today).days <= min(SOON_DAYS, max(1, due.rhythm // 4)):
            return "due soon"
        return "in rhythm"

    def first_dues(self, rhythms: Iterable[str]) -> list[date | None]:
        """Spread first due dates for people about to be added, one per rhythm.

        Each goes to the earliest budget period, from today (or the end of a
        pause under way) through one rhythm, in which fewer than `budget`
        people become due, on its least loaded day outside any pause (the
        earliest on a tie); if every period is full, the least loaded day of
        the least loaded period. With a budget per day that is simply the
        earliest day with room. A load counts people becoming due then and,
        over the next `PROJECTION_DAYS`, their returns one rhythm, two
        rhythms… later: else a weekly person put on day 0 would meet day 7's
        newcomers, and setting up thirty people at once would leave a pile in
        the second week. Each date counts toward the next, so a batch spreads
        exactly like one-by-one calls.
        """
        start = self.today
        span = self.pauses.span_at(start)
        if span is not None:
            start = span[1]
        first, end = start.toordinal(), start.toordinal() + PROJECTION_DAYS
        span_of = _Periods(self.period)
        load: Counter[int] = Counter()  # by day
        period_load: Counter[int] = Counter()  # by the period's first day

        def project(day: int, r: int) -> None:
            load[day] += 1
            period_load[span_of(day)[0]] += 1
            day = max(day, first) + r
            while day < end:
                load[day] += 1
                period_load[span_of(day)[0]] += 1
                day += r

        for cid, due in self.dates.items():
            project(due.toordinal(), self._raw[cid].rhythm or PROJECTION_DAYS)
        cap = max(1, self.budget)
        windows: dict[int, list[int]] = {}  # rhythm length → its open days (an import repeats a few)
        result: list[date | None] = []
        for spec in rhythms:
            r = rhythm_length(spec)
            if r is None:
                result.append(None)
                continue
            if r not in windows:
                windows[r] = [d for d in range(first, first + r) if not self.pauses.covers(date.fromordinal(d))]
            days = windows[r]
            open_period = next((span_of(d)[0] for d in days if period_load[span_of(d)[0]] < cap), None)
            if open_period is not None:
                days = [d for d in days if span_of(d)[0] == open_period]
            else:
                fewest = min((period_load[span_of(d)[0]] for d in days), default=0)
                days = [d for d in days if period_load[span_of(d)[0]] == fewest]
            chosen = min(days, key=lambda d: (load[d], d), default=first)
            project(chosen, r)
            result.append(date.fromordinal(chosen))
        return result
