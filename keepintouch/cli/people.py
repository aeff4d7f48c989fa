"""Commands about people: add, edit, show, list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from keepintouch.actions.base import and_list
from keepintouch.actions.card import person_card, together, touch_flags
from keepintouch.actions.people import PersonChange, add_person, edit_person, find_person
from keepintouch.cli import main
from keepintouch.cli.context import Env, find_contact, parse_with, pass_env
from keepintouch.cli.output import balance, cell_width, echo_json, fit, iso, say
from keepintouch.domain.model import Network, PartialDate, normalize_language
from keepintouch.domain.names import name_order
from keepintouch.domain.timespec import normalize_rhythm
from keepintouch.engine.queue import due_dates

_rhythm = parse_with(normalize_rhythm)
_birthday = parse_with(PartialDate.parse)


def contact_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options `add` and `edit` share."""
    options = [
        click.option("--rhythm", callback=_rhythm, help="weekly, biweekly, monthly, quarterly, twice-a-year, yearly, none, or 45d / 6w / 2m."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option("--email", "emails", multiple=True, help="An e-mail address (repeatable)."),
        click.option("--phone", "phones", multiple=True, help="A phone number (repeatable)."),
        click.option("--url", "urls", multiple=True, help="A profile URL, e.g. LinkedIn (repeatable)."),
        click.option("--org", help="Organisation."),
        click.option("--role", help="Role or title."),
        click.option("--birthday", callback=_birthday, metavar="YYYY-MM-DD|--MM-DD", help="Birthday, with or without the year."),
        click.option("--met", help="How you met, or other context."),
        click.option("--language", callback=parse_with(normalize_language), help="The language drafts for them are written in (en, de; \"\" for your default)."),
        click.option("--ask-about", help="Something to ask about next time (\"\" clears it)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _change(birthday: PartialDate | None, fields: dict[str, Any]) -> PersonChange:
    """The options given, as a change: new values replace, tags and channels are added."""
    change = PersonChange()
    for key in ("org", "role", "met", "ask_about", "language", "rhythm"):
        if fields.get(key) is not None:
            change.set[key] = fields[key].strip() if key != "rhythm" else fields[key]
    for key in ("tags", "emails", "phones", "urls"):
        if fields.get(key):
            change.add[key] = list(fields[key])
    if birthday is not None:
        change.set["birthday"] = birthday
    return change


@main.command()
@click.argument("name")
@contact_options
@pass_env
def add(env: Env, name: str, birthday: PartialDate | None, **fields: Any) -> None:
    """Add a person to your network."""
    moment = env.moment
    env.apply(lambda network: add_person(network, moment, name, _change(birthday, fields)))


@main.command()
@click.argument("name")
@contact_options
@click.option("--rename", help="A new name.")
@click.option("--archive/--unarchive", default=None, help="Archive (hide) or bring back.")
@pass_env
def edit(env: Env, name: str, birthday: PartialDate | None, rename: str | None, archive: bool | None, **fields: Any) -> None:
    """Change a person: new values replace, tags and channels are added."""
    change = _change(birthday, fields)
    if rename is not None:
        change.set["name"] = rename
    if archive is not None:
        change.set["archived"] = archive
    moment = env.moment
    env.apply(lambda network: edit_person(network, moment, find_person(network, name).id, change))


def _last_touches(network: Network) -> dict[str, date]:
    """Each person's latest touch date, in one pass over all touches."""
    last: dict[str, date] = {}
    for t in network.touches:
        if t.date > last.get(t.contact_id, date.min):
            last[t.contact_id] = t.date
    return last


@main.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def show(env: Env, name: str, as_json: bool) -> None:
    """Everything about one person."""
    network = env.store.network()
    contact = find_contact(network, name)
    dues = due_dates(network, env.settings, env.today)
    touches = sorted((t for t in network.touches if t.contact_id == contact.id), key=lambda t: t.date, reverse=True)
    promises = [p for p in network.promises if p.contact_id == contact.id]
    occasions = [o for o in network.occasions if o.contact_id == contact.id]
    if as_json:
        data = contact.to_dict()
        data["next_due"] = iso(dues.next_due(contact))
        data["touches"] = [
            {k: t.to_dict()[k] for k in ("date", "kind", "direction", "note", "asked", "gave", "awaiting_reply")}
            for t in touches
        ]
        data["promises"] = [{"text": p.text, "due": iso(p.due), "done": p.done} for p in promises]
        data["occasions"] = [{"kind": o.kind, "date": o.when.isoformat(), "label": o.label, "yearly": o.yearly} for o in occasions]
        data["balance"] = balance(network, contact)
        echo_json(data)
        return
    card = person_card(contact, today=env.today, dues=dues, touches=touches, promises=promises, occasions=occasions)
    lines = [card.name] + ([f"  {card.work}"] if card.work else []) + (["  Archived"] if card.archived else [])
    width = max((len(label) for label, _ in card.rows), default=0) + 1
    for label, value in card.rows:
        lines.append(f"  {(label + ':') if label else '':<{width}} {value}")
    if contact.notes:
        lines.append("  Notes:")
        lines.extend(f"    {line}" for line in contact.notes.strip().splitlines())
    groups = together([t for t in network.touches if t.group], {c.id: c.name for c in network.contacts})
    for t in touches[:10]:
        flags = touch_flags(t)
        others = [name for name in groups.get(t.group, []) if name != contact.name]
        flags += [f"with {and_list(others)}"] if others else []
        lines.append(f"  {t.date} {t.kind}" + (f" ({', '.join(flags)})" if flags else "") + (f": {t.note}" if t.note else ""))
    say("\n".join(lines))


@main.command("list")
@click.option("--tag", help="Only people with this tag.")
@click.option("--archived", is_flag=True, help="Include archived people.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def list_(env: Env, tag: str | None, archived: bool, as_json: bool) -> None:
    """Everyone in your network, by name."""
    network = env.store.network()
    people = sorted(network.contacts, key=lambda c: name_order(c.name))
    if not archived:
        people = [c for c in people if not c.archived]
    if tag:
        people = [c for c in people if tag.casefold() in (t.casefold() for t in c.tags)]
    dues = due_dates(network, env.settings, env.today)
    if as_json:
        last = _last_touches(network)
        echo_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "org": c.org,
                    "tags": c.tags,
                    "rhythm": c.rhythm,
                    "last_touch": iso(last.get(c.id)),
                    "next_due": iso(dues.next_due(c)),
                    "snoozed_until": iso(c.snoozed_until),
                    "archived": c.archived,
                }
                for c in people
            ]
        )
        return
    if not people:
        say("Nobody here yet. Add someone with `keepintouch add NAME --rhythm monthly`.")
        return
    width = min(32, max(cell_width(c.name) for c in people))
    # One write for the whole list: 10,000 separate echoes cost a tenth of its time.
    say("\n".join(f"{fit(c.name, width)}  {fit(c.org, 24)}  {dues.state(c)}" for c in people))
