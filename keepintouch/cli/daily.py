"""Daily-use commands: log touches, promises and news; snooze, skip, pause; see the queue."""

from __future__ import annotations

import sys
from datetime import date

import click

from keepintouch.actions import rest
from keepintouch.actions.base import Outcome, and_list
from keepintouch.actions.capture import Capture, capture
from keepintouch.actions.drafts import parse_due
from keepintouch.actions.people import find_person
from keepintouch.actions.promises import find_open_promise, keep_promise, make_promise, note_news
from keepintouch.actions.touches import TouchDraft
from keepintouch.cli import main
from keepintouch.cli.context import Env, find_contact, parse_with, pass_env
from keepintouch.cli.output import echo_json, echo_suggestions, iso, nice_date, say, suggestion_json
from keepintouch.domain.model import ENERGY_LEVELS, TOUCH_KINDS, Day, Network
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
    return until


def _interactive() -> bool:
    """Both ends are a terminal: a person is there to write in their editor."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _today_record(network: Network, today: date) -> Day:
    return next((d for d in network.days if d.date == today), None) or Day(date=today)


@main.command()
@click.argument("names", metavar="NAME...", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(TOUCH_KINDS), default="message", show_default=True, help="What kind of touch.")
@click.option("--note", help="What happened (without it, on a terminal, your $EDITOR opens).")
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="When (default: today).")
@click.option("--inbound", is_flag=True, help="They reached out to you.")
@click.option("--asked", is_flag=True, help="You asked for something.")
@click.option("--gave", is_flag=True, help="You gave something (an intro, an article, help).")
@click.option("--awaiting-reply", is_flag=True, help="You wrote and are waiting to hear back.")
@click.option("--ask-about", help="Something to ask about next time (\"\" clears the old one).")
@click.option("--promise", "promised", metavar="TEXT", help="A promise you made in it (e.g. \"send the paper\").")
@click.option("--promise-due", metavar="YYYY-MM-DD|DURATION", help="When you would like to have kept that promise.")
@pass_env
def log(
    env: Env,
    names: tuple[str, ...],
    kind: str,
    note: str | None,
    day: date | None,
    inbound: bool,
    asked: bool,
    gave: bool,
    awaiting_reply: bool,
    ask_about: str | None,
    promised: str | None,
    promise_due: str | None,
) -> None:
    """Log a touch with someone (or one meeting with several people), right after it happened."""
    if day is not None and day > env.today:
        raise click.BadParameter(f"{day} is in the future; log touches once they happened", param_hint="--date")
    network = env.store.network()
    contact, others = find_contact(network, names[0]), [find_contact(network, name).name for name in names[1:]]
    if note is None and _interactive():
        who = and_list([contact.name, *others])
        note = click.edit(f"\n# Note about your {kind} with {who}. Lines starting with # are ignored.\n")
        note = "\n".join(line for line in (note or "").splitlines() if not line.startswith("#")).strip()
        if not note:  # quit without saving (:q!) or left empty: a cancel, not an empty touch
            raise click.ClickException("Nothing logged: the note was left empty. Write a note, or pass --note \"\" to log without one.")
    draft = TouchDraft(
        contact.id,
        kind=kind,
        direction="in" if inbound else "out",
        note=note or "",
        asked=asked,
        gave=gave,
        awaiting_reply=awaiting_reply,
        day=day,
        ask_about=ask_about,
        also=others,
    )
    try:
        due = parse_due(promise_due or "", env.today)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--promise-due") from None
    moment, logged = env.moment, Capture(draft, promise=promised or "", promise_due=due)
    env.apply(lambda network: capture(network, moment, logged))


@main.command()
@click.argument("name")
@click.argument("text")
@click.option("--due", metavar="YYYY-MM-DD|DURATION", help="When you would like to have done it: a date, or e.g. 2w.")
@pass_env
def promise(env: Env, name: str, text: str, due: str | None) -> None:
    """Remember something small you said you would do for someone."""
    try:
        when = parse_due(due or "", env.today)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--due") from None
    moment = env.moment
    env.apply(lambda network: make_promise(network, moment, find_person(network, name).id, text, when))


@main.command("done-promise")
@click.argument("name")
@click.argument("text", required=False)
@pass_env
def done_promise(env: Env, name: str, text: str | None) -> None:
    """Mark a promise kept (TEXT picks one when there are several)."""
    moment = env.moment

    def kept(network: Network) -> Outcome:
        return keep_promise(network, moment, find_open_promise(network, find_person(network, name), text).id)

    env.apply(kept)


@main.command()
@click.argument("name")
@click.argument("text")
@click.option("--date", "day", callback=_date, metavar="YYYY-MM-DD", help="When it happened (default: today).")
@pass_env
def news(env: Env, name: str, text: str, day: date | None) -> None:
    """Note news about someone (new job, a talk, an article): a natural reason to write."""
    moment = env.moment
    env.apply(lambda network: note_news(network, moment, find_person(network, name).id, text, day))


@main.command()
@click.argument("name")
@click.option("--for", "span", metavar="DURATION", help="How long, e.g. 1w, 2w, 1m, 3m.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Until this date.")
@pass_env
def snooze(env: Env, name: str, span: str | None, until: date | None) -> None:
    """Let someone rest for a while; they come back gently afterwards."""
    end = _until(env, span, until, "snooze")
    moment = env.moment
    env.apply(lambda network: rest.snooze(network, moment, find_person(network, name).id, end))


@main.command()
@click.argument("name")
@pass_env
def unsnooze(env: Env, name: str) -> None:
    """End a snooze early."""
    moment = env.moment
    env.apply(lambda network: rest.unsnooze(network, moment, find_person(network, name).id))


@main.command()
@click.argument("name")
@pass_env
def skip(env: Env, name: str) -> None:
    """Not today: take someone off today's queue, no record of anything."""
    moment = env.moment
    env.apply(lambda network: rest.skip(network, moment, find_person(network, name).id))


@main.command()
@click.option("--for", "span", metavar="DURATION", help="How long, e.g. 1w, 2w, 1m.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Until this date.")
@pass_env
def pause(env: Env, span: str | None, until: date | None) -> None:
    """Pause everything for a while. Nothing piles up meanwhile."""
    end = _until(env, span, until, "pause")
    moment = env.moment
    env.apply(lambda network: rest.pause(network, moment, end))


@main.command()
@pass_env
def resume(env: Env) -> None:
    """End a pause today."""
    moment = env.moment
    env.apply(lambda network: rest.resume(network, moment))


@main.command()
@click.argument("level", type=click.Choice(ENERGY_LEVELS, case_sensitive=False))
@pass_env
def energy(env: Env, level: str) -> None:
    """Say how much energy you have today: low, normal or high."""
    moment = env.moment
    env.apply(lambda network: rest.set_energy(network, moment, level))


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
    say(f"{env.today:%A} {env.today.day} {env.today:%B}" + ("" if level == "normal" else f" · {level} energy"))
    if paused:
        say(f"Paused until {nice_date(paused, env.today)}. Nothing is waiting; rest well.")
    elif not queue:
        say(nothing_today(network, "cli"))
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
        say(f"{nice_date(day, env.today)}: " + (", ".join(f"{s.contact.name} ({s.touch})" for s in queue) or "—"))

