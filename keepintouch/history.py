"""What each person's touches say: the latest touch, the latest reply, what awaits one.

One pass over all touches groups them by person; everything else is worked
out per person on first use. Part of the rhythm engine (`due.py` reads it):
pure Python, no clock.

Order of touches within one day: the order of logging (`created`) decides;
on a tie the inbound touch counts as the later one, because a same-day
reply is a reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from operator import attrgetter

from keepintouch.model import Touch


def _order(touch: Touch) -> tuple[date, float, bool, str]:
    """Sort key of touches of one person: by day, then as logged, inbound last on a tie."""
    return (touch.date, touch.created.timestamp(), touch.direction == "in", touch.id)


_date = attrgetter("date")
_awaiting = attrgetter("awaiting_reply")


class History:
    """One person's touches up to today, and what the engine asks of them.

    The days of the latest touch and the latest inbound touch and the
    flagged (awaiting-reply) outbound touches come from the one pass in
    `TouchIndex`; the rest is worked out on first use, since few people are
    asked about it.
    """

    __slots__ = ("_last", "_last_in", "_last_out", "flagged", "last_date", "last_in_date", "touches")

    def __init__(self, touches: list[Touch], last_date: date, last_in_date: date | None, flagged: list[Touch]) -> None:
        self.touches = touches
        self.last_date = last_date
        self.last_in_date = last_in_date
        self.flagged = flagged  # outbound touches with awaiting_reply
        self._last: Touch | None = None
        self._last_in: Touch | None = None
        self._last_out: date | bool | None = False

    @property
    def last(self) -> Touch:
        """The latest touch, either direction (ties settled by `_order`)."""
        if self._last is None:
            self._last = max((t for t in self.touches if t.date == self.last_date), key=_order)
        return self._last

    @property
    def last_in(self) -> Touch | None:
        """The latest inbound touch."""
        if self._last_in is None and self.last_in_date is not None:
            day = self.last_in_date
            self._last_in = max((t for t in self.touches if t.date == day and t.direction == "in"), key=_order)
        return self._last_in

    @property
    def last_out_date(self) -> date | None:
        """The day of the latest outbound touch."""
        if self._last_out is False:
            self._last_out = max((t.date for t in self.touches if t.direction == "out"), default=None)
        return self._last_out  # type: ignore[return-value]

    def unanswered(self) -> list[Touch]:
        """Outbound touches awaiting a reply logged after the latest inbound, oldest first."""
        if not self.flagged:
            return []
        answered = self.last_in_date
        if answered is None:
            return sorted(self.flagged, key=_order)
        waiting = [t for t in self.flagged if t.date >= answered]
        if any(t.date == answered for t in waiting):  # the same day as the reply: settle by _order
            reply = _order(self.last_in)  # type: ignore[arg-type]
            waiting = [t for t in waiting if t.date > answered or _order(t) > reply]
        return sorted(waiting, key=_order)


def _history(touches: list[Touch]) -> History | None:
    """A history from a plain list of touches (the slow path, for replayed days)."""
    if not touches:
        return None
    inbound = [t.date for t in touches if t.direction == "in"]
    flagged = [t for t in touches if t.direction != "in" and t.awaiting_reply]
    return History(touches, max(map(_date, touches)), max(inbound, default=None), flagged)


class TouchIndex:
    """All touches grouped by person (those dated up to today); histories on demand.

    The hot path of the engine (100,000 touches). One pass groups them and
    keeps, per person, the latest day, the latest inbound day and the
    flagged touches: reading those while each touch is in the CPU cache is
    far cheaper than a second pass over every person's scattered touches.
    """

    def __init__(self, touches: Iterable[Touch], today: date) -> None:
        self.today = today
        # A group is [latest day, latest inbound day, flagged touches, touch, ...].
        groups: dict[str, list] = {}
        for touch in touches:
            day = touch.date
            try:
                group = groups[touch.contact_id]
            except KeyError:
                group = groups[touch.contact_id] = [day, None, None]
            group.append(touch)
            if day > group[0]:
                group[0] = day
            if touch.direction == "in":
                if group[1] is None or day > group[1]:
                    group[1] = day
            elif touch.awaiting_reply:
                if group[2] is None:
                    group[2] = [touch]
                else:
                    group[2].append(touch)
        self._groups = groups
        self._histories: dict[str, History | None] = {}

    def get(self, contact_id: str) -> History | None:
        """The person's history, None if they have no touch up to today."""
        history = self._histories.get(contact_id, self)
        if history is not self:  # `self` marks "not asked yet" (None is an answer)
            return history  # type: ignore[return-value]
        history = None
        group = self._groups.get(contact_id)
        if group:
            if group[0] > self.today:  # replaying a past day: what came later did not happen yet
                history = _history([t for t in group[3:] if t.date <= self.today])
            else:
                history = History(group[3:], group[0], group[1], group[2] or [])
        self._histories[contact_id] = history
        return history
