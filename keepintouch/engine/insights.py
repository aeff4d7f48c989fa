"""Calm pictures of your relationships, as numbers: what went well, never what was missed.

Pure Python, no Textual, no I/O, no clock: `today` is passed in. The
Insights screen, the Notes pane and `keepintouch stats` all draw from here.

**The period.** By default the last 12 months: the current month and the 11
before it, from the first of the oldest month through `today` (so the months
of the chart add up to the total). With a `year`, that calendar year, through
`today` at the latest. Touches dated after the period's last day are ignored.

**The figures** (`compute`), each over the period unless said otherwise:

- *Touches*: every logged touch, with archived people too (they happened):
  the total, by kind (every kind, zeros included), inbound and outbound, the
  number of different people, per day (the heat map: day -> (in, out)) and
  per month by kind.
- *In rhythm*, as of the period's last day, among people with a readable
  rhythm who are not archived and were added by then: a person is **in
  rhythm** when the engine (`due.py`) would not call them due that day. So
  their latest touch, either direction, is within their rhythm; or you await
  their reply and they are within the 1.5 × breath; or they rest after two
  unanswered touches (you did your part); or they are snoozed (looking at
  today only: a snooze has no start date); or a pause covers the day; or
  they were never touched and their first due date has not come. Per tag
  too (tags compared without case, shown as first spelled).
- *Balance*: touches flagged "gave" and touches flagged "asked".
- *Maybe give first*: people (not archived) you asked more often than you
  gave in the last `LATELY_DAYS` days of the period, the most recent ask
  first (the favour freshest in mind is the easiest one to return). Meant as
  a suggestion, never a score.
- *Promises*: kept on time (kept on or before the due date, or no due date),
  kept late (kept after the due date), both by the day kept falling in the
  period; and open: made by the period's last day, not kept by then, to
  someone not archived. A promise marked done without a day counts as kept
  on the day it was last changed.

`monthly_touches` gives one person's 12-month sparkline. Everything runs
in one pass over the touches (plus the engine's own due-date index).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from keepintouch.domain.model import TOUCH_KINDS, Contact, Network, Promise, Settings, Touch
from keepintouch.engine.due import DueDates

#: "Lately", for the give/ask suggestion: about six months.
LATELY_DAYS = 182
#: Months in the rolling period and in a person's sparkline.
MONTHS = 12


@dataclass(frozen=True)
class InRhythm:
    """People with a rhythm (`with_rhythm`), and how many of them are in it (`kept`)."""

    kept: int = 0
    with_rhythm: int = 0


@dataclass(frozen=True)
class Balance:
    gave: int = 0
    asked: int = 0


@dataclass(frozen=True)
class CouldGive:
    """Someone you asked more often than you gave lately."""

    contact_id: str
    name: str
    gave: int
    asked: int
    last_asked: date


@dataclass(frozen=True)
class Promises:
    on_time: int = 0
    late: int = 0
    open: int = 0

    @property
    def kept(self) -> int:
        return self.on_time + self.late


@dataclass
class Insights:
    """Everything the Insights screen and `keepintouch stats` show (see the module docstring)."""

    start: date
    #: The last day counted: today, or the year's last day if that came before.
    end: date
    #: The period as named: today for the last 12 months, 31 December for a year.
    until: date
    year: int | None
    touches_total: int = 0
    touches_by_kind: dict[str, int] = field(default_factory=dict)
    inbound: int = 0
    outbound: int = 0
    people_touched: int = 0
    #: Day -> (inbound, outbound), only days with touches.
    heatmap: dict[date, tuple[int, int]] = field(default_factory=dict)
    #: The first day of each month of the period, oldest first.
    months: list[date] = field(default_factory=list)
    #: Per month (as `months`), touches by kind (kinds with touches only).
    monthly: list[dict[str, int]] = field(default_factory=list)
    in_rhythm: InRhythm = InRhythm()
    #: Tag -> in rhythm among people with that tag; most people first.
    in_rhythm_by_tag: dict[str, InRhythm] = field(default_factory=dict)
    balance: Balance = Balance()
    could_give: list[CouldGive] = field(default_factory=list)
    promises: Promises = Promises()

    @property
    def monthly_totals(self) -> list[int]:
        return [sum(month.values()) for month in self.monthly]

    def monthly_kind(self, kind: str) -> list[int]:
        """One kind's touches per month."""
        return [month.get(kind, 0) for month in self.monthly]


def period(today: date, year: int | None = None) -> tuple[date, date, date]:
    """(first day, last day counted, last day named) of the period; see the module docstring."""
    if year is None:
        return _months_back(today, MONTHS - 1), today, today
    last = date(year, 12, 31)
    return date(year, 1, 1), min(last, today), last


def _months_back(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def _month_index(day: date, start: date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def monthly_touches(touches: Iterable[Touch], today: date) -> list[int]:
    """One person's touches per month: this month and the 11 before, oldest first."""
    start = _months_back(today, MONTHS - 1)
    counts = [0] * MONTHS
    for touch in touches:
        if start <= touch.date <= today:
            counts[_month_index(touch.date, start)] += 1
    return counts


def compute(
    network: Network, settings: Settings, today: date, year: int | None = None, *, dues: DueDates | None = None
) -> Insights:
    """The figures for the last 12 months, or for `year` (see the module docstring).

    `dues` may pass in the engine's due dates for the period's last day, if
    already built (the app has today's).
    """
    start, end, until = period(today, year)
    result = Insights(start=start, end=end, until=until, year=year)
    _count_touches(result, network)
    if dues is None or dues.today != end:
        dues = DueDates(network, settings, end)
    _rhythm(result, network.contacts, dues, today)
    result.promises = promise_counts(network.promises, {c.id for c in network.contacts if c.archived}, start, end)
    return result


def _count_touches(result: Insights, network: Network) -> None:
    """Totals, kinds, directions, heat map, months, balance and "maybe give first": one pass."""
    start, end = result.start, result.end
    n_months = _month_index(result.until, start) + 1
    result.months = [_months_back(result.until, n_months - 1 - i) for i in range(n_months)]
    monthly: list[Counter[str]] = [Counter() for _ in range(n_months)]
    days_in: Counter[date] = Counter()
    days_out: Counter[date] = Counter()
    people: set[str] = set()
    gave = asked = 0
    lately = end - timedelta(days=LATELY_DAYS - 1)
    lately_gave: Counter[str] = Counter()
    lately_asked: Counter[str] = Counter()
    last_ask: dict[str, date] = {}
    for touch in network.touches:
        day = touch.date
        if day < start or day > end:
            continue
        monthly[(day.year - start.year) * 12 + day.month - start.month][touch.kind] += 1
        if touch.direction == "in":
            days_in[day] += 1
        else:
            days_out[day] += 1
        people.add(touch.contact_id)
        if touch.gave:
            gave += 1
            if day >= lately:
                lately_gave[touch.contact_id] += 1
        if touch.asked:
            asked += 1
            if day >= lately:
                cid = touch.contact_id
                lately_asked[cid] += 1
                if cid not in last_ask or day > last_ask[cid]:
                    last_ask[cid] = day
    by_kind: Counter[str] = sum(monthly, Counter())
    result.monthly = [{kind: month[kind] for kind in TOUCH_KINDS if month[kind]} for month in monthly]
    result.touches_by_kind = {kind: by_kind[kind] for kind in TOUCH_KINDS}
    result.inbound, result.outbound = sum(days_in.values()), sum(days_out.values())
    result.touches_total = result.inbound + result.outbound
    result.people_touched = len(people)
    result.heatmap = {day: (days_in[day], days_out[day]) for day in sorted(days_in.keys() | days_out.keys())}
    result.balance = Balance(gave=gave, asked=asked)
    if last_ask:
        result.could_give = _could_give(network.contacts, lately_asked, lately_gave, last_ask)


def _could_give(
    contacts: list[Contact], asked: Counter[str], gave: Counter[str], last_ask: dict[str, date]
) -> list[CouldGive]:
    """People asked more often than given lately, the most recent ask first."""
    found = [
        CouldGive(c.id, c.name, gave[c.id], asked[c.id], last_ask[c.id])
        for c in contacts
        if not c.archived and asked[c.id] > gave[c.id]
    ]
    return sorted(found, key=lambda g: (-g.last_asked.toordinal(), g.name.casefold(), g.contact_id))


def _rhythm(result: Insights, contacts: list[Contact], dues: DueDates, today: date) -> None:
    """In rhythm, overall and per tag, as of the period's last day."""
    end = result.end
    covered = dues.pauses.covers(end)
    kept = counted = 0
    tags: dict[str, list[int]] = {}  # casefolded tag -> [kept, with rhythm]
    spelling: dict[str, str] = {}
    for contact in contacts:
        if contact.archived or contact.created.date() > end or dues.rhythm(contact.id) is None:
            continue
        ok = covered or (end == today and contact.is_snoozed(today)) or _not_due(dues, contact, end)
        counted += 1
        kept += ok
        for key, shown in {t.casefold(): t for t in contact.tags}.items():
            spelling.setdefault(key, shown)
            pair = tags.setdefault(key, [0, 0])
            pair[0] += ok
            pair[1] += 1
    result.in_rhythm = InRhythm(kept, counted)
    order = sorted(tags, key=lambda k: (-tags[k][1], -tags[k][0], k))
    result.in_rhythm_by_tag = {spelling[k]: InRhythm(*tags[k]) for k in order}


def _not_due(dues: DueDates, contact: Contact, end: date) -> bool:
    due = dues.info(contact)
    return due.resting or due.date is None or due.date > end


def promise_counts(promises: Iterable[Promise], archived: set[str], start: date, end: date) -> Promises:
    """Promises kept on time, kept late (kept within start..end) and open at `end`."""
    on_time = late = open_ = 0
    for promise in promises:
        kept_on = (promise.done_on or promise.updated.date()) if promise.done else None
        if kept_on is not None and kept_on <= end:
            if kept_on >= start:
                if promise.due is None or kept_on <= promise.due:
                    on_time += 1
                else:
                    late += 1
        elif promise.created.date() <= end and promise.contact_id not in archived:
            open_ += 1
    return Promises(on_time, late, open_)
