"""Who goes first among the people due for a plain rhythm touch.

Shared by the day's queue and the period's budget (`queue.py`): both
rank due people the same way, so a person's place in line never depends
on which of the two asked. Pure Python, no clock.
"""

from __future__ import annotations

from datetime import date

from keepintouch.domain.model import Contact
from keepintouch.engine.due import stable_hash

#: Past due by this many rhythms, a person is "long past due" (see `pick_rhythm`).
LONG_PAST = 1.0
#: How far down the line a pick may reach to vary the tags of the day.
TAG_LOOKAHEAD = 4


def tags_of(contact: Contact) -> set[str]:
    return {t.casefold() for t in contact.tags}


def rotate(people: list[Contact], day: date) -> list[Contact]:
    """Long-past-due people in a stable shuffled order, turned one step each day.

    They are not pushed harder for being further past (principle 3): each
    gets a turn in round-robin, however long it has been.
    """
    if not people:
        return []
    people = sorted(people, key=lambda c: (stable_hash(c.id), c.id))
    start = day.toordinal() % len(people)
    return people[start:] + people[:start]


def pick_rhythm(line: list[Contact], long_past: list[Contact], slots: int, day: date, tags: set[str]) -> list[Contact]:
    """Fill `slots` from the people in line and the long-past-due ones.

    - **Most due first**: `line` is ordered by how far past due each person
      is relative to their rhythm (a weekly person three days past goes before
      a yearly one ten days past), then by due date.
    - **Long-past-due cap**: people past due by a whole rhythm or more
      (`LONG_PAST`) take at most half the slots, the odd slot on odd days
      (with a budget of 1: every other day), unless nobody else is waiting;
      then they fill the rest. They never crowd out the people just due, and
      those never shut them out for good.
    - **Tags**: each pick takes, among the next `TAG_LOOKAHEAD` + 1 in line,
      the first person sharing no tag with anyone picked today (occasions
      included); untagged people never clash. If all clash, the first goes.
    """
    quota = slots // 2 + (slots % 2 if day.toordinal() % 2 else 0)
    n_line = min(len(line), slots - min(len(long_past), quota))
    n_long = min(len(long_past), slots - n_line)
    used = set(tags)
    return _by_tags(line, n_line, used) + _by_tags(long_past, n_long, used)


def _by_tags(line: list[Contact], count: int, used: set[str]) -> list[Contact]:
    line = list(line)
    picks: list[Contact] = []
    while len(picks) < count and line:
        choice = next((i for i, c in enumerate(line[: TAG_LOOKAHEAD + 1]) if tags_of(c).isdisjoint(used)), 0)
        picks.append(line.pop(choice))
        used |= tags_of(picks[-1])
    return picks
