"""The daily queue: who to get in touch with today, why, and with which light touch.

Pure Python, no Textual, no I/O and no clock: `today` is passed in, so any
day can be replayed. Due dates come from `engine/due.py`, occasions from
`engine/occasions.py`; this module decides what a day holds.

How a day's queue is built (PRODUCT.md, "The queue, in words"):

- **Nobody while paused.** A day inside a pause has an empty queue.
- **Who is left out:** archived people, snoozed people (until the snooze
  ends), anyone touched that day in either direction, anyone skipped that
  day (`Day.skipped`). Each person appears at most once a day, for their best
  reason (`suggestion.TRIGGERS`).
- **Date-bound occasions are always shown, even above the budget:** a
  birthday or yearly anniversary today or tomorrow and open promises due
  today or earlier. They count against the budget all the same.
- **News** outranks the rhythm but is not date-bound: it takes budget
  slots (freshest first) and is never shown above the budget.
- **Rhythm suggestions fill the rest**, most due first, long-past-due
  people capped, tags varied: `picking.pick_rhythm`. While a reply is
  awaited, only a touch that needs no answer is offered.
- **The budget's period** (`Settings.budget_period`). Per day: each day
  picks afresh, and people who were due and were touched or skipped that
  day used its room (`_spent`), so acting on a suggestion brings no other.
  Per week or month: the period's few people (`budget.py`) are offered
  day after day until touched or skipped; a day shows at most `budget`
  beside its date-bound occasions, the rest of them the next day.
  `extra` ("one more") adds rhythm slots on top: first whom the day's room
  held back, then the next in line.
- **Energy.** High: the budget plus two (per week or month: two more that day). Low: one suggestion at most, of the
  lightest kinds only (react, congrats, thanks, share). Low wins even over
  date-bound occasions, because a low day must stay small (principle 3): a
  light occasion (birthday congrats) goes first, else the most due rhythm
  person with a light touch; a promise whose touch is not light waits.
- **Wording never guilts:** no "overdue", "neglected" or counts of missed
  touches; reasons say what is true, kindly ("Birthday tomorrow").
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta

from keepintouch.domain.gc_pause import gc_paused
from keepintouch.domain.history import TouchIndex
from keepintouch.domain.model import LIGHT_KINDS, Contact, Network, Settings
from keepintouch.domain.timespec import NAMED_RHYTHMS, ago, normalize_rhythm, rhythm_label
from keepintouch.engine.budget import PeriodBudget
from keepintouch.engine.due import DueDates, PauseCalendar, period_span, raw_due, stable_hash
from keepintouch.engine.occasions import Occasions
from keepintouch.engine.picking import LONG_PAST, TAG_LOOKAHEAD, pick_rhythm, rotate, tags_of
from keepintouch.engine.suggestion import TRIGGERS, Suggestion, short_date

__all__ = [
    "TRIGGERS",
    "QueuePlanner",
    "Suggestion",
    "agenda",
    "daily_queue",
    "due_dates",
    "first_due_for_new",
    "first_dues_for_new",
    "next_due",
    "paused_until",
    "rhythm_state",
    "short_date",
    "week_queue",
]

#: The weekly window offers at most this many times the day's budget.
WEEK_FACTOR = 3

#: Rhythm touches; all need no answer (model.NO_ANSWER_KINDS), so the same
#: choice serves while a reply is awaited. With topics, the on-topic ones.
_PLAIN_KINDS = ("react", "share", "comment")
_TOPIC_KINDS = ("share", "comment")

Free = Callable[[Contact], bool]


class QueuePlanner:
    """Everything needed to build queues around one `today`, indexed once.

    The module functions build one per call; `agenda` and `week_queue` reuse
    one across days, and a caller needing many answers can hold one too. A
    caller that already holds the `DueDates` of this network, settings and
    day passes them as `dues`: building them is most of the work (a look
    at every person).
    """

    def __init__(self, network: Network, settings: Settings, today: date, *, dues: DueDates | None = None) -> None:
        self.settings = settings
        self.today = today
        with gc_paused():
            self.dues = dues if dues is not None else DueDates(network, settings, today)
            self.contacts = {c.id: c for c in network.contacts}
            self.occasions = Occasions(network, self.contacts, self.dues.history)
            dates = self.dues.dates
            self._due_ids = sorted(dates)  # by id, then (stable) by due date: two C-level sorts
            self._due_ids.sort(key=dates.__getitem__)
            self._due_days = [dates[cid] for cid in self._due_ids]
        self._network = network
        self._periods: dict[tuple[date, date], PeriodBudget] = {}
        self._days: dict[date, tuple[str, set[str]]] = {}
        for record in sorted(network.days, key=lambda d: (d.updated.timestamp(), d.id)):
            _, skipped = self._days.get(record.date, ("normal", set()))
            self._days[record.date] = (record.energy, skipped | set(record.skipped))

    def queue(self, day: date, *, energy: str | None = None, extra: int = 0) -> list[Suggestion]:
        """The queue for `day` (see the module docstring for the rules)."""
        if self.dues.pauses.covers(day):
            return []
        day_energy, skipped = self._days.get(day, ("normal", set()))
        energy = energy or day_energy
        free = self._free_on(day, skipped)
        fixed, news = self.occasions.on(day, free)
        if energy == "low":
            light = [s for s in fixed + news if s.touch in LIGHT_KINDS]
            if light or self.settings.budget_period == "day":
                return light[:1] or self._rhythm(day, 1, free, set(), set(), light=True)
            first = self._in_order([self._rhythm_suggestion(c, day, light=True) for c in self._offered(day, None, free)], day)
            return first[:1]
        budget = self._budget(energy)
        shown = fixed + news[: max(0, budget - len(fixed))]
        tags = set().union(*(tags_of(s.contact) for s in shown))
        taken = {s.contact.id for s in shown}
        if self.settings.budget_period == "day":
            slots = max(0, budget - len(shown) - self._spent(day, skipped)) + max(0, extra)
            return shown + self._rhythm(day, slots, free, taken, tags, light=False)
        slate = self._slate(day)
        waiting = [c for c in self._offered(day, slate, free) if c.id not in taken]
        more = max(0, extra) + (2 if energy == "high" else 0)
        room = max(0, budget - len(shown))
        offered = waiting[: room + more]  # "one more" first shows whom the day's room held back
        more -= max(0, len(offered) - room)
        taken |= set(slate)
        tags |= set().union(*map(tags_of, offered))
        plain = [self._rhythm_suggestion(c, day, light=False) for c in offered]
        return shown + self._in_order(plain + self._rhythm(day, more, free, taken, tags, light=False), day)

    def week(self) -> list[Suggestion]:
        """The weekly window: the week's natural occasions, then its few plain rhythm people.

        Occasions (`Occasions.week`): birthdays and anniversaries of the
        coming seven days, promises due by then, news of the last two weeks,
        all of them. Rhythm: with a budget per week or month, the period's
        people (`budget.py`) who are due by the window's last day (or the
        period's) and not yet touched or skipped: the same few the days
        offer. With a budget per day, up to 3 × the budget in all, first
        those due now (ranked as on any day), then those becoming due in the
        next 7 days, earliest first. On a low-energy day the window is just
        today's one suggestion.
        """
        today = self.today
        energy, skipped = self._days.get(today, ("normal", set()))
        if energy == "low" or self.dues.pauses.covers(today):
            return self.queue(today)
        free = self._free_on(today, skipped)
        fixed, news = self.occasions.week(today, free)
        shown = fixed + news
        taken = {s.contact.id for s in shown}
        if self.settings.budget_period != "day":
            last = min(today + timedelta(days=6), period_span(today, self.settings.budget_period)[1] - timedelta(days=1))
            people = [c for c in self._offered(today, self._slate(last), free, until=last) if c.id not in taken]
            return shown + self._in_order([self._rhythm_suggestion(c, today, light=False) for c in people], today)
        cap = WEEK_FACTOR * self._budget(energy)
        now = [s for s in self.queue(today, extra=cap) if s.trigger == "rhythm" and s.contact.id not in taken]
        shown += now[: max(0, cap - len(shown))]
        room = cap - len(shown)
        taken = {s.contact.id for s in shown}
        soon = self._due_ids[self._after(today) : self._after(today + timedelta(days=7))]
        upcoming = [self.contacts[cid] for cid in soon if cid not in taken and free(self.contacts[cid])]
        return shown + [self._rhythm_suggestion(c, today, light=False) for c in upcoming[: max(0, room)]]

    def _budget(self, energy: str) -> int:
        """How many a day shows beside its date-bound occasions (with a budget per
        week or month, the period's people only ever fill `budget` of them)."""
        return self.settings.budget + (2 if energy == "high" and self.settings.budget_period == "day" else 0)

    def _spent(self, day: date, skipped: set[str]) -> int:
        """With a budget per day: how many people who were due were touched or
        skipped on `day`. They used the day's room, so acting on a suggestion
        never brings another in its place (at most the budget a day)."""
        if day > self.today:
            return 0  # nothing is logged on a day still to come
        before = TouchIndex(self.dues.groups, day - timedelta(days=1))
        spent = 0
        for cid, contact in self.contacts.items():
            if self.dues.touched_on(cid, day):
                due = raw_due(contact, before).date
            elif cid in skipped:
                due = self.dues.dates.get(cid)
            else:
                continue
            spent += due is not None and due <= day
        return spent

    def _period(self, day: date) -> PeriodBudget:
        span = period_span(day, self.settings.budget_period)
        period = self._periods.get(span)
        if period is None:
            skips = {d: skipped for d, (_, skipped) in self._days.items()}
            period = PeriodBudget(self._network, self.settings, span, self.today, skips, groups=self.dues.groups, other_day=self.dues)
            self._periods[span] = period
        return period

    def _slate(self, day: date) -> list[str]:
        """The people holding the budget period's slots on `day` (see `budget.py`)."""
        return self._period(day).slate(day)

    def _offered(self, day: date, slate: list[str] | None, free: Free, *, until: date | None = None) -> list[Contact]:
        """The period's people still offered on `day`: not touched or skipped
        this period, free today, and (as the record says now) due by `until`
        (default: `day`)."""
        period = self._period(day)
        people = []
        for cid in slate if slate is not None else period.slate(day):
            due = self.dues.dates.get(cid)
            contact = self.contacts.get(cid)
            if contact and due is not None and due <= (until or day) and not period.done(cid, day) and free(contact):
                people.append(contact)
        return people

    def _in_order(self, suggestions: list[Suggestion], day: date) -> list[Suggestion]:
        """Rhythm suggestions most due first, as `_rhythm` orders them."""
        return sorted(suggestions, key=lambda s: (-self._lateness(s.contact, s.due, day), s.due, s.contact.id))

    def _free_on(self, day: date, skipped: set[str]) -> Free:
        touched = self.dues.touched_on

        def free(contact: Contact) -> bool:
            return not (
                contact.archived or contact.is_snoozed(day) or contact.id in skipped or touched(contact.id, day)
            )

        return free

    def _after(self, day: date) -> int:
        """Index in the due order just past everyone due on or before `day`."""
        return bisect_right(self._due_days, day)

    def _rhythm(
        self, day: date, slots: int, free: Free, taken: set[str], tags: set[str], *, light: bool
    ) -> list[Suggestion]:
        """Up to `slots` rhythm suggestions for `day`, most due first."""
        if slots <= 0:
            return []
        ranked, long_past = [], []
        end = self._after(day)
        for due_day, cid in zip(self._due_days[:end], self._due_ids[:end], strict=True):
            contact = self.contacts[cid]
            if cid in taken or not free(contact):
                continue
            late = self._lateness(contact, due_day, day)
            if late >= LONG_PAST:
                long_past.append(contact)
            else:
                ranked.append((-late, due_day, cid))
        line = [self.contacts[cid] for _, _, cid in heapq.nsmallest(slots + TAG_LOOKAHEAD, ranked)]
        picks = pick_rhythm(line, rotate(long_past, day), slots, day, tags)
        return self._in_order([self._rhythm_suggestion(c, day, light=light) for c in picks], day)

    def _lateness(self, contact: Contact, due_day: date, day: date) -> float:
        """How far past due, in rhythms: the measure of "most due"."""
        return (day - due_day).days / (self.dues.rhythm(contact.id) or 1)

    def _rhythm_suggestion(self, contact: Contact, day: date, *, light: bool) -> Suggestion:
        """The light touch and the reason for a rhythm suggestion.

        The touch varies deterministically with the person and the due date,
        so it stays the same while one suggestion waits, and changes next time.
        """
        due = self.dues.info(contact)
        assert due.date is not None
        seed = stable_hash(contact.id, due.date.isoformat())
        kinds: tuple[str, ...] = _TOPIC_KINDS if contact.topics else _PLAIN_KINDS
        if light:
            kinds = tuple(k for k in kinds if k in LIGHT_KINDS)
        touch = kinds[seed % len(kinds)]
        topic = contact.topics[seed // 7 % len(contact.topics)] if contact.topics else ""
        if due.waiting_since is not None:
            hint = {
                "react": "a light react",
                "share": "sharing something" + (f" about {topic}" if topic else ""),
                "comment": "a short comment" + (f" on {topic}" if topic else ""),
            }[touch]
            reason = f"Waiting to hear back since {short_date(due.waiting_since, day)} — {hint} needs no answer"
            return Suggestion(contact, "rhythm", reason, touch, due.date)
        if due.history is None:
            reason = f"{_rhythm_phrase(contact.rhythm)}; you haven't been in touch yet"
        else:
            last = due.history.last
            what = f"{last.kind} from them" if last.inbound else last.kind
            reason = f"{_rhythm_phrase(contact.rhythm)}; last touch {ago(last.date, day)} ({what})"
        if topic:
            reason += f" — {'share' if touch == 'share' else 'comment on'} something about {topic}"
        return Suggestion(contact, "rhythm", reason, touch, due.date)


def _rhythm_phrase(spec: str) -> str:
    """"Monthly rhythm", "Rhythm every 6 weeks"."""
    label = rhythm_label(spec)
    return f"{label} rhythm" if normalize_rhythm(spec) in NAMED_RHYTHMS else f"Rhythm {label.lower()}"


# --------------------------------------------------------------------------
# The API the CLI and the TUI use


def daily_queue(
    network: Network, settings: Settings, today: date, *, energy: str | None = None, extra: int = 0
) -> list[Suggestion]:
    """Today's suggestions in order: date-bound occasions, news, then rhythm.

    `energy` None reads the `Day` record for today (none: normal); `extra`
    adds rhythm slots beyond the budget (not on a low-energy day).
    """
    return QueuePlanner(network, settings, today).queue(today, energy=energy, extra=extra)


def agenda(network: Network, settings: Settings, today: date, days: int) -> list[tuple[date, list[Suggestion]]]:
    """What each of the coming `days` days' queue would hold if nothing else were logged.

    Today is the first day. Literally "nothing logged": someone suggested
    today and not acted on is still due tomorrow. One index serves all days.
    """
    planner = QueuePlanner(network, settings, today)
    return [(day, planner.queue(day)) for day in (today + timedelta(days=n) for n in range(max(0, days)))]


def week_queue(network: Network, settings: Settings, today: date) -> list[Suggestion]:
    """The weekly communication window's suggestions (see `QueuePlanner.week`)."""
    return QueuePlanner(network, settings, today).week()


def due_dates(network: Network, settings: Settings, today: date) -> DueDates:
    """Everyone's due dates on `today`, indexed once: build one per command or screen
    and ask it per row (`DueDates.next_due`, `DueDates.state`)."""
    return DueDates(network, settings, today)


def next_due(network: Network, contact: Contact, settings: Settings, today: date) -> date | None:
    """One person's rhythm due date after the awaiting-reply breath and pause shifting.

    None without a rhythm, when archived, or while resting after two
    unanswered touches. It indexes the whole network: for many people, use
    `due_dates` once.
    """
    return DueDates(network, settings, today).next_due(contact)


def rhythm_state(network: Network, contact: Contact, settings: Settings, today: date) -> str:
    """One person's calm hint for the People list (see `DueDates.state`; for many, `due_dates`)."""
    return DueDates(network, settings, today).state(contact)


def first_due_for_new(network: Network, settings: Settings, today: date, rhythm: str) -> date | None:
    """The spread first due date to store on a newly added or imported contact.

    A day from today (or the end of a pause under way) within one rhythm,
    in the earliest budget period in which fewer than `budget` people become
    due, counting the coming returns of people already in rhythm
    (`DueDates.first_dues`);
    None for no rhythm. Call it for each new person after putting the
    previous one, or use `first_dues_for_new` for a batch.
    """
    return DueDates(network, settings, today).first_dues([rhythm])[0]


def first_dues_for_new(network: Network, settings: Settings, today: date, rhythms: list[str]) -> list[date | None]:
    """`first_due_for_new` for many new people at once (an import), in one pass."""
    return DueDates(network, settings, today).first_dues(rhythms)


def paused_until(network: Network, today: date) -> date | None:
    """The day the pause covering today ends (merged with any it touches); None if not paused."""
    span = PauseCalendar(network.pauses).span_at(today)
    return span[1] if span else None
