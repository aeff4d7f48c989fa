"""How the Insights figures read: calm sentences, shared by the Insights screen and `keepintouch stats`.

They say what went well ("14 of 18 in rhythm"), offer rather than reproach
("Maybe give first: …"), and never count what was missed.
"""

from __future__ import annotations

from keepintouch.domain.phrasing import plural
from keepintouch.engine.insights import Insights


def period_title(insights: Insights) -> str:
    """"The last 12 months (Dec 2025 – Nov 2026)" or "2025" ("2026 so far")."""
    if insights.year is None:
        return f"The last 12 months ({insights.start:%b %Y} – {insights.end:%b %Y})"
    return f"{insights.year} so far" if insights.end < insights.until else str(insights.year)


def touches_sentence(insights: Insights) -> str:
    if not insights.touches_total:
        return "No touches logged in this period. A small hello is a fine start."
    return (
        f"{plural(insights.touches_total, 'touch')} with {plural(insights.people_touched, 'person')}: "
        f"{insights.outbound} from you, {insights.inbound} from them."
    )


def rhythm_sentence(insights: Insights) -> str:
    kept, total = insights.in_rhythm.kept, insights.in_rhythm.with_rhythm
    if not total and insights.year is not None and insights.end == insights.until:  # a year gone by
        return f"Nobody here had a rhythm in {insights.year}."
    if not total:
        return "Nobody has a rhythm yet. Giving three to five people one is a good start."
    if kept == total == 1:
        return "Your one person with a rhythm is in rhythm."
    if kept == total:
        return f"All {total} people with a rhythm are in rhythm. Lovely."  # total >= 2 here
    return f"{kept} of {total} in rhythm."


def balance_sentence(insights: Insights) -> str:
    gave, asked = insights.balance.gave, insights.balance.asked
    if not (gave or asked):
        return "No touches marked as giving or asking in this period."
    return f"You gave {_times(gave)} and asked {_times(asked)}."


def give_sentence(insights: Insights, most: int = 5) -> str:
    if not insights.could_give:
        return "Lately you gave at least as often as you asked, with everyone."
    names = [g.name for g in insights.could_give[:most]]
    more = len(insights.could_give) - len(names)
    return "Maybe give first: " + ", ".join(names) + (f" and {more} more." if more else ".")


def promises_sentence(insights: Insights) -> str:
    p = insights.promises
    if not (p.kept or p.open):
        return "No promises in this period."
    parts = [f"{p.on_time} kept on time"] if p.on_time else []
    if p.late:
        parts.append(f"{p.late} kept a little later")
    if p.open:
        parts.append(f"{p.open} open")
    return "Promises: " + ", ".join(parts) + "."


def _times(n: int) -> str:
    """"once", "twice", "5 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
