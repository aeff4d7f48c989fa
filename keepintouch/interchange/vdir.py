"""Two-way sync with a vdir: a folder with one `.vcf` card per contact.

A vdir is what vdirsyncer syncs with CardDAV servers and what khard reads.
The sync is planned here without touching the database: `read_folder`
reads the cards and the sync state, `plan_sync` compares them with the
network, and `write_cards` writes what changed (each file atomically, and
only a file whose content changes).

The state, `DIR/.keepintouch-sync.json`, holds per card UID the contact id,
the hash of the card as last written or read, and the shared fields as
last synced. A card whose hash moved was edited in the vdir; a person
whose fields differ from the synced ones was edited here. Both edited the
same field: the newer change wins (the field's change stamp in the store
against the card file's mtime) and the other value is kept in the person's notes.

Only the fields a card and a person share travel (`SYNCED`: the address-book
fields, tags, and the first birthday and anniversary, which are `Occasion`
records here); touches, notes, rhythm and promises never leave the
database. A card is changed line by line (`vdir_card.rewrite`): what we do
not model stays in it as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from keepintouch.domain.model import Contact, Network, Occasion, PartialDate, Record
from keepintouch.domain.phrasing import plural
from keepintouch.interchange.merge import Index, fields_of
from keepintouch.interchange.person import InterchangeError, Person
from keepintouch.interchange.vcard_export import CARD_FIELDS, DATE_FIELDS, card_values
from keepintouch.interchange.vcard_lines import logical_lines
from keepintouch.interchange.vdir_card import card_person, new_card, person_values, rewrite, yearly_dates
from keepintouch.store.json_file import FileLock, atomic_write

STATE_NAME = ".keepintouch-sync.json"
LOCK_NAME = ".keepintouch-sync.lock"
#: The fields a card and a person share, compared one by one.
SYNCED = (*CARD_FIELDS, "labels")
#: Ids that may name a file as they are (an id from someone's JSON could hold a "/").
_SAFE_ID_RE = re.compile(r"[A-Za-z0-9_-]+")
_UID_RE = re.compile(r"^UID[;:]", re.IGNORECASE)
#: When a field of a record last changed: (contact or occasion, field name) -> time.
ChangedAt = Callable[[Record, str], datetime]
_FIELD_WORDS = {"role": "title", "emails": "e-mails", "urls": "web pages", "related": "related names"}


@dataclass
class Card:
    """One `.vcf` file: when it last changed, and its bytes, read only when needed.

    `stamp` is its mtime (ns) and size. A card whose stamp is the one the
    state recorded after the last sync is unchanged, and is not read at all
    (as git and rsync tell unchanged files): vdirsyncer and khard write a
    changed card as a new file, which moves its mtime.
    """

    path: Path
    mtime: datetime
    stamp: list[int]

    @cached_property
    def content(self) -> bytes:
        """The card's bytes; a card gone while the sync runs (vdirsyncer at work) reads as
        nothing, so it is left alone this time and seen as deleted next time."""
        try:
            return self.path.read_bytes()
        except OSError:
            return b""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


@dataclass
class Folder:
    """A vdir as read: its cards by file name and the state of the last sync."""

    path: Path
    cards: dict[str, Card]
    state: dict[str, Any]


@dataclass
class SyncPlan:
    """What one sync changes: people to put, files to write, and the lines that say so."""

    put: list[Record] = field(default_factory=list)
    remove: list[Record] = field(default_factory=list)
    writes: dict[Path, bytes] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    archived: int = 0
    conflicts: list[str] = field(default_factory=list)
    #: Cards that are not one readable person (several cards, a group, no name): left as they are.
    skipped: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        """Whether the sync changes anything, in the database or in the folder."""
        return bool(self.writes or self.put or self.remove)

    def kept_both(self) -> list[str]:
        """One line per field both sides changed, saying which value was kept where."""
        return [f"Kept both: {line}." for line in self.conflicts]

    def summary(self) -> str:
        parts = [
            f"{plural(n, word)} {done}"
            for n, word, done in (
                (len(self.writes), "card", "written"),
                (self.added, "person", "taken in"),
                (self.updated, "person", "updated"),
                (self.archived, "person", "archived"),
            )
            if n
        ]
        if self.skipped:
            files = ", ".join(self.skipped[:3]) + (", …" if len(self.skipped) > 3 else "")
            parts.append(f"{plural(len(self.skipped), 'card')} left as it is (not one person we can read: {files})")
        return "Address book in step: " + (", ".join(parts) if parts else "nothing changed") + "."


def folder_lock(path: Path) -> FileLock:
    """The lock a sync holds from reading the folder to writing its cards and state.

    The app and a command may sync the same folder at once; each plans from
    the cards and state it read, so the second must read what the first
    wrote, never interleave with it. The lock file sits beside the state,
    where vdirsyncer and khard (which read `.vcf` files only) never look.
    """
    return FileLock(_folder(path) / LOCK_NAME)


def _folder(path: Path) -> Path:
    """The path, when it is a folder; else an error that says what to give."""
    if not path.is_dir():
        raise InterchangeError(f"{path} is not a folder: give the vdir folder (one .vcf file per contact)")
    return path


def folder_time(path: Path) -> int | None:
    """When a card was last added, replaced or removed in the folder (its mtime, in ns), or None
    when it cannot be read. vdirsyncer and khard replace a card by renaming a new file over it,
    which moves this time: one stat tells whether the folder changed, without reading any card."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def read_folder(path: Path, *, emptied: bool = False) -> Folder:
    """The cards of a vdir and its sync state; a missing folder is an error that says what to do.

    A folder with no card left, though the last sync linked some, is an
    error too, unless `emptied` says it was meant: an unmounted disk or a
    sync tool starting afresh looks just like that, and syncing it would
    archive everyone (vdirsyncer refuses an emptied side the same way).
    """
    cards = {}
    with os.scandir(_folder(path)) as entries:
        files = sorted((e for e in entries if e.name.endswith(".vcf") and e.is_file()), key=lambda e: e.name)
    for file in files:
        stat = file.stat()
        cards[file.name] = Card(Path(file.path), datetime.fromtimestamp(stat.st_mtime, UTC), stamp_of(stat))
    state_file = path / STATE_NAME
    try:
        state = json.loads(state_file.read_text("utf-8")) if state_file.exists() else {}
    except (ValueError, OSError) as error:
        raise InterchangeError(f"cannot read {state_file} ({error}): move it away to sync from scratch") from None
    state = state if isinstance(state, dict) else {}
    linked = state.get("cards")
    if not cards and isinstance(linked, dict) and linked and not emptied:
        raise InterchangeError(
            f"{path} holds no card, though {plural(len(linked), 'person')} had one at the last sync; "
            f"if you emptied it on purpose, run `keepintouch vdir-sync {path} --emptied` to archive them"
        )
    return Folder(path, cards, state)


def stamp_of(stat: os.stat_result) -> list[int]:
    return [stat.st_mtime_ns, stat.st_size]


def _uid(card: Card) -> str:
    for _, line in logical_lines(card.text):
        if _UID_RE.match(line):
            return line.partition(":")[2].strip()
    return card.path.stem


def synced_fields(contact: Contact, dates: dict[str, Occasion]) -> dict[str, Any]:
    """The shared fields of a person, as the state keeps them: `dates` are their birthday and anniversary."""
    values = card_values(contact)
    values |= {kind: dates[kind].when.isoformat() if kind in dates else "" for kind in DATE_FIELDS}
    return {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v for k, v in values.items()}


def _first_dates(network: Network) -> dict[str, dict[str, Occasion]]:
    """Per contact id, the first yearly birthday and anniversary (the ones a card holds, as the export writes)."""
    firsts: dict[str, dict[str, Occasion]] = {}
    for occasion in sorted(network.occasions, key=lambda o: (o.created, o.id)):
        if occasion.yearly and occasion.kind in DATE_FIELDS:
            firsts.setdefault(occasion.contact_id, {}).setdefault(occasion.kind, occasion)
    return firsts


def plan_sync(network: Network, folder: Folder, today: date, changed_at: ChangedAt | None = None) -> SyncPlan:
    """Compare the vdir with the network: what each side changed since the last sync, carried across.

    `changed_at(record, field)` says when a field of a person (or of their
    birthday or anniversary, field "when") last changed: the store's change
    stamp; without it, the record's last change of any field.
    """
    sync = _Sync(network, folder, today, changed_at or _last_change)
    plan = sync.plan
    cards = folder.state.get("cards")
    known: dict[str, Any] = {
        uid: entry
        for uid, entry in (cards.items() if isinstance(cards, dict) else [])
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }
    by_id = {c.id: c for c in network.contacts}
    by_file = {entry.get("file"): (uid, entry) for uid, entry in known.items()}
    by_uid = {}
    for card in folder.cards.values():
        uid, entry = by_file.get(card.path.name, ("", {}))
        by_uid[uid if uid and _unchanged(card, entry) else _uid(card)] = card
    linked_before = {e["id"] for e in known.values()}
    index = Index(c for c in network.contacts if c.id not in linked_before)
    for uid, card in sorted(by_uid.items()):
        entry = known.get(uid)
        unchanged = entry is not None and _unchanged(card, entry)
        if not unchanged and card.content.upper().count(b"BEGIN:VCARD") != 1:
            plan.skipped.append(card.path.name)  # several people in one file is no vdir card: never rewritten
            if entry is not None:
                sync.link(uid, entry)  # still their card: no second one is written for them
            continue
        contact = by_id.get(entry["id"]) if entry else None
        if contact is not None and entry is not None:
            sync.carry(uid, contact, card, entry, unchanged)
            continue
        person = card_person(card.text, card.path)
        if person is None:
            plan.skipped.append(card.path.name)
            continue
        match = index.find(person)
        if match is not None and match.id not in sync.linked:
            # Known here but never synced (or the state was lost): every field that differs is a conflict.
            sync.carry(uid, match, card, {"id": match.id, "hash": "", "fields": {}})
            continue
        sync.take_in(uid, person, card)
    linked = sync.linked
    for uid, entry in sorted(known.items()):
        contact = by_id.get(entry["id"])
        if uid in by_uid or contact is None:
            continue
        linked.add(contact.id)  # deleted in the vdir: never written back
        if not contact.archived:
            plan.put.append(dataclasses.replace(contact, archived=True))
            plan.archived += 1
    for contact in sorted(network.contacts, key=lambda c: c.id):
        if not contact.archived and contact.id not in linked:
            sync.write_new(contact)
    return plan


class _Sync:
    """One sync under way: the network, the folder, and the plan being made."""

    def __init__(self, network: Network, folder: Folder, today: date, when: ChangedAt) -> None:
        self.folder = folder
        self.today = today
        self.when = when
        self.dates = _first_dates(network)
        self.plan = SyncPlan()
        #: The ids of the people a card is linked to in the new state.
        self.linked: set[str] = set()

    def link(self, uid: str, entry: dict[str, Any], card: Card | None = None) -> None:
        """Link a card to a person in the new state; `card` as it is on disk (a card the sync
        writes gets its file's stamp once written, see `write_cards`)."""
        if card is not None:
            entry = {**entry, "file": card.path.name, "stamp": card.stamp}
        self.plan.state[uid] = entry
        self.linked.add(entry["id"])

    def take_in(self, uid: str, person: Person, card: Card) -> None:
        """A card we do not know: a new person with no rhythm and all the card says, as an import."""
        contact = Contact(name=person.name, rhythm="none", **fields_of(person))
        dates = [dataclasses.replace(o, contact_id=contact.id) for o in yearly_dates(person)]
        self.plan.put += [contact, *dates]
        self.plan.added += 1
        self.link(uid, {"id": contact.id, "hash": card.digest, "fields": person_values(person)}, card)

    def write_new(self, contact: Contact) -> None:
        """A person the vdir does not have: a new vCard 4.0 card, named by a stable UID."""
        uid = f"contact-{contact.id}@keepintouch"
        stem = uid if _SAFE_ID_RE.fullmatch(contact.id) else hashlib.sha256(uid.encode()).hexdigest()[:24]
        path = self.folder.path / f"{stem}.vcf"
        fields = synced_fields(contact, self.dates.get(contact.id, {}))
        content = new_card(fields, uid, path).encode("utf-8")
        self.plan.writes[path] = content
        self.link(uid, {"id": contact.id, "hash": hashlib.sha256(content).hexdigest(), "fields": fields, "file": path.name})

    def carry(self, uid: str, contact: Contact, card: Card, entry: dict[str, Any], unchanged: bool = False) -> None:
        """Carry one linked pair's changes both ways, field by field (`unchanged`: the card is
        as the last sync left it, so it need not be read)."""
        base: dict[str, Any] = entry.get("fields") or {}
        dates = self.dates.get(contact.id, {})
        mine = synced_fields(contact, dates)
        same = unchanged or card.digest == entry.get("hash")
        person = None if same else card_person(card.text, card.path)
        if person is None and not same:
            self.plan.skipped.append(card.path.name)  # edited into something we cannot read: left as it is
            self.link(uid, entry, card)
            return
        theirs = base if person is None else person_values(person)
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
            if here == was or card.mtime > self._changed(contact, dates, name):
                merged[name] = there
                if here != was:
                    notes.append(_kept_note(name, here, "kept here", self.today))
            else:
                notes.append(_kept_note(name, there, "from the address book", self.today))
        changes = {k: v for k, v in merged.items() if v != mine[k] and k not in DATE_FIELDS}
        if notes:
            changes["notes"] = "\n".join(filter(None, [contact.notes, *notes]))
            self.plan.conflicts += [f"{contact.name}: {line}" for line in notes]
        dated = [kind for kind in DATE_FIELDS if merged[kind] != mine[kind]]
        if changes or dated:
            contact = dataclasses.replace(contact, **changes)
            self.plan.put.append(contact)
            self.plan.updated += 1
            for kind in dated:
                self._set_date(contact, dates.get(kind), kind, merged[kind])
        if merged != theirs:
            content = rewrite(card.text, merged, card.path, revised=contact.updated).encode("utf-8")
            if content != card.content:
                self.plan.writes[card.path] = content
                digest = hashlib.sha256(content).hexdigest()
                self.link(uid, {"id": contact.id, "hash": digest, "fields": merged, "file": card.path.name})
                return
        digest = entry.get("hash", "") if same else card.digest
        self.link(uid, {"id": contact.id, "hash": digest, "fields": merged}, card)

    def _changed(self, contact: Contact, dates: dict[str, Occasion], name: str) -> datetime:
        occasion = dates.get(name)
        return self.when(occasion, "when") if occasion is not None else self.when(contact, name)

    def _set_date(self, contact: Contact, occasion: Occasion | None, kind: str, value: str) -> None:
        """The card's birthday or anniversary, as the person's first one of that kind."""
        if not value:
            if occasion is not None:
                self.plan.remove.append(occasion)
        elif occasion is not None:
            self.plan.put.append(dataclasses.replace(occasion, when=PartialDate.parse(value)))
        else:
            self.plan.put.append(Occasion(contact_id=contact.id, kind=kind, when=PartialDate.parse(value)))


def _unchanged(card: Card, entry: dict[str, Any]) -> bool:
    """Whether a card is the file the last sync left (same name, mtime and size)."""
    return entry.get("file") == card.path.name and entry.get("stamp") == card.stamp


def _last_change(record: Record, name: str) -> datetime:
    return record.updated


def _kept_note(name: str, value: Any, source: str, today: date) -> str:
    shown = ", ".join(value) if isinstance(value, list) else json.dumps(value) if isinstance(value, dict) else str(value)
    word = _FIELD_WORDS.get(name, name)
    return f"{source.capitalize()} on {today.isoformat()}: {word} was {shown or '(empty)'}"


def write_cards(folder: Folder, plan: SyncPlan) -> None:
    """Write the changed cards (each atomically) and then the new state; nothing else moves."""
    written = {entry.get("file"): entry for entry in plan.state.values()}
    for path, content in sorted(plan.writes.items()):
        atomic_write(path, content)
        if path.name in written:
            written[path.name]["stamp"] = stamp_of(path.stat())
    state = orjson.dumps({"version": 1, "cards": plan.state}, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    state_file = folder.path / STATE_NAME
    if not state_file.exists() or state_file.read_bytes() != state:
        atomic_write(state_file, state)
