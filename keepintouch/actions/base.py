"""What every action shares: the moment it runs in, what it returns, how it fails.

An action is a plain function over the newest `Network` and the user's
intent. It returns an `Outcome` (the records to put and to remove, and the
one line that confirms it) or raises `ActionError` (one line that says what
to do). It never writes: `write` puts an outcome into an open store
transaction, and both faces call it the same way, the command line in its
own transaction and the app in its store worker. So a rule lives in one
place, and the app and the shell cannot disagree about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from keepintouch.domain.model import Record, Settings


class ActionError(Exception):
    """The intent cannot be carried out; str() is one kind line saying what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass(frozen=True)
class Moment:
    """When an action runs, and with which settings: the clock read once, passed in.

    No time of day: the store stamps what it writes with its own clock.
    """

    today: date
    settings: Settings


@dataclass
class Outcome:
    """Records to put and to remove in one transaction, and the line that confirms it.

    `keep` holds records to put exactly as they are, stamps included: what a
    restore from our JSON export brings back unchanged.
    """

    put: list[Record] = field(default_factory=list)
    remove: list[Record] = field(default_factory=list)
    message: str = ""
    keep: list[Record] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.put or self.remove or self.keep)


class Staging(Protocol):
    """What `write` needs of a store transaction."""

    def put_many(self, records: list[Record]) -> None: ...

    def restore_many(self, records: list[Record]) -> None: ...

    def remove(self, record: Record) -> None: ...


def write(tx: Staging, outcome: Outcome) -> None:
    """Stage an outcome in an open transaction (which writes it once, at its end)."""
    for record in outcome.remove:
        tx.remove(record)
    tx.put_many(outcome.put)
    if outcome.keep:
        tx.restore_many(outcome.keep)


def and_list(words: list[str]) -> str:
    """'Ada', 'Ada and Bo', 'Ada, Bo and Cy'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
