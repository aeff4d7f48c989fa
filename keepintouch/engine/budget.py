"""The budget of a week or a month: which few people it offers for a plain rhythm touch.

Principle 2: "one or two names a month are enough". With `budget_period`
"week" or "month", at most `budget` distinct people are offered for plain
rhythm touches in one period, and each stays offered until touched or
skipped or the period ends. (A one-day period is simply the day's queue,
picked afresh each day: `queue.py`.)

No state is stored for this. The period's people are a deterministic
function of the network as it was when the period began and of what was
logged since, so asking on any day of the period gives the same answer
(`PeriodBudget.slate`):

- **The line.** Due dates are taken as they stood the evening before the
  period began (`DueDates` of that day). Whoever is due by the period's
  end is in line from their due date on; someone added during the period
  only from the day they were added, so adding people never changes what
  earlier days offered.
- **Slots, day by day.** From the first day on, free slots go to the
  people in line on that day, ranked as any day's queue ranks them
  (`picking.pick_rhythm`: most due first, long-past-due capped, tags
  varied). A slot once given is kept for the rest of the period: touching
  or skipping the person ends their offer but gives the slot to nobody
  else. Nobody gets a slot on a paused day, nor while snoozed (a snoozed
  person's turn goes to the next in line).
- **Touches count.** A touch logged with someone in line (so due) who holds
  no slot takes a free slot, after that day's slots were given: whoever
  was offered that day stays offered. Someone touched or skipped before
  getting a slot leaves the line for the period.

Because every step only looks at days up to the one asked about, what a
day offered never changes when later days are asked about; and because
slots are only ever added, the people offered on Monday are still offered
on Thursday unless touched or skipped.
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta

from keepintouch.domain.history import TouchGroups
from keepintouch.domain.model import Contact, Network, Settings
from keepintouch.engine.due import DueDates
from keepintouch.engine.picking import LONG_PAST, TAG_LOOKAHEAD, pick_rhythm, rotate, tags_of


class PeriodBudget:
    """One budget period's line of due people, indexed once; `slate` answers for any day of it."""

    def __init__(
        self,
        network: Network,
        settings: Settings,
        span: tuple[date, date],
        today: date,
        skips: dict[date, set[str]],
        *,
        groups: TouchGroups | None = None,
        other_day: DueDates | None = None,
    ) -> None:
        self.start, self.end = span
        self.budget = max(0, settings.budget)
        before = DueDates(network, settings, self.start - timedelta(days=1), groups=groups, other_day=other_day)
        self.pauses = before.pauses
        self.contacts = {c.id: c for c in network.contacts}
        self._due: dict[str, date] = {}
        self._rhythm: dict[str, int] = {}
        line: list[tuple[date, str]] = []
        for cid, due in before.dates.items():
            if due >= self.end:
                continue
            contact = self.contacts[cid]
            available = max(due, self.start, contact.created.date())
            if available < self.end:
                line.append((available, cid))
                self._due[cid] = due
                self._rhythm[cid] = before.rhythm(cid) or 1
        line.sort()
        self._line = line
        #: The first day in the period (up to `today`) each person in line was touched or skipped.
        self._touched: dict[str, date] = {}
        self._skipped: dict[str, date] = {}
        for _, cid in line:
            history = before.groups.get(cid)
            if history is not None and history.last_date >= self.start:
                days = [t.date for t in history.touches if self.start <= t.date <= today]
                if days:
                    self._touched[cid] = min(days)
        #: Once every slot is given, the slate stays as it is: (from that day, slate).
        self._full: tuple[date, list[str]] | None = None
        for day, ids in skips.items():
            if self.start <= day < self.end:
                for cid in ids & self._due.keys():
                    self._skipped[cid] = min(day, self._skipped.get(cid, day))

    def slate(self, day: date) -> list[str]:
        """The ids holding the period's slots on `day`, in the order they got them."""
        if self._full is not None and self._full[0] <= day:
            return list(self._full[1])
        slate: list[str] = []
        used = 0  # slots given: the slate and touches with due people off it
        pool: set[str] = set()
        at = 0
        t = self.start
        while t <= day and used < self.budget:
            while at < len(self._line) and self._line[at][0] <= t:
                pool.add(self._line[at][1])
                at += 1
            pool = {cid for cid in pool if not self._done_before(cid, t)}
            if not self.pauses.covers(t):
                ready = [cid for cid in pool if not self.contacts[cid].is_snoozed(t) and self._skipped.get(cid) != t]
                picks = self._rank(ready, t, self.budget - used, slate)
                slate += picks
                used += len(picks)
                pool -= set(picks)
            for cid in sorted(c for c in pool if self._touched.get(c) == t):
                if used < self.budget:
                    used += 1
                pool.discard(cid)
            if used >= self.budget:
                self._full = (t, list(slate))
            t += timedelta(days=1)
        return slate

    def done(self, contact_id: str, day: date) -> bool:
        """Whether the person was touched or skipped in the period, up to `day`."""
        touched, skipped = self._touched.get(contact_id), self._skipped.get(contact_id)
        return (touched is not None and touched <= day) or (skipped is not None and skipped <= day)

    def _done_before(self, contact_id: str, day: date) -> bool:
        return self.done(contact_id, day - timedelta(days=1))

    def _rank(self, ids: list[str], day: date, slots: int, slate: list[str]) -> list[str]:
        """Up to `slots` of `ids` for `day`, as a day's queue would rank them."""
        if slots <= 0 or not ids:
            return []
        ranked, long_past = [], []
        for cid in ids:
            late = (day - self._due[cid]).days / self._rhythm[cid]
            if late >= LONG_PAST:
                long_past.append(self.contacts[cid])
            else:
                ranked.append((-late, self._due[cid], cid))
        line = [self.contacts[cid] for _, _, cid in heapq.nsmallest(slots + TAG_LOOKAHEAD, ranked)]
        tags: set[str] = set().union(*(tags_of(self.contacts[cid]) for cid in slate))
        picks: list[Contact] = pick_rhythm(line, rotate(long_past, day), slots, day, tags)
        return [c.id for c in picks]
