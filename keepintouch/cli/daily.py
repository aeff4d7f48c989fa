"""Daily-use commands: log touches, promises and news; snooze, skip, pause; see the queue."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, find_contact, parse_with, pass_env
from keepintouch.cli.output import echo_json, echo_suggestions, iso, nice_date, suggestion_json
from keepintouch.domain.model import ENERGY_LEVELS, TOUCH_KINDS, Day, Network, Occasion, PartialDate, Pause, Promise, Touch
from keepintouch.domain.timespec import parse_date, span_end
from keepintouch.engine.calm import nothing_today
from keepintouch.engine.queue import agenda as plan_agenda
from keepintouch.engine.queue import daily_queue, paused_until

_date = parse_with(parse_date)


def _until(env: Env, span: str | None, until: date | None, what: str) -> date:
    """The end date given as `--for 2w` or `--until D`: exactly one of them, in the future."""
    if (span is None) == (until is None):
        raise click.UsageError(f"say how long to {what}: --for 2w or --until YYYY-MM-DD")
    if span is not None:
        try:
            return span_end(env.today, span)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--for") from None
    assert until is not None
    if until <= env.today:
        raise click.BadParameter(f"{until} is not after today ({env.today})", param_hint="--until")
    return until


def _interactive() -> bool:
    """Both ends are a terminal: a person is there to write in their editor."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _today_record(network: Network, today: date) -> Day:
    return next((d for d in network.days if d.date == today), None) or Day(date=today)


@main.command()
@click.argument("name")
@click.option("--kind", type=click.Choice(TOUCH_KINDS), default="message", show_default=True, help="What kind of touch.")
@click.option("--note", help="What happened (without it, on a terminal, your $EDITOR opens).")
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="When (default: today).")
@click.option("--inbound", is_flag=True, help="They reached out to you.")
@click.option("--asked", is_flag=True, help="You asked for something.")
@click.option("--gave", is_flag=True, help="You gave something (an intro, an article, help).")
@click.option("--awaiting-reply", is_flag=True, help="You wrote and are waiting to hear back.")
@pass_env
def log(env: Env, name: str, kind: str, note: str | None, day: date | None, inbound: bool, asked: bool, gave: bool, awaiting_reply: bool) -> None:
    """Log a touch with someone, right after it happened."""
    day = day or env.today
    if day > env.today:
        raise click.BadParameter(f"{day} is in the future; log touches once they happened", param_hint="--date")
    contact = find_contact(env.store.network(), name)
    if note is None and _interactive():
        note = click.edit(f"\n# Note about your {kind} with {contact.name}. Lines starting with # are ignored.\n")
        note = "\n".join(line for line in (note or "").splitlines() if not line.startswith("#")).strip()
    touch = Touch(
        contact_id=contact.id,
        date=day,
        kind=kind,
        direction="in" if inbound else "out",
        note=(note or "").strip(),
        asked=asked,
        gave=gave,
        awaiting_reply=awaiting_reply and not inbound,
    )
    with env.store.transaction() as tx:
        tx.put(touch)
    click.echo(f"Logged a {kind} with {contact.name}.")


@main.command()
@click.argument("name")
@click.argument("text")
@click.option("--due", callback=_date, metavar="YYYY-MM-DD", help="When you would like to have done it.")
@pass_env
def promise(env: Env, name: str, text: str, due: date | None) -> None:
    """Remember something small you said you would do for someone."""
    if not text.strip():
        raise click.BadParameter("say what you promised", param_hint="TEXT")
    with env.store.transaction() as tx:
        contact = find_contact(tx.network(), name)
        tx.put(Promise(contact_id=contact.id, text=text.strip(), due=due))
    click.echo(f"Noted your promise to {contact.name}" + (f", by {nice_date(due)}." if due else "."))


@main.command("done-promise")
@click.argument("name")
@click.argument("text", required=False)
@pass_env
def done_promise(env: Env, name: str, text: str | None) -> None:
    """Mark a promise kept (TEXT picks one when there are several)."""
    with env.store.transaction() as tx:
        network = tx.network()
        contact = find_contact(network, name)
        open_ = [p for p in network.promises if p.contact_id == contact.id and not p.done]
        if text:
            open_ = [p for p in open_ if text.casefold() in p.text.casefold()]
        if not open_:
            raise click.ClickException(f"no open promise to {contact.name}" + (f" about '{text}'." if text else "."))
        if len(open_) > 1:
            listed = "; ".join(p.text for p in open_)
            raise click.ClickException(f"{len(open_)} open promises to {contact.name}: {listed}. Add a word of the one you kept.")
        tx.put(dataclasses.replace(open_[0], done=True, done_on=env.today))
    click.echo(f"Kept: {open_[0].text}. Nice.")


@main.command()
@click.argument("name")
@click.argument("text")
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="When it happened (default: today).")
@pass_env
def news(env: Env, name: str, text: str, day: date | None) -> None:
    """Note news about someone (new job, a talk, an article): a natural reason to write."""
    day = day or env.today
    if not text.strip():
        raise click.BadParameter("say what the news is", param_hint="TEXT")
    with env.store.transaction() as tx:
        contact = find_contact(tx.network(), name)
        tx.put(Occasion(contact_id=contact.id, kind="news", when=PartialDate(day.month, day.day, day.year), label=text.strip(), yearly=False))
    click.echo(f"Noted: {contact.name} — {text.strip()}.")


@main.command()
@click.argument("name")
@click.option("--for", "span", metavar="DURATION", help="How long, e.g. 1w, 2w, 1m, 3m.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Until this date.")
@pass_env
def snooze(env: Env, name: str, span: str | None, until: date | None) -> None:
    """Let someone rest for a while; they come back gently afterwards."""
    end = _until(env, span, until, "snooze")
    with env.store.transaction() as tx:
        contact = find_contact(tx.network(), name)
        tx.put(dataclasses.replace(contact, snoozed_until=end))
    click.echo(f"{contact.name} is snoozed until {nice_date(end)}.")


@main.command()
@click.argument("name")
@pass_env
def unsnooze(env: Env, name: str) -> None:
    """End a snooze early."""
    with env.store.transaction() as tx:
        contact = find_contact(tx.network(), name)
        tx.put(dataclasses.replace(contact, snoozed_until=None))
    click.echo(f"{contact.name} is back in the rhythm.")


@main.command()
@click.argument("name")
@pass_env
def skip(env: Env, name: str) -> None:
    """Not today: take someone off today's queue, no record of anything."""
    with env.store.transaction() as tx:
        network = tx.network()
        contact = find_contact(network, name)
        day = _today_record(network, env.today)
        if contact.id not in day.skipped:
            tx.put(dataclasses.replace(day, skipped=[*day.skipped, contact.id]))
    click.echo(f"{contact.name} can wait. Not today.")


@main.command()
@click.option("--for", "span", metavar="DURATION", help="How long, e.g. 1w, 2w, 1m.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Until this date.")
@pass_env
def pause(env: Env, span: str | None, until: date | None) -> None:
    """Pause everything for a while. Nothing piles up meanwhile."""
    end = _until(env, span, until, "pause")
    with env.store.transaction() as tx:
        network = tx.network()
        ongoing = [p for p in network.pauses if p.covers(env.today)]
        if ongoing:
            tx.put(dataclasses.replace(ongoing[0], until=end))
        else:
            tx.put(Pause(start=env.today, until=end))
    click.echo(f"Paused until {nice_date(end)}. Rest well; nothing will pile up.")


@main.command()
@pass_env
def resume(env: Env) -> None:
    """End a pause today."""
    with env.store.transaction() as tx:
        ongoing = [p for p in tx.network().pauses if p.covers(env.today)]
        for p in ongoing:
            tx.put(dataclasses.replace(p, until=env.today))
    click.echo("Welcome back. Things will come back a few at a time." if ongoing else "Nothing was paused.")


@main.command()
@click.argument("level", type=click.Choice(ENERGY_LEVELS))
@pass_env
def energy(env: Env, level: str) -> None:
    """Say how much energy you have today: low, normal or high."""
    with env.store.transaction() as tx:
        tx.put(dataclasses.replace(_today_record(tx.network(), env.today), energy=level))
    click.echo(
        {
            "low": "Low energy today: one light touch at most.",
            "normal": "Normal energy today.",
            "high": "High energy today: a couple more suggestions.",
        }[level]
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def today(env: Env, as_json: bool) -> None:
    """Today's few suggested touches, and why."""
    network = env.store.network()
    paused = paused_until(network, env.today)
    level = _today_record(network, env.today).energy
    queue = daily_queue(network, env.settings, env.today)
    if as_json:
        echo_json(
            {
                "date": iso(env.today),
                "paused_until": iso(paused),
                "energy": level,
                "suggestions": [suggestion_json(s) for s in queue],
            }
        )
        return
    click.echo(f"{env.today:%A} {env.today.day} {env.today:%B}" + ("" if level == "normal" else f" · {level} energy"))
    if paused:
        click.echo(f"Paused until {nice_date(paused)}. Nothing is waiting; rest well.")
    elif not queue:
        click.echo(nothing_today(network, "cli"))
    else:
        echo_suggestions(queue)


@main.command()
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366), help="How many days ahead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def agenda(env: Env, days: int, as_json: bool) -> None:
    """What the coming days would suggest if nothing else were logged."""
    plan = plan_agenda(env.store.network(), env.settings, env.today, days)
    if as_json:
        echo_json({"days": [{"date": iso(day), "suggestions": [suggestion_json(s) for s in queue]} for day, queue in plan]})
        return
    for day, queue in plan:
        click.echo(f"{nice_date(day)}: " + (", ".join(f"{s.contact.name} ({s.touch})" for s in queue) or "—"))

