"""`keepintouch stats`: the Insights figures as calm sentences, small tables or JSON."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, pass_env
from keepintouch.cli.output import echo_json, iso, say
from keepintouch.engine import insights_words as words
from keepintouch.engine.insights import Insights, compute

#: The oldest year `--year` accepts.
FIRST_YEAR = 1900
#: The width of the longest bar in the per-month table.
BAR_WIDTH = 24
#: Where long lines of tags and kinds wrap.
WRAP = 88


def parse_year(text: str, today: date) -> int:
    """A calendar year from FIRST_YEAR through this one; a ClickException (one line) otherwise."""
    try:
        year = int(text.strip())
    except ValueError:
        raise click.ClickException(f"--year wants a year like {today.year}, not '{text}'.") from None
    if year > today.year:
        raise click.ClickException(f"{year} has not happened yet: pick a year up to {today.year}.")
    if year < FIRST_YEAR:
        raise click.ClickException(f"--year wants a year from {FIRST_YEAR} to {today.year}.")
    return year


def stats_json(insights: Insights) -> dict[str, Any]:
    """The JSON of `stats --json` (a public shape: scripts read it)."""
    return {
        "period": {"start": iso(insights.start), "end": iso(insights.end), "year": insights.year},
        "touches_total": insights.touches_total,
        "touches_by_kind": insights.touches_by_kind,
        "inbound": insights.inbound,
        "outbound": insights.outbound,
        "people_touched": insights.people_touched,
        "by_month": [
            {"month": f"{month:%Y-%m}", "total": sum(kinds.values()), "by_kind": kinds}
            for month, kinds in zip(insights.months, insights.monthly, strict=True)
        ],
        "days": [{"date": iso(day), "in": n_in, "out": n_out} for day, (n_in, n_out) in insights.heatmap.items()],
        "in_rhythm": {
            "kept": insights.in_rhythm.kept,
            "with_rhythm": insights.in_rhythm.with_rhythm,
            "by_tag": {tag: {"kept": r.kept, "with_rhythm": r.with_rhythm} for tag, r in insights.in_rhythm_by_tag.items()},
        },
        "balance": {"gave": insights.balance.gave, "asked": insights.balance.asked},
        "could_give": [
            {"contact": g.name, "contact_id": g.contact_id, "gave": g.gave, "asked": g.asked, "last_asked": iso(g.last_asked)}
            for g in insights.could_give
        ],
        "promises": {"on_time": insights.promises.on_time, "late": insights.promises.late, "open": insights.promises.open},
    }


def _items(label: str, items: Iterable[str]) -> str:
    """"By tag: a 1 of 2 · b 2 of 2", wrapped between items at WRAP columns."""
    lines, line = [], label
    for item in items:
        if line not in (label, "  ") and len(line) + len(item) + 3 > WRAP:
            lines.append(line + " ·")
            line = "  "
        line += item if line in (label, "  ") else f" · {item}"
    return "\n".join([*lines, line])


def _bar(n: int, most: int) -> str:
    return "█" * (round(n * BAR_WIDTH / most) if most else 0) or ("▏" if n else "")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--year", "year_text", metavar="YYYY", help="One calendar year instead of the last 12 months.")
@pass_env
def stats(env: Env, as_json: bool, year_text: str | None) -> None:
    """A calm look back: touches, rhythm, give and ask, promises."""
    year = None if year_text is None else parse_year(year_text, env.today)
    insights = compute(env.store.network(), env.settings, env.today, year)
    if as_json:
        echo_json(stats_json(insights))
        return
    say(words.period_title(insights))
    say(words.touches_sentence(insights))
    totals = insights.monthly_totals
    if insights.touches_total:
        say("")
        most = max(totals)
        for month, n in zip(insights.months, totals, strict=True):
            say(f"  {month:%b %Y}  {n:>4}  {_bar(n, most)}")
        say("")
        kinds = sorted(((n, kind) for kind, n in insights.touches_by_kind.items() if n), key=lambda x: (-x[0], x[1]))
        say(_items("By kind: ", (f"{kind} {n}" for n, kind in kinds)))
    say("")
    say(words.rhythm_sentence(insights))
    tags = [f"{tag} {r.kept} of {r.with_rhythm}" for tag, r in insights.in_rhythm_by_tag.items()]
    if tags:
        say(_items("By tag: ", tags))
    say(words.balance_sentence(insights))
    say(words.give_sentence(insights))
    say(words.promises_sentence(insights))
