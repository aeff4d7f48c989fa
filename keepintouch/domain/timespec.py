"""Parsing what people type about time: dates, durations and rhythms.

Each parser raises `ValueError` with a message fit to show the user as is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from keepintouch.domain.phrasing import plural

#: Named rhythms and their length in days.
NAMED_RHYTHMS: dict[str, int] = {
    "weekly": 7,
    "biweekly": 14,
    "monthly": 30,
    "quarterly": 91,
    "twice-a-year": 182,
    "yearly": 365,
}
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_SPAN_RE = re.compile(r"^(\d{1,4})\s*([dwmy])$")
RHYTHM_HELP = "weekly, biweekly, monthly, quarterly, twice-a-year, yearly, none, or like 45d, 6w, 2m"


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def parse_span(text: str) -> int:
    """A duration like 10d, 2w, 3m, 1y, in days (a month counts 30 days)."""
    match = _SPAN_RE.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"not a duration: {text!r} (use e.g. 10d, 2w, 3m, 1y)")
    return int(match.group(1)) * _UNIT_DAYS[match.group(2)]


def span_end(today: date, text: str) -> date:
    """The date a span starting today ends: `2w` from Monday is the Monday after next.

    Months and years follow the calendar (1m from 31 January is 28/29 February).
    """
    match = _SPAN_RE.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"not a duration: {text!r} (use e.g. 10d, 2w, 3m, 1y)")
    n, unit = int(match.group(1)), match.group(2)
    import pendulum  # only spans need it; every start-up would pay its import

    start = pendulum.date(today.year, today.month, today.day)
    if unit == "m":
        end = start.add(months=n)
    elif unit == "y":
        end = start.add(years=n)
    else:
        end = start + timedelta(days=n * _UNIT_DAYS[unit])
    return date(end.year, end.month, end.day)


def normalize_rhythm(text: str) -> str:
    """Check a rhythm spec and return its canonical spelling."""
    spec = text.strip().lower().replace(" ", "-")
    if spec in ("none", "") or spec in NAMED_RHYTHMS:
        return spec or "none"
    if spec in ("twice-yearly", "half-yearly", "semiannual"):
        return "twice-a-year"
    if spec == "fortnightly":
        return "biweekly"
    try:
        parse_span(spec)
    except ValueError:
        raise ValueError(f"not a rhythm: {text!r} (use {RHYTHM_HELP})") from None
    return spec.replace(" ", "")


def rhythm_days(spec: str) -> int | None:
    """Length of a rhythm in days; None for `none` (address book only)."""
    spec = normalize_rhythm(spec)
    if spec == "none":
        return None
    if spec in NAMED_RHYTHMS:
        return NAMED_RHYTHMS[spec]
    return parse_span(spec)


def rhythm_label(spec: str) -> str:
    """How a rhythm reads in a sentence: "Monthly", "Every 6 weeks"."""
    spec = normalize_rhythm(spec)
    if spec == "none":
        return "No rhythm"
    if spec in NAMED_RHYTHMS:
        return spec.replace("-", " ").capitalize()
    n, unit = int(spec[:-1]), spec[-1]
    word = {"d": "day", "w": "week", "m": "month", "y": "year"}[unit]
    return f"Every {plural(n, word)}"


def ago(then: date, today: date) -> str:
    """A calm, rounded "how long ago": "today", "3 days ago", "2 months ago"."""
    days = (today - then).days
    if days <= 0:
        return "today" if days == 0 else "in the future"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{round(days / 7)} weeks ago"
    if days < 365 * 2 - 30:
        return f"{round(days / 30.44)} months ago"
    return f"{round(days / 365.25)} years ago"
