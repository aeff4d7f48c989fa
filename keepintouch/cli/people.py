"""Commands about people: add, edit, show, list."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, find_contact, parse_with, pass_env
from keepintouch.cli.output import balance, echo_json, iso, nice_date
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Settings
from keepintouch.domain.timespec import normalize_rhythm, rhythm_label
from keepintouch.engine.queue import due_dates, first_due_for_new, next_due

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
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _unite(old: list[str], new: tuple[str, ...]) -> list[str]:
    """Old values first, then new ones not already there (case-insensitive)."""
    merged = list(old)
    seen = {v.casefold() for v in old}
    for value in new:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            merged.append(value)
    return merged


def _apply(contact: Contact, fields: dict[str, Any]) -> Contact:
    changes: dict[str, Any] = {
        key: fields[key] for key in ("org", "role", "met", "rhythm") if fields.get(key) is not None
    }
    for key in ("tags", "emails", "phones", "urls"):
        if fields.get(key):
            changes[key] = _unite(getattr(contact, key), fields[key])
    return dataclasses.replace(contact, **changes)


def _with_first_due(network: Network, settings: Settings, today: date, contact: Contact) -> Contact:
    """Give a never-touched person with a rhythm a spread-out first due date."""
    touched = any(t.contact_id == contact.id for t in network.touches)
    if touched or contact.rhythm == "none":
        return dataclasses.replace(contact, first_due=None)
    return dataclasses.replace(contact, first_due=first_due_for_new(network, settings, today, contact.rhythm))


def _set_birthday(tx: Any, network: Network, contact: Contact, when: PartialDate) -> None:
    for old in network.occasions:
        if old.contact_id == contact.id and old.kind == "birthday":
            tx.remove(old)
    tx.put(Occasion(contact_id=contact.id, kind="birthday", when=when, yearly=True))


@main.command()
@click.argument("name")
@contact_options
@pass_env
def add(env: Env, name: str, birthday: PartialDate | None, **fields: Any) -> None:
    """Add a person to your network."""
    name = " ".join(name.split())
    if not name:
        raise click.BadParameter("a name is needed", param_hint="NAME")
    with env.store.transaction() as tx:
        network = tx.network()
        if any(c.name.casefold() == name.casefold() for c in network.contacts):
            raise click.ClickException(f"{name} is already in your network. Use `keepintouch edit` to change them.")
        contact = _apply(Contact(name=name, rhythm=env.settings.default_rhythm), fields)
        contact = tx.put(_with_first_due(network, env.settings, env.today, contact))
        if birthday:
            _set_birthday(tx, network, contact, birthday)
    click.echo(f"Added {contact.name} ({rhythm_label(contact.rhythm).lower()}).")


@main.command()
@click.argument("name")
@contact_options
@click.option("--rename", help="A new name.")
@click.option("--archive/--unarchive", default=None, help="Archive (hide) or bring back.")
@pass_env
def edit(env: Env, name: str, birthday: PartialDate | None, rename: str | None, archive: bool | None, **fields: Any) -> None:
    """Change a person: new values replace, tags and channels are added."""
    with env.store.transaction() as tx:
        network = tx.network()
        before = find_contact(network, name)
        contact = _apply(before, fields)
        if rename:
            contact = dataclasses.replace(contact, name=" ".join(rename.split()))
        if archive is not None:
            contact = dataclasses.replace(contact, archived=archive)
        if contact.rhythm != before.rhythm:
            contact = _with_first_due(network, env.settings, env.today, contact)
        if birthday:
            _set_birthday(tx, network, contact, birthday)
        if contact != before or birthday:
            tx.put(contact)
    click.echo(f"Updated {contact.name}.")


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
    due = next_due(network, contact, env.settings, env.today)
    touches = sorted((t for t in network.touches if t.contact_id == contact.id), key=lambda t: t.date, reverse=True)
    promises = [p for p in network.promises if p.contact_id == contact.id]
    occasions = [o for o in network.occasions if o.contact_id == contact.id]
    if as_json:
        data = contact.to_dict()
        data["next_due"] = iso(due)
        data["touches"] = [
            {k: t.to_dict()[k] for k in ("date", "kind", "direction", "note", "asked", "gave", "awaiting_reply")}
            for t in touches
        ]
        data["promises"] = [{"text": p.text, "due": iso(p.due), "done": p.done} for p in promises]
        data["occasions"] = [{"kind": o.kind, "date": o.when.isoformat(), "label": o.label, "yearly": o.yearly} for o in occasions]
        data["balance"] = balance(network, contact)
        echo_json(data)
        return
    lines = [contact.name]
    work = ", ".join(x for x in (contact.role, contact.org) if x)
    if work:
        lines.append(f"  {work}")
    if contact.met:
        lines.append(f"  Met: {contact.met}")
    for label, values in (("Tags", contact.tags), ("E-mail", contact.emails), ("Phone", contact.phones), ("Web", contact.urls), ("Topics", contact.topics)):
        if values:
            lines.append(f"  {label}: {', '.join(values)}")
    rhythm = rhythm_label(contact.rhythm)
    lines.append(f"  Rhythm: {rhythm}" + (f", next around {nice_date(due)}" if due else ""))
    if contact.is_snoozed(env.today):
        lines.append(f"  Snoozed until {nice_date(contact.snoozed_until)}")  # type: ignore[arg-type]
    for o in occasions:
        lines.append(f"  {o.kind.capitalize()}: {o.when}" + (f" — {o.label}" if o.label else ""))
    for p in promises:
        if not p.done:
            lines.append(f"  Promised: {p.text}" + (f" (by {nice_date(p.due)})" if p.due else ""))
    b = balance(network, contact)
    lines.append(f"  Gave {b['gave']} · asked {b['asked']}")
    if contact.notes:
        lines.append("  Notes: " + contact.notes.strip().replace("\n", "\n         "))
    for t in touches[:10]:
        arrow = "←" if t.inbound else "→"
        lines.append(f"  {t.date} {arrow} {t.kind}: {t.note}".rstrip(": "))
    click.echo("\n".join(lines))


@main.command("list")
@click.option("--tag", help="Only people with this tag.")
@click.option("--archived", is_flag=True, help="Include archived people.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def list_(env: Env, tag: str | None, archived: bool, as_json: bool) -> None:
    """Everyone in your network, by name."""
    network = env.store.network()
    people = sorted(network.contacts, key=lambda c: c.name.casefold())
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
        click.echo("Nobody here yet. Add someone with `keepintouch add NAME --rhythm monthly`.")
        return
    width = min(32, max(len(c.name) for c in people))
    for c in people:
        hint = dues.state(c)
        click.echo(f"{c.name:<{width}}  {c.org[:24]:<24}  {hint}")
