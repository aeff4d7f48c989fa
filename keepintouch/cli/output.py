"""How commands print: the JSON shapes others rely on, and calm human text.

Every line of human text goes through `say`, which shows control characters
as U+FFFD (see `domain.safe_text`): names and notes come from other people's
files and must not drive the terminal. JSON keeps the text exactly, every
control character escaped (`echo_json`).

The JSON field names here are a public interface (scripts read them); change
them only deliberately.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import click
import orjson

from keepintouch.domain.model import Contact, Network
from keepintouch.domain.phrasing import day_text
from keepintouch.domain.safe_text import escape_json_controls, for_terminal

if TYPE_CHECKING:  # `where` and `backup` print through here too: they need not load the engine
    from keepintouch.engine.queue import Suggestion


def say(text: str = "", *, err: bool = False) -> None:
    """Print human text (one line or several), safe for the terminal."""
    click.echo(for_terminal(text), err=err)


def echo_json(data: Any) -> None:
    click.echo(escape_json_controls(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()))


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def cell_width(text: str) -> int:
    """How many terminal columns `text` takes: wide (CJK) characters two, combining marks none.

    The standard library's `unicodedata` is enough for a list's columns, so no
    wcwidth dependency; emoji sequences may still be off by one, which only
    shifts the rest of their own line. Plain ASCII, most names, is counted at
    once: `list` asks for 20,000 widths at 10,000 people.
    """
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text
    )


def fit(text: str, width: int) -> str:
    """`text` padded with spaces to `width` columns, or cut with "…" if wider."""
    columns = cell_width(text)
    if columns > width:
        while text and cell_width(text) > width - 1:
            text = text[:-1]
        text += "…"
        columns = cell_width(text)
    return text + " " * (width - columns)


def nice_date(day: date, today: date) -> str:
    """'Mon 23 Nov' — short and readable; the year only when it is not this one."""
    return day_text(day, today)


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "contact": s.contact.name,
        "contact_id": s.contact.id,
        "trigger": s.trigger,
        "reason": s.reason,
        "touch": s.touch,
        "due": iso(s.due),
        "ask_about": s.contact.ask_about,
    }


def echo_suggestions(suggestions: Iterable[Suggestion]) -> None:
    for number, s in enumerate(suggestions, start=1):
        say(f"{number}. {s.contact.name} — {s.reason}")
        say(f"   light touch: {s.touch}")
        if s.contact.ask_about:
            say(f"   ask about: {s.contact.ask_about}")


def balance(network: Network, contact: Contact) -> dict[str, int]:
    """How often you gave and asked, over all touches with this person."""
    mine = [t for t in network.touches if t.contact_id == contact.id]
    return {"gave": sum(t.gave for t in mine), "asked": sum(t.asked for t in mine)}
