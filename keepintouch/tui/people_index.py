"""Finding people as you type: a small fuzzy index over names, orgs and tags.

Built once per network snapshot, queried on every keystroke. Matching runs
through one compiled regular expression per query, so filtering 10,000 people
stays well under a frame. No Textual here: the People pane and quick capture
both use it, and the tests call it directly. Case and accents never matter
(`domain.names`): `muller` finds Müller.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from keepintouch.domain.model import Contact
from keepintouch.domain.names import folded, name_order

#: How many recent queries a `PeopleIndex` remembers the answers of.
RECENT = 16


@dataclass(frozen=True)
class _Entry:
    contact: Contact
    name: str  # folded name: no case, no accents
    rest: str  # folded org and tags


class PeopleIndex:
    """All contacts, sorted by name, ready to be filtered."""

    def __init__(self, contacts: list[Contact]) -> None:
        ordered = sorted(contacts, key=lambda c: (*name_order(c.name), c.id))
        self._entries = [_Entry(c, folded(c.name), folded(" ".join([c.org, *c.tags]))) for c in ordered]
        self._unarchived = [e for e in self._entries if not e.contact.archived]
        #: Recent queries, with whether archived people were included → (matches in name
        #: order, the ranked result). Typing narrows the fewest matches among the queries it
        #: starts with; erasing finds its answer here.
        self._recent: OrderedDict[tuple[str, bool], tuple[list[_Entry], list[Contact]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, *, archived: bool = False) -> int:
        """How many people a blank query lists."""
        return len(self._entries if archived else self._unarchived)

    def search(self, query: str, *, archived: bool = False) -> list[Contact]:
        """People matching QUERY, best first; everyone by name when QUERY is blank.

        Ranking: the name starts with the query, then a word of the name does,
        then the name contains it, then org or tags contain it, then the
        letters appear in order in the name, then anywhere.

        Typing one more letter only narrows the previous matches, so each
        keystroke looks at fewer people than the one before; erasing a letter
        finds the answer it had (the last `RECENT` queries are kept).
        """
        entries = self._entries if archived else self._unarchived
        words = folded(query).split()
        if not words:
            return [e.contact for e in entries]
        needle = " ".join(words)
        known = self._recent.get((needle, archived))
        if known is not None:
            self._recent.move_to_end((needle, archived))
            return list(known[1])
        for (text, with_archived), (found, _) in self._recent.items():
            # Whoever matches the query matches any start of it: look among the fewest.
            if with_archived == archived and needle.startswith(text) and len(found) < len(entries):
                entries = found
        # Letters in order, without backtracking: "abc" -> a[^b]*b[^c]*c
        letters = needle.replace(" ", "")
        loose = re.compile(
            re.escape(letters[0]) + "".join(f"[^{re.escape(ch)}]*{re.escape(ch)}" for ch in letters[1:])
        )
        word_start = re.compile(r"\b" + re.escape(needle))
        ranked: list[tuple[int, int, _Entry]] = []
        for position, entry in enumerate(entries):
            rank = _rank(entry, needle, word_start, loose)
            if rank is not None:
                ranked.append((rank, position, entry))
        in_name_order = [entry for _, _, entry in ranked]
        ranked.sort()  # by rank, then name order: positions are unique, entries never compared
        result = [entry.contact for _, _, entry in ranked]
        self._recent[(needle, archived)] = (in_name_order, result)
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return list(result)


def _rank(entry: _Entry, needle: str, word_start: re.Pattern[str], loose: re.Pattern[str]) -> int | None:
    name = entry.name
    if needle in name:
        if name.startswith(needle):
            return 0
        return 1 if word_start.search(name) else 2
    if needle in entry.rest:
        return 3
    if loose.search(name):
        return 4
    if loose.search(entry.rest):
        return 5
    return None
