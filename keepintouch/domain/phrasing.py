"""How counts and dates are said to the user, the same in the app and the shell.

One helper for each, so that "1 people", or a date that quietly lost its
year ("Paused until Sat 2 Dec" for the year 3026), cannot creep back in one
corner: every printed count of things and every printed date goes through
here. Dates name their year only when it is not the current one.
"""

from __future__ import annotations

from datetime import date

#: Words whose plural is not the word + "s".
_PLURALS = {"person": "people", "touch": "touches", "was": "were"}


def plural(count: int, word: str) -> str:
    """"1 person", "3 people", "0 touches", "2 promises"."""
    return f"{count} {word if count == 1 else _PLURALS.get(word, word + 's')}"


def day_text(day: date, today: date, *, weekday: bool = True, long: bool = False) -> str:
    """"Sat 2 Dec", "Saturday 2 December", "2 Dec"; with the year when it is not today's:
    "Sat 2 Dec 3026"."""
    month = f"{day:%B}" if long else f"{day:%b}"
    text = f"{day.day} {month}"
    if weekday:
        text = f"{day:%A}" if long else f"{day:%a}"
        text += f" {day.day} {month}"
    return text if day.year == today.year else f"{text} {day.year}"
