"""Two-way sync with a vdir: a folder with one `.vcf` card per contact.

A vdir is what vdirsyncer syncs with CardDAV servers and what khard reads.
The sync is planned here without touching the database: `read_folder`
reads the cards and the sync state, `plan_sync` compares them with the
network, and `write_cards` writes what changed (each file atomically, and
only a file whose content changes).

The state, `DIR/.keepintouch-sync.json`, holds per card UID the contact id,
the hash of the card as last written or read, and the address-book fields
as last synced. A card whose hash moved was edited in the vdir; a person
whose fields differ from the synced ones was edited here. Both edited the
same field: the newer change wins (the field's change stamp in the store
against the card file's mtime) and the other value is kept in the person's notes.

Only address-book fields travel (`SYNCED`); touches, notes, rhythm and
promises never leave the database. Properties we do not model (a phonetic
name, a photo, the card's own NOTE) stay in the card when we rewrite it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from keepintouch.domain.model import Contact, Network
from keepintouch.domain.phrasing import plural
from keepintouch.interchange.merge import Index, fields_of
from keepintouch.interchange.person import InterchangeError, Person
from keepintouch.interchange.vcard import read_vcards
from keepintouch.interchange.vcard_export import vcard
from keepintouch.interchange.vcard_lines import fold, logical_lines, parse_property
from keepintouch.store.json_file import atomic_write

STATE_NAME = ".keepintouch-sync.json"
#: The fields a card and a person share, compared one by one.
SYNCED = ("name", "org", "role", "nickname", "emails", "phones", "urls", "addresses", "labels")
#: Properties we write from the person; every other line of a card is kept as it is.
_MODELED = frozenset({"BEGIN", "END", "VERSION", "UID", "FN", "N", "NICKNAME", "ORG", "TITLE", "EMAIL", "TEL", "URL", "ADR", "REV"})
#: Ids that may name a file as they are (an id from someone's JSON could hold a "/").
_SAFE_ID_RE = re.compile(r"[A-Za-z0-9_-]+")
_APPLE_GROUP_RE = re.compile(r"item[0-9]+")
_UID_RE = re.compile(r"^UID[;:]", re.IGNORECASE)
#: When a person's field last changed: (contact, field name) -> time.
ChangedAt = Callable[[Contact, str], datetime]
_FIELD_WORDS = {"role": "title", "emails": "e-mails", "phones": "phones", "urls": "web pages", "addresses": "addresses"}


@dataclass(frozen=True)
class Card:
    """One `.vcf` file as read: its bytes and when it last changed."""

    path: Path
    content: bytes
    mtime: datetime

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Folder:
    """A vdir as read: its cards by file name and the state of the last sync."""

    path: Path
    cards: dict[str, Card]
    state: dict[str, Any]


@dataclass
class SyncPlan:
    """What one sync changes: people to put, files to write, and the lines that say so."""

    put: list[Contact] = field(default_factory=list)
    writes: dict[Path, bytes] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    archived: int = 0
    conflicts: list[str] = field(default_factory=list)
    #: Cards without a readable person (no name at all): left as they are.
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{plural(n, word)} {done}"
            for n, word, done in (
                (len(self.writes), "card", "written"),
                (self.added, "person", "taken in"),
                (self.updated, "person", "updated"),
                (self.archived, "person", "archived"),
                (len(self.skipped), "card", "without one named person left as it is"),
            )
            if n
        ]
        return "Address book in step: " + (", ".join(parts) if parts else "nothing changed") + "."


def read_folder(path: Path) -> Folder:
    """The cards of a vdir and its sync state; a missing folder is an error that says what to do."""
    if not path.is_dir():
        raise InterchangeError(f"{path} is not a folder: give the vdir folder (one .vcf file per contact)")
    cards = {}
    for file in sorted(path.glob("*.vcf")):
        stat = file.stat()
        cards[file.name] = Card(file, file.read_bytes(), datetime.fromtimestamp(stat.st_mtime, UTC))
    state_file = path / STATE_NAME
    try:
        state = json.loads(state_file.read_text("utf-8")) if state_file.exists() else {}
    except (ValueError, OSError) as error:
        raise InterchangeError(f"cannot read {state_file} ({error}): move it away to sync from scratch") from None
    return Folder(path, cards, state if isinstance(state, dict) else {})


def synced_fields(contact: Contact) -> dict[str, Any]:
    """The address-book fields of a contact, as the state keeps them (labels of synced values only)."""
    values = {name: getattr(contact, name) for name in SYNCED}
    shown = set(contact.emails) | set(contact.phones) | set(contact.addresses)
    values["labels"] = {k: v for k, v in contact.labels.items() if k in shown}
    copied: dict[str, Any] = json.loads(json.dumps(values))
    return copied


def _card_person(card: Card) -> Person | None:
    """The person a card describes, or None when it holds no readable person."""
    text = card.content.decode("utf-8", "replace")
    try:
        people = [p for p in read_vcards(text, card.path) if isinstance(p, Person)]
    except InterchangeError:
        return None
    return people[0] if people else None


def _fields_of(person: Person) -> dict[str, Any]:
    """The synced fields of a person read from a card."""
    values = {"name": person.name, **{k: v for k, v in fields_of(person).items() if k in SYNCED}}
    copied: dict[str, Any] = json.loads(json.dumps(values))
    return copied


def _uid(card: Card) -> str:
    for _, line in logical_lines(card.content.decode("utf-8", "replace")):
        if _UID_RE.match(line):
            return line.partition(":")[2].strip()
    return card.path.stem


def _kept_lines(card: Card | None) -> list[str]:
    """The lines of a card we do not model, to keep when we rewrite it (groups renamed apart from ours)."""
    if card is None:
        return []
    props = [(line, parse_property(line, n)) for n, line in enumerate(_unfolded(card.content.decode("utf-8", "replace")))]
    ours = {p.group for _, p in props if p and p.group and p.name in _MODELED}
    kept = []
    for line, prop in props:
        if prop is None or prop.name in _MODELED or (prop.group and prop.group in ours):
            continue
        kept.append(f"x{line}" if _APPLE_GROUP_RE.fullmatch(prop.group) else line)
    return kept


def _unfolded(text: str) -> list[str]:
    """Content lines with folding undone and nothing dropped (a photo's base64 stays whole)."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\r|\n", text):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw)
    return lines


def render(contact: Contact, card: Card | None) -> bytes:
    """The person's card: their address-book fields, and the lines of the old card we do not model."""
    shown = dataclasses.replace(contact, notes="", met="", topics=[], tags=[], handles={}, related=[])
    text = vcard(shown, [])
    head, _, _ = text.rpartition("END:VCARD")
    head = "".join(line + "\r\n" for line in head.split("\r\n") if line and not line.startswith("REV:"))
    return (head + "".join(fold(line) for line in _kept_lines(card)) + "END:VCARD\r\n").encode("utf-8")


def plan_sync(network: Network, folder: Folder, today: date, changed_at: ChangedAt | None = None) -> SyncPlan:
    """Compare the vdir with the network: what each side changed since the last sync, carried across.

    `changed_at(contact, field)` says when a person's field last changed (the
    store's change stamp); without it, the person's last change of any field.
    """
    when = changed_at or _last_change
    plan = SyncPlan()
    cards = folder.state.get("cards")
    known: dict[str, Any] = {
        uid: entry
        for uid, entry in (cards.items() if isinstance(cards, dict) else [])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }
    by_id = {c.id: c for c in network.contacts}
    by_uid = {_uid(card): card for card in folder.cards.values()}
    index = Index(c for c in network.contacts if c.id not in {e["id"] for e in known.values()})
    for uid, card in sorted(by_uid.items()):
        if card.content.upper().count(b"BEGIN:VCARD") != 1:
            plan.skipped.append(card.path.name)  # several people in one file is no vdir card: never rewritten
            continue
        entry = known.get(uid)
        contact = by_id.get(entry["id"]) if entry else None
        if contact is not None and entry is not None:
            _carry(plan, uid, contact, card, entry, today, when)
            continue
        person = _card_person(card)
        if person is None:
            plan.skipped.append(card.path.name)
            continue
        match = index.find(person)
        if match is not None and not any(e["id"] == match.id for e in plan.state.values()):
            # Known here but never synced (or the state was lost): every field that differs is a conflict.
            _carry(plan, uid, match, card, {"id": match.id, "hash": "", "fields": {}}, today, when)
            continue
        values = _fields_of(person)
        contact = Contact(name=values.pop("name"), rhythm="none", **values)
        plan.put.append(contact)
        plan.added += 1
        plan.state[uid] = {"id": contact.id, "hash": card.digest, "fields": synced_fields(contact)}
    linked = {entry["id"] for entry in plan.state.values()}
    for uid, entry in sorted(known.items()):
        contact = by_id.get(entry["id"])
        if uid in by_uid or contact is None:
            continue
        linked.add(contact.id)  # deleted in the vdir: never written back
        if not contact.archived:
            plan.put.append(dataclasses.replace(contact, archived=True))
            plan.archived += 1
    for contact in sorted(network.contacts, key=lambda c: c.id):
        if contact.archived or contact.id in linked:
            continue
        uid = f"contact-{contact.id}@keepintouch"
        stem = uid if _SAFE_ID_RE.fullmatch(contact.id) else hashlib.sha256(uid.encode()).hexdigest()[:24]
        content = render(contact, None)
        plan.writes[folder.path / f"{stem}.vcf"] = content
        plan.state[uid] = {"id": contact.id, "hash": hashlib.sha256(content).hexdigest(), "fields": synced_fields(contact)}
    return plan


def _carry(
    plan: SyncPlan, uid: str, contact: Contact, card: Card, entry: dict[str, Any], today: date, when: ChangedAt
) -> None:
    """Carry one linked pair's changes both ways, field by field."""
    base: dict[str, Any] = entry.get("fields") or {}
    mine = synced_fields(contact)
    person = None if card.digest == entry.get("hash") else _card_person(card)
    theirs = base if person is None else _fields_of(person)
    merged = dict(mine)
    notes: list[str] = []
    for name in SYNCED:
        was, here, there = base.get(name), mine[name], theirs.get(name)
        if there == was or there == here:
            continue
        if name not in base and not there:
            continue  # never synced: an empty card field takes nothing away
        if name not in base and not here:
            merged[name] = there
            continue
        if here == was or card.mtime > when(contact, name):
            merged[name] = there
            if here != was:
                notes.append(_kept_note(name, here, "kept here", today))
        else:
            notes.append(_kept_note(name, there, "from the address book", today))
    changes = {k: v for k, v in merged.items() if v != mine[k]}
    if notes:
        changes["notes"] = "\n".join(filter(None, [contact.notes, *notes]))
        plan.conflicts += [f"{contact.name}: {line}" for line in notes]
    if changes:
        contact = dataclasses.replace(contact, **changes)
        plan.put.append(contact)
        plan.updated += 1
    content = render(contact, card)
    if merged != theirs and content != card.content:
        plan.writes[card.path] = content
    digest = hashlib.sha256(plan.writes.get(card.path, card.content)).hexdigest()
    plan.state[uid] = {"id": contact.id, "hash": digest, "fields": synced_fields(contact)}


def _last_change(contact: Contact, name: str) -> datetime:
    return contact.updated


def _kept_note(name: str, value: Any, source: str, today: date) -> str:
    shown = ", ".join(value) if isinstance(value, list) else json.dumps(value) if isinstance(value, dict) else str(value)
    word = _FIELD_WORDS.get(name, name)
    return f"{source.capitalize()} on {today.isoformat()}: {word} was {shown or '(empty)'}"


def write_cards(folder: Folder, plan: SyncPlan) -> None:
    """Write the changed cards (each atomically) and then the new state; nothing else moves."""
    for path, content in sorted(plan.writes.items()):
        atomic_write(path, content)
    state = json.dumps({"version": 1, "cards": plan.state}, indent=1, sort_keys=True).encode("utf-8")
    state_file = folder.path / STATE_NAME
    if not state_file.exists() or state_file.read_bytes() != state:
        atomic_write(state_file, state)
