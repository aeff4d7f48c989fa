"""Finding, adding and changing people.

Edits are changes, not copies: a form or a command says which fields it
changes (`PersonChange`), and `edit_person` applies exactly those to the
newest stored person, so what another process changed meanwhile survives.
A form also says what it showed (`seen`); when a field it changes was
changed elsewhere since, the later save wins and the confirmation says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from keepintouch.actions.base import ActionError, Moment, Outcome
from keepintouch.domain.history import touch_groups
from keepintouch.domain.model import Contact, Network, Occasion, PartialDate
from keepintouch.domain.names import folded
from keepintouch.domain.safe_text import clean_line, clean_text
from keepintouch.domain.timespec import rhythm_label
from keepintouch.engine.queue import first_due_for_new

#: Fields a change may set to a new value.
SCALAR_FIELDS = ("name", "org", "role", "met", "ask_about", "language", "rhythm", "archived", "birthday")
#: Fields holding lists: a change adds and drops values (case-insensitive).
LIST_FIELDS = ("tags", "emails", "phones", "urls", "topics")
#: How a field is named in a confirmation.
FIELD_WORDS = {
    "name": "name",
    "org": "organisation",
    "role": "role",
    "met": "how you met",
    "ask_about": "ask-about note",
    "language": "language",
    "rhythm": "rhythm",
    "archived": "archived state",
    "birthday": "birthday",
}


def clean_name(text: str) -> str:
    """A name as stored: no control characters, inner runs of white space made one space."""
    return " ".join(clean_line(text).split())


#: How typed text is cleaned on the way in, per field (`domain.safe_text`): names and
#: single lines lose line breaks and control characters, notes keep their lines.
_CLEAN = {"name": clean_name, "org": clean_line, "role": clean_line, "met": clean_text, "ask_about": clean_line}


def find_person(network: Network, name: str) -> Contact:
    """Resolve NAME: an exact name, else a unique prefix, else a unique part (case and accents ignored).

    Several matches: an `ActionError` listing them, so the user can type a little more.
    """
    wanted = folded(name.strip())
    keyed = [(folded(c.name), c) for c in network.contacts]
    for matches in (
        lambda key: key == wanted,
        lambda key: key.startswith(wanted),
        lambda key: wanted in key,
    ):
        found = [c for key, c in keyed if matches(key)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(sorted((c.name for c in found), key=folded)[:10])
            raise ActionError(f"'{name}' matches {len(found)} people: {names}. Type a little more of the name.")
    raise ActionError(f"Nobody called '{name}'. See `keepintouch list` for names.")


def person(network: Network, contact_id: str) -> Contact:
    """The person with this id in the newest network (they may be gone since the screen was drawn)."""
    found = next((c for c in network.contacts if c.id == contact_id), None)
    if found is None:
        raise ActionError("That person is no longer in your network (changed in another window?).")
    return found


def birthday_of(network: Network, contact_id: str) -> Occasion | None:
    return next((o for o in network.occasions if o.contact_id == contact_id and o.kind == "birthday"), None)


@dataclass
class PersonChange:
    """What a form or command changes about a person, and nothing else.

    `set`: field -> new value (`birthday` is a `PartialDate` or None).
    `add` / `drop`: list field -> values to add / remove.
    `seen`: field -> the value the form showed, to notice changes made elsewhere meanwhile.
    """

    set: dict[str, Any] = field(default_factory=dict)
    add: dict[str, list[str]] = field(default_factory=dict)
    drop: dict[str, list[str]] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.set or any(self.add.values()) or any(self.drop.values()))


def united(old: Iterable[str], add: Iterable[str] = (), drop: Iterable[str] = ()) -> list[str]:
    """Old values without the dropped ones, then new ones not already there (case-insensitive)."""
    dropped = {v.casefold() for v in drop}
    merged: list[str] = []
    seen: set[str] = set()
    for value in [*old, *(v.strip() for v in add)]:
        key = value.casefold()
        if value and key not in seen and key not in dropped:
            seen.add(key)
            merged.append(value)
    return merged


def _check_name(network: Network, name: str, contact_id: str | None) -> str:
    name = clean_name(name)
    if not name:
        raise ActionError("A name is needed.")
    taken = next((c for c in network.contacts if c.id != contact_id and folded(c.name) == folded(name)), None)
    if taken is not None:
        raise ActionError(f"{taken.name} is already in your network: pick another name, or change them instead.")
    return name


def _first_due(network: Network, moment: Moment, contact: Contact) -> Contact:
    """A never-touched person with a rhythm gets a spread-out first due date; a touched one needs none."""
    # The store's touch index answers at once; a pass over every touch cost each add at 10,000 people.
    touched = touch_groups(network).get(contact.id) is not None
    if touched or contact.rhythm == "none":
        return dataclasses.replace(contact, first_due=None)
    return dataclasses.replace(contact, first_due=first_due_for_new(network, moment.settings, moment.today, contact.rhythm))


def _birthday_writes(network: Network, contact_id: str, when: PartialDate | None, outcome: Outcome) -> None:
    old = birthday_of(network, contact_id)
    if when is None and old is not None:
        outcome.remove.append(old)
    elif when is not None and old is None:
        outcome.put.append(Occasion(contact_id, "birthday", when))
    elif when is not None and old is not None and old.when != when:
        outcome.put.append(dataclasses.replace(old, when=when))


def add_person(network: Network, moment: Moment, name: str, change: PersonChange | None = None, *, contact_id: str | None = None) -> Outcome:
    """Add a person (with the default rhythm unless the change sets one)."""
    change = change or PersonChange()
    contact = Contact(name=_check_name(network, change.set.get("name", name), None), rhythm=moment.settings.default_rhythm)
    if contact_id is not None:
        contact.id = contact_id
    contact, _ = _changed(contact, change, None)
    outcome = Outcome(put=[_first_due(network, moment, contact)])
    _birthday_writes(network, contact.id, change.set.get("birthday"), outcome)
    outcome.message = f"Added {contact.name} ({rhythm_label(contact.rhythm).lower()})."
    return outcome


def edit_person(network: Network, moment: Moment, contact_id: str, change: PersonChange) -> Outcome:
    """Apply a change to the newest stored person; the later save wins, and says so."""
    before = person(network, contact_id)
    if "name" in change.set:  # checked against the newest network; the caller's change is left as it was
        change = dataclasses.replace(change, set={**change.set, "name": _check_name(network, change.set["name"], contact_id)})
    birthday = birthday_of(network, contact_id)
    contact, conflicts = _changed(before, change, birthday.when if birthday else None)
    outcome = Outcome()
    if contact.rhythm != before.rhythm:
        contact = _first_due(network, moment, contact)
    if contact != before:
        outcome.put.append(contact)
    if "birthday" in change.set:
        _birthday_writes(network, contact_id, change.set["birthday"], outcome)
    if not outcome.changes:
        outcome.message = f"Nothing to change for {contact.name}."
    elif conflicts:
        words = " and the ".join(FIELD_WORDS[f] for f in conflicts)
        outcome.message = f"Saved {contact.name}; the {words} had also been changed elsewhere."
    else:
        outcome.message = f"Saved {contact.name}."
    return outcome


def _changed(contact: Contact, change: PersonChange, birthday: PartialDate | None) -> tuple[Contact, list[str]]:
    """The contact with the change applied, and the fields changed elsewhere since the form saw them."""
    values: dict[str, Any] = {}
    conflicts: list[str] = []
    for name, value in change.set.items():
        if name not in SCALAR_FIELDS:
            raise ValueError(f"not a field a change can set: {name}")
        current = birthday if name == "birthday" else getattr(contact, name)
        if name in change.seen and change.seen[name] != current and current != value:
            conflicts.append(name)
        if name in _CLEAN:
            value = _CLEAN[name](value).strip()
        if name != "birthday":
            values[name] = value
    for name in {*change.add, *change.drop}:
        if name not in LIST_FIELDS:
            raise ValueError(f"not a list field: {name}")
        added = [clean_line(v) for v in change.add.get(name, ())]
        values[name] = united(getattr(contact, name), added, change.drop.get(name, ()))
    return dataclasses.replace(contact, **values), conflicts


def set_notes(network: Network, contact_id: str, text: str) -> Outcome:
    """Replace a person's free notes (the Notes pane's editor)."""
    contact = person(network, contact_id)
    text = clean_text(text)
    if contact.notes == text:
        return Outcome(message="Notes are saved.")
    return Outcome(put=[dataclasses.replace(contact, notes=text)], message="Notes saved.")
