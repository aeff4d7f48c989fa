"""What each person's touches say: the latest touch, the latest reply, what awaits one.

One pass over all touches groups them by person (`TouchGroups`, which the
store keeps and updates save by save); everything else is worked out per
person on first use. Part of the rhythm engine (`engine/due.py` reads it):
pure Python, no clock.

Order of touches within one day: the order of logging (`created`) decides;
on a tie the inbound touch counts as the later one, because a same-day
reply is a reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from operator import attrgetter
from typing import Any

from keepintouch.domain.gc_pause import gc_paused
from keepintouch.domain.model import Network, Touch


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
    """A history from a plain list of touches (for replayed days and changed people)."""
    if not touches:
        return None
    inbound = [t.date for t in touches if t.direction == "in"]
    flagged = [t for t in touches if t.direction != "in" and t.awaiting_reply]
    return History(touches, max(map(_date, touches)), max(inbound, default=None), flagged)


class TouchGroups:
    """Every touch grouped by person, each group a `History`; never changed once built.

    The hot path of the engine (100,000 touches), and independent of the day,
    so the store keeps one beside its records (`Network.touch_groups`) and
    makes the next one after a save with `changed`, which shares every
    untouched person's history: a queue then costs a look-up per person, not
    a pass over every touch. One pass (`of`) builds it from scratch, keeping
    per person the latest day, the latest inbound day and the flagged
    touches: reading those while each touch is in the CPU cache is far
    cheaper than a second pass over every person's scattered touches.
    """

    __slots__ = ("_histories", "count")

    def __init__(self, histories: dict[str, History], count: int) -> None:
        self._histories = histories
        #: How many touches it holds, to notice a network whose touches were changed since.
        self.count = count

    @classmethod
    def of(cls, touches: Iterable[Touch]) -> TouchGroups:
        # A group is [latest day, latest inbound day, flagged touches, touch, ...].
        groups: dict[str, list[Any]] = {}
        count = 0
        with gc_paused():
            for touch in touches:
                count += 1
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
            histories = {cid: History(g[3:], g[0], g[1], g[2] or []) for cid, g in groups.items()}
        return cls(histories, count)

    def get(self, contact_id: str) -> History | None:
        """All of the person's touches, whatever their date; None if they have none."""
        return self._histories.get(contact_id)

    def touches(self, contact_id: str) -> list[Touch]:
        history = self._histories.get(contact_id)
        return history.touches if history is not None else []

    def changed(self, removed: Iterable[Touch], added: Iterable[Touch]) -> TouchGroups:
        """The groups after a save: `removed` touches gone (replaced ones included, as they
        were), `added` ones in (replacements included, as they are now). A replaced touch
        keeps its place in its person's list, as in the store."""
        gone: dict[str, Touch] = {t.id: t for t in removed}
        new: dict[str, Touch] = {t.id: t for t in added}
        people = {t.contact_id for t in gone.values()} | {t.contact_id for t in new.values()}
        histories = dict(self._histories)
        count = self.count
        for cid in people:
            old = histories.pop(cid, None)
            kept = []
            for touch in old.touches if old is not None else ():
                if touch.id in gone:
                    count -= 1
                    replacement = new.get(touch.id)
                    if replacement is not None and replacement.contact_id == cid:
                        kept.append(replacement)
                        count += 1
                else:
                    kept.append(touch)
            placed = {t.id for t in kept}
            for touch in new.values():
                if touch.contact_id == cid and touch.id not in placed:
                    kept.append(touch)
                    count += 1
            history = _history(kept)
            if history is not None:
                histories[cid] = history
        return TouchGroups(histories, count)


def touch_groups(network: Network) -> TouchGroups:
    """The network's touches grouped by person: the store's own groups, else built now."""
    groups = network.touch_groups
    if isinstance(groups, TouchGroups) and groups.count == len(network.touches):
        return groups
    return TouchGroups.of(network.touches)


class TouchIndex:
    """Everyone's touches as they were on one day: histories ignore touches dated later.

    A thin view over `TouchGroups`: only someone with a touch after `today`
    (replaying a past day) gets a history of their own.
    """

    def __init__(self, groups: TouchGroups, today: date) -> None:
        self.today = today
        self._groups = groups._histories
        self._replayed: dict[str, History | None] = {}

    def get(self, contact_id: str) -> History | None:
        """The person's history, None if they have no touch up to today."""
        history = self._groups.get(contact_id)
        if history is None or history.last_date <= self.today:
            return history
        try:
            return self._replayed[contact_id]
        except KeyError:  # replaying a past day: what came later did not happen yet
            replayed = _history([t for t in history.touches if t.date <= self.today])
            self._replayed[contact_id] = replayed
            return replayed
