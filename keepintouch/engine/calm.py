"""The kind sentence shown when the queue is empty, for the app and the shell alike.

An empty queue means different things: a brand-new user needs a first step,
someone with only an address book needs to know that rhythms are opt-in, and
everyone else deserves to hear that a quiet day is a good day.
"""

from __future__ import annotations

from typing import Literal

from keepintouch.domain.model import Network

Surface = Literal["app", "cli"]

_FIRST_STEP = {
    "app": "Welcome. Start small: add 3–5 people you'd like to keep in touch with (a), or import your contacts (i).",
    "cli": "Welcome. Start small: add 3–5 people you'd like to keep in touch with "
    "(`keepintouch add NAME --rhythm monthly`), or import your contacts (`keepintouch import FILE`).",
}
_NO_RHYTHM = {
    "app": "Nobody has a rhythm yet. Pick 3–5 people and give them one (e); the rest stay a quiet address book.",
    "cli": "Nobody has a rhythm yet. Pick 3–5 people and give them one "
    "(`keepintouch edit NAME --rhythm monthly`); the rest stay a quiet address book.",
}
QUIET = "Nothing for today. Enjoy the quiet."


def nothing_today(network: Network, surface: Surface) -> str:
    """What to say when today's queue is empty (and nothing is paused)."""
    active = [c for c in network.contacts if not c.archived]
    if not active:
        return _FIRST_STEP[surface]
    if all(c.rhythm == "none" for c in active):
        return _NO_RHYTHM[surface]
    return QUIET
