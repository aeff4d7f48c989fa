"""Natural occasions of a day: birthdays, anniversaries, promises due, fresh news.

Principle 4: these are the best reasons to write and outrank the plain
rhythm. This module finds them for one day; `queue.py` decides how many
are shown next to the rhythm suggestions. Pure Python, no clock.

- **Yearly dates** (birthday, anniversary, custom; `yearly=True`) show on
  the day before ("tomorrow") and on the day itself ("today"); the weekly
  window (`Occasions.week`) shows those of the coming week ("on Sat 15 Mar"). A 29 February
  date falls on 28 February in other years (`PartialDate.in_year`). A date
  whose known year lies ahead has not begun yet. Once you reach out on or
  after the eve, the occasion is settled: congratulating a day early does not
  bring "Birthday today" back the next morning.
- **Promises**: open ones with a due date on or before the day, until done.
  An open promise without a due date is never date-bound.
- **News** (one-off occasions, `yearly=False`): a reason for `NEWS_DAYS`
  days counting the day it happened, until you next reach out to the person.
  An inbound touch does not settle it: they may be the one who told you.
- One occasion per person a day, the best by `TRIGGERS` order (a birthday
  before a promise before news); what is left shows again the next day.
- Touch kinds: congrats for birthdays, anniversaries and news; a plain
  message for a custom yearly date (it may not be a happy one); for a promise
  what its text suggests (an article: share; an introduction: intro; thanks),
  else other.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from keepintouch.domain.history import TouchIndex
from keepintouch.domain.model import Contact, Network, Occasion
from keepintouch.domain.phrasing import plural
from keepintouch.domain.timespec import ago
from keepintouch.engine.suggestion import TRIGGERS, Suggestion, short_date

#: News stays a reason for this many days, counting the day it happened.
NEWS_DAYS = 14

_PROMISE_WORDS = {
    "share": ("article", "link", "paper", "post", "book", "video", "slides", "podcast", "blog", "send", "recipe"),
    "intro": ("intro", "connect"),
    "thanks": ("thank",),
}


def promise_touch(text: str) -> str:
    """The touch that keeps a promise, guessed from its words."""
    words = text.casefold()
    for kind, hints in _PROMISE_WORDS.items():
        if any(hint in words for hint in hints):
            return kind
    return "other"


def yearly_wording(occasion: Occasion, when: date, word: str) -> tuple[str, str, str]:
    """(trigger, reason, touch) for a yearly date falling on `when` ("today"/"tomorrow")."""
    years = when.year - occasion.when.year if occasion.when.year else 0
    count = f" ({plural(years, 'year')})" if years > 0 else ""
    label = occasion.label.strip()
    if occasion.kind == "birthday":
        return "birthday", f"Birthday {word}" + (f" (turns {years})" if years > 0 else ""), "congrats"
    if occasion.kind == "anniversary":
        text = f"Anniversary {word}: {label}" if label else f"Work anniversary {word}"
        return "anniversary", text + count, "congrats"
    name = label[:1].upper() + label[1:] if label else "A yearly date"
    return "anniversary", f"{name} {word}{count}", "message"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class Occasions:
    """The network's occasions and promises, indexed once for any number of days."""

    def __init__(self, network: Network, contacts: dict[str, Contact], touches: TouchIndex) -> None:
        self._contacts = contacts
        self._touches = touches
        self._yearly: dict[tuple[int, int], list[Occasion]] = {}
        self._news: list[Occasion] = []
        for occasion in network.occasions:
            if occasion.yearly:
                self._yearly.setdefault((occasion.when.month, occasion.when.day), []).append(occasion)
            elif occasion.when.year is not None:
                self._news.append(occasion)
        dated = [(p.due, p.id, p) for p in network.promises if not p.done and p.due is not None]
        dated.sort(key=lambda item: item[:2])
        self._promises = [p for _, _, p in dated]
        self._promise_days = [day for day, _, _ in dated]

    def _settled(self, contact_id: str, since: date) -> bool:
        """Whether you reached out on or after `since`."""
        history = self._touches.get(contact_id)
        return history is not None and history.last_out_date is not None and history.last_out_date >= since

    def on(self, day: date, free: Callable[[Contact], bool]) -> tuple[list[Suggestion], list[Suggestion]]:
        """(date-bound suggestions, news suggestions) for `day`, one per person, each in order.

        Date-bound: birthdays, then anniversaries, then promises (earliest
        first). News: freshest first. `free` says who may be suggested today.
        """
        return self._find(day, day, free)

    def week(self, day: date, free: Callable[[Contact], bool]) -> tuple[list[Suggestion], list[Suggestion]]:
        """The week's natural occasions for the weekly window, as `on` gives them.

        Yearly dates of `day` and the six days after, promises due by the
        last of them, and news of the last `NEWS_DAYS` days: the window is
        for the week, so a birthday on Saturday is in Wednesday's window.
        """
        return self._find(day, day + timedelta(days=6), free)

    def _find(
        self, day: date, until: date, free: Callable[[Contact], bool]
    ) -> tuple[list[Suggestion], list[Suggestion]]:
        """Occasions of `day`: promises due by `until`, yearly dates up to `until` (at least tomorrow)."""
        best: dict[str, tuple[tuple[Any, ...], Suggestion]] = {}

        def offer(order: tuple[Any, ...], contact: Contact, trigger: str, reason: str, touch: str, due: date) -> None:
            rank = (TRIGGERS.index(trigger), *order)
            if contact.id not in best or rank < best[contact.id][0]:
                best[contact.id] = (rank, Suggestion(contact, trigger, reason, touch, due))

        for occasion, when, word in self._yearly_near(day, max(1, (until - day).days)):
            contact = self._contacts.get(occasion.contact_id)
            if contact and free(contact) and not self._settled(contact.id, when - timedelta(days=1)):
                trigger, reason, touch = yearly_wording(occasion, when, word)
                offer((when.toordinal(), contact.name, occasion.id), contact, trigger, reason, touch, when)

        for promise in self._promises[: bisect_right(self._promise_days, until)]:
            contact = self._contacts.get(promise.contact_id)
            if contact and free(contact):
                assert promise.due is not None
                timing = "due today" if promise.due == day else f"planned for {short_date(promise.due, day)}"
                reason = f"You promised: {promise.text} ({timing})"
                order = (promise.due.toordinal(), contact.name, promise.id)
                offer(order, contact, "promise", reason, promise_touch(promise.text), promise.due)

        oldest = day - timedelta(days=NEWS_DAYS - 1)
        for occasion in self._news:
            when = occasion.when.in_year(occasion.when.year)  # type: ignore[arg-type]
            contact = self._contacts.get(occasion.contact_id)
            if oldest <= when <= day and contact and free(contact) and not self._settled(contact.id, when):
                reason = f"News: {occasion.label.strip() or 'something worth a note'} ({ago(when, day)})"
                offer((-when.toordinal(), contact.name, occasion.id), contact, "news", reason, "congrats", when)

        ranked = [s for _, s in sorted(best.values(), key=lambda item: item[0])]
        return [s for s in ranked if s.trigger != "news"], [s for s in ranked if s.trigger == "news"]

    def _yearly_near(self, day: date, ahead: int) -> Iterator[tuple[Occasion, date, str]]:
        """Yearly occasions falling from today to `ahead` days later, with that date and its word."""
        for offset in range(ahead + 1):
            when = day + timedelta(days=offset)
            word = "today" if offset == 0 else "tomorrow" if offset == 1 else f"on {when:%a} {short_date(when, day)}"
            keys = [(when.month, when.day)]
            if keys[0] == (2, 28) and not _leap(when.year):
                keys.append((2, 29))  # in_year puts 29 February on the 28th
            for key in keys:
                for occasion in self._yearly.get(key, ()):
                    started = occasion.when.year is None or occasion.when.year <= when.year
                    if started and occasion.when.in_year(when.year) == when:
                        yield occasion, when, word
