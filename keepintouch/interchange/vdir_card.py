"""One card of a vdir, read as shared fields and rewritten line by line.

A card in a vdir belongs to the user's address book: their phone, khard or
a CardDAV server wrote it, in its own version (3.0 or 4.0), with its own
UID, parameters, groups, photos and properties we never model. So a sync
does not write the card anew: `rewrite` replaces only the lines of a field
whose value changed (`vcard.line_fields` says which lines those are) and
leaves every other line byte for byte as it was, folding included (REV
aside, which says when the card was last revised). New
lines are written in the card's version (`vcard_export.field_lines`) and
Apple-style groups are numbered after the card's own.

Google's system groups ("myContacts") are no tags of ours, but they decide
where a contact shows on the phone: a changed CATEGORIES line keeps them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from keepintouch.domain.model import Occasion
from keepintouch.interchange.merge import fields_of, merge_occasion
from keepintouch.interchange.person import LABELLED_FIELDS, InterchangeError, Person, clean_item, user_tags
from keepintouch.interchange.vcard import line_fields, read_vcards
from keepintouch.interchange.vcard_export import CARD_FIELDS, DATE_FIELDS, Groups, field_lines, rev_stamp
from keepintouch.interchange.vcard_lines import (
    NEWLINE_RE,
    Property,
    RawCard,
    escape,
    fold,
    logical_lines,
    parse_property,
    split_escaped,
    unescape,
)

_ITEM_RE = re.compile(r"item([0-9]+)", re.IGNORECASE)


def card_person(text: str, path: Path) -> Person | None:
    """The one person a card describes, cleaned as every import is (`clean_item`: a card is
    someone else's text), or None when it holds no readable person."""
    try:
        people = [p for p in read_vcards(text, path) if isinstance(p, Person)]
    except InterchangeError:
        return None
    if not people:
        return None
    clean_item(people[0])  # in place
    return people[0]


def person_values(person: Person) -> dict[str, Any]:
    """A person's shared fields (`CARD_FIELDS` and `labels`), dates as `YYYY-MM-DD` or `--MM-DD`."""
    fields = fields_of(person)
    values: dict[str, Any] = {name: fields.get(name, "") for name in CARD_FIELDS}
    values["name"] = person.name
    shown = {v for name in LABELLED_FIELDS for v in fields[name]}
    values["labels"] = {k: v for k, v in fields["labels"].items() if k in shown}
    dates = yearly_dates(person)
    for kind in DATE_FIELDS:
        values[kind] = next((o.when.isoformat() for o in dates if o.kind == kind), "")
    return values


def yearly_dates(person: Person) -> list[Occasion]:
    """A card's yearly dates by the import's rule (`merge_occasion`): one birthday, a year-less
    date completed by its dated twin, no date twice. Their `contact_id` is still to be set."""
    dates: list[Occasion] = []
    for kind, when, label in person.occasions:
        action, old = merge_occasion(dates, kind, when)
        if action == "new":
            dates.append(Occasion(contact_id="", kind=kind, when=when, label=label))
        elif action == "year" and old is not None:
            dates[dates.index(old)] = dataclasses.replace(old, when=when)
    return dates


@dataclass
class _Line:
    """One property of the card: its physical lines as in the file, and the field it feeds."""

    raw: list[str]
    prop: Property | None = None
    field: str | None = None


def rewrite(text: str, values: dict[str, Any], path: Path, revised: datetime | None = None) -> str:
    """The card with every shared field that differs from `values` rewritten, and nothing else moved.

    Returns `text` itself when no field differs. A card with a REV line says
    when it was last revised: `revised`, when given, once a field changed.
    """
    person = card_person(text, path)
    now = person_values(person) if person is not None else {}
    changed = [name for name in CARD_FIELDS if _differs(name, now, values)]
    if not changed:
        return text
    newline = "\r\n" if "\r\n" in text else "\n" if "\n" in text else "\r\n"
    head, lines = _lines(text)
    version = next((ln.prop.value.strip() for ln in lines if ln.prop and ln.prop.name == "VERSION"), "4.0")
    dropped = {ln.prop.group for ln in lines if ln.field in changed and ln.prop and ln.prop.group}
    groups = Groups(max((int(m[1]) for ln in lines if ln.prop and (m := _ITEM_RE.fullmatch(ln.prop.group))), default=0))
    values = {**values, "tags": _system_groups(lines) + list(values.get("tags") or [])}
    out, placed = list(head), set()
    for line in lines:
        if line.prop is not None and line.prop.name == "END":
            out += _written([n for n in changed if n not in placed], values, groups, version)
            placed.update(changed)
        if line.field in changed:
            if line.field not in placed:
                out += _written([line.field], values, groups, version)
                placed.add(line.field)
            continue
        if line.field is None and line.prop is not None and line.prop.group in dropped:
            continue  # the label of a line we replaced
        if revised is not None and line.prop is not None and line.prop.name == "REV":
            out.append(f"REV:{rev_stamp(revised)}")
            continue
        out += line.raw
    return newline.join(out)


def _differs(name: str, now: dict[str, Any], values: dict[str, Any]) -> bool:
    mine, theirs = values.get(name) or None, now.get(name) or None  # "", [] and no value are all nothing
    if mine != theirs:
        return True
    if name not in LABELLED_FIELDS:
        return False
    labels_now, labels_mine = now.get("labels") or {}, values.get("labels") or {}
    return any(labels_now.get(v, "") != labels_mine.get(v, "") for v in mine or [])


def _written(names: list[str], values: dict[str, Any], groups: Groups, version: str) -> list[str]:
    """New content lines for fields, folded, as lines without their line ends."""
    folded = "".join(fold(line) for name in names for line in field_lines(name, values, groups, version))
    return folded.split("\r\n")[:-1]


def _lines(text: str) -> tuple[list[str], list[_Line]]:
    """The card's physical lines before its first property, and its properties with their physical lines.

    A property's physical lines run to the next property's first line, so
    folds, quoted-printable soft breaks and a photo's base64 stay whole.
    """
    physical = NEWLINE_RE.split(text)
    starts = list(logical_lines(text))
    lines = []
    for i, (number, logical) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(physical)
        lines.append(_Line(physical[number - 1 : end], parse_property(logical, number)))
    fields = iter(line_fields(RawCard(0, [ln.prop for ln in lines if ln.prop is not None])))
    for line in (ln for ln in lines if ln.prop is not None):
        line.field = next(fields)
    head = physical[: starts[0][0] - 1] if starts else physical
    return head, lines


def _system_groups(lines: list[_Line]) -> list[str]:
    """The card's categories that are no user's tags (Google's "myContacts"): kept when tags change."""
    names = [
        unescape(part).strip()
        for ln in lines
        if ln.prop is not None and ln.field == "tags"
        for part in split_escaped(ln.prop.text(), ",")
    ]
    return [name for name in names if name and not user_tags([name])]


def new_card(values: dict[str, Any], uid: str, path: Path) -> str:
    """A vCard 4.0 card for a person the vdir does not have yet."""
    empty = f"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{escape(uid)}\r\nEND:VCARD\r\n"
    return rewrite(empty, values, path)
