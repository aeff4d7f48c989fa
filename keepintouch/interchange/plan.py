"""An import as a plan: read every file, decide each record's fate, then write once.

Planning is pure (a network in, a plan out), so the CLI's `--dry-run`, the
real import and the TUI's import dialog share it, and nothing is written
before every file has been read: a file that cannot be read stops the import
with nothing changed. `actions.importing.import_people` then hands the plan
to one store transaction, which is one atomic write.

Imported people get rhythm `none` (an address book is not a to-do list)
unless `--rhythm` says otherwise; those then get first due dates spread by
the rhythm engine, a few a day, counting everyone already due.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from keepintouch.domain.model import Contact, Day, Network, Occasion, PartialDate, Pause, Promise, Record, Settings, Touch, new_id
from keepintouch.engine.queue import first_dues_for_new
from keepintouch.interchange.detect import Item, read_items
from keepintouch.interchange.merge import Index, fields_of, merge, merge_occasion
from keepintouch.interchange.person import Person, Skipped, is_honorific_only, is_profile_url, unite

Batch = tuple[Path, list[Item]]


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked for: `rhythm` and `tags` apply to the imported people."""

    today: date
    now: datetime
    settings: Settings = field(default_factory=Settings)
    rhythm: str = "none"
    tags: tuple[str, ...] = ()
    format: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one person record: "new", "merged" or "unchanged"."""

    action: str
    name: str
    where: str
    changes: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.action == "new":
            return f"add    {self.name}  ({self.where})"
        return f"merge  {self.name}: {', '.join(self.changes)}  ({self.where})"


@dataclass
class ImportPlan:
    """Everything an import would write, and what it would skip.

    `contacts` holds the final version of every new or changed contact by id;
    `records` the occasions (and, from our JSON, touches, promises, pauses,
    days) to put.
    """

    contacts: dict[str, Contact] = field(default_factory=dict)
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    #: (table, id) of the records restored from our JSON exactly as they were
    #: there, timestamps included: they are put without a new `updated`.
    exact: set[tuple[str, str]] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    @property
    def added(self) -> list[Contact]:
        return [self.contacts[i] for i in self.new_ids]

    @property
    def merged(self) -> list[Contact]:
        new = set(self.new_ids)
        return [c for i, c in self.contacts.items() if i not in new]

    @property
    def changes(self) -> bool:
        return bool(self.contacts or self.records)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def summary(self, dry_run: bool = False) -> str:
        """One line: "Imported 312 people: 290 new, 22 merged, 1 skipped (see above)."."""
        people = len(self.outcomes)
        parts = [f"{self.count('new')} new", f"{self.count('merged')} merged"]
        if self.count("unchanged"):
            parts.append(f"{self.count('unchanged')} unchanged")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (see above)")
        verb = "Would import" if dry_run else "Imported"
        text = f"{verb} {people} {'person' if people == 1 else 'people'}: {', '.join(parts)}"
        tables = Counter(record.table for record in self.records.values())
        if tables:
            text += "; " + ("would add " if dry_run else "added ") + ", ".join(_counted(n, t) for t, n in sorted(tables.items()))
        return text + "."


def _counted(n: int, table: str) -> str:
    """"1 occasion", "3 touches": a table name as a counted noun."""
    return f"{n} {table}" if n != 1 else f"{n} {table.removesuffix('es') if table == 'touches' else table.removesuffix('s')}"


def read_batches(paths: Sequence[Path], fmt: str | None = None) -> list[Batch]:
    """Every file's records; raises InterchangeError (nothing read) if one is unusable."""
    return [(path, read_items(path, fmt)[1]) for path in paths]


def plan_import(network: Network, paths: Sequence[Path], options: ImportOptions) -> ImportPlan:
    """Read the files and plan their import into `network` (the TUI's entry point)."""
    return plan_batches(network, read_batches(paths, options.format), options)


def plan_batches(
    network: Network, batches: Iterable[Batch], options: ImportOptions, on_step: Callable[[int], None] | None = None
) -> ImportPlan:
    """Plan the records already read; `on_step(n)` reports progress (for a progress bar)."""
    planner = _ImportPass(network, options)
    for path, items in batches:
        for item in items:
            if isinstance(item, Skipped):
                planner.plan.skipped.append(item)
            elif isinstance(item, Person) and not _identifiable(item):
                why = f"the name is only a title ({item.name}), with no e-mail or profile to tell who it is"
                planner.plan.skipped.append(Skipped(item.path, item.line, why))
            elif isinstance(item, Person):
                planner.person(item)
            else:
                planner.later.append((path, item))
            if on_step:
                on_step(1)
    for path, record in planner.later:
        planner.record(path, record)
    planner.spread_first_dues()
    return planner.plan


def _identifiable(person: Person) -> bool:
    """Whether the person could be found again on the next import: by id, an
    e-mail, a profile URL or a name (a name that is only a title matches
    nobody, so such a person would be added again every time)."""
    if not is_honorific_only(person.name) or person.id or person.emails:
        return True
    return any(is_profile_url(u) for u in person.urls)


class _ImportPass:
    """The state of one planning pass: indexes over the network and what is planned."""

    def __init__(self, network: Network, options: ImportOptions) -> None:
        self.network = network
        self.options = options
        self.plan = ImportPlan()
        self.index = Index(network.contacts)
        self.occasions: dict[str, list[Occasion]] = defaultdict(list)
        for occasion in network.occasions:
            self.occasions[occasion.contact_id].append(occasion)
        self.stored_ids = {t: {r.id for r in getattr(network, t)} for t in ("occasions", "touches", "promises", "pauses", "days")}
        self.stored_occasions = {cid: list(found) for cid, found in self.occasions.items()}
        self.stored_pauses = {(p.start, p.until) for p in network.pauses}
        self.stored_days = {d.date for d in network.days}
        #: Only what was stored before, for matching people from our own exports.
        self.stored = Index(network.contacts)
        self.id_map: dict[str, str] = {}
        self.later: list[tuple[Path, Record]] = []
        self.to_spread: list[str] = []

    # -- people ------------------------------------------------------------

    def person(self, person: Person) -> None:
        found = self._find(person)
        if found is None:
            contact = self._new_contact(person)
            self.plan.new_ids.append(contact.id)
            changes: list[str] = []
            if contact == person.record:
                self.plan.exact.add((contact.table, contact.id))
        else:
            contact, changes = merge(found, person, self.options.tags)
            if changes:
                contact = contact.touched(self.options.now)
                self.plan.exact.discard((contact.table, contact.id))
        if found is None or changes:
            self.plan.contacts[contact.id] = contact
            self.index.add(contact)
        if person.id:
            self.id_map[person.id] = contact.id
        changes += self._occasions(contact.id, person.occasions)
        action = "new" if found is None else "merged" if changes else "unchanged"
        self.plan.outcomes.append(Outcome(action, contact.name, person.where, tuple(changes)))

    def _find(self, person: Person) -> Contact | None:
        """The contact this person is. People from our own exports (they carry
        an id) match stored people only, by id or like others, never each
        other: a restore keeps two people who share an e-mail apart."""
        if person.id is None:
            return self.index.find(person)
        if person.id in self.index.by_id:
            return self.index.by_id[person.id]
        stored = self.stored.find(person)
        return None if stored is None else self.index.by_id[stored.id]

    def _new_contact(self, person: Person) -> Contact:
        """The contact for a new person; those given a rhythm are queued for spreading."""
        rhythm = self.options.rhythm
        if person.record is not None:
            contact = dataclasses.replace(person.record, tags=unite(person.tags, list(self.options.tags)))
            if contact.rhythm != "none" or rhythm == "none":
                return contact
            contact = dataclasses.replace(contact, rhythm=rhythm, first_due=None)
        else:
            now = self.options.now
            fields = fields_of(person, self.options.tags)
            contact = Contact(name=person.name, rhythm=rhythm, id=person.id or new_id(), created=now, updated=now, **fields)
        if rhythm != "none":
            self.to_spread.append(contact.id)
        return contact

    def _occasions(self, contact_id: str, dates: list[tuple[str, PartialDate, str]]) -> list[str]:
        """Plan a person's yearly dates; the kinds that were added or completed."""
        changes = []
        now = self.options.now
        for kind, when, label in dates:
            action, old = merge_occasion(self.occasions[contact_id], kind, when)
            if action == "new":
                occasion = Occasion(contact_id=contact_id, kind=kind, when=when, label=label, created=now, updated=now)
            elif action == "year" and old is not None:
                occasion = dataclasses.replace(old, when=when, updated=now)
            else:
                continue
            self._put_occasion(occasion, old)
            changes.append(kind)
        return changes

    def _put_occasion(self, occasion: Occasion, old: Occasion | None) -> None:
        mine = self.occasions[occasion.contact_id]
        if old is not None:
            mine.remove(old)
        mine.append(occasion)
        self.plan.records[(occasion.table, occasion.id)] = occasion

    # -- other records (our JSON only) -------------------------------------

    def record(self, path: Path, record: Record) -> None:
        """A touch, promise, occasion, pause or day from our JSON, added unless the
        database has it already: the same id, the same pause or day, the same
        yearly date. Only the database counts, not the rest of the file, so a
        restore into an empty database is exact."""
        if record.id in self.stored_ids[record.table]:
            return
        if isinstance(record, Pause):
            if (record.start, record.until) in self.stored_pauses:
                return
        elif isinstance(record, Day):
            if record.date in self.stored_days:
                return  # the day as the user recorded it here wins
        else:
            assert isinstance(record, (Touch, Promise, Occasion)), record
            owner = self.id_map.get(record.contact_id) or (record.contact_id if record.contact_id in self.index.by_id else None)
            if owner is None:
                self.plan.skipped.append(Skipped(path, None, f"{record.table} {record.id}: its contact is in neither the file nor the database"))
                return
            original = record
            record = dataclasses.replace(record, contact_id=owner)
            if isinstance(record, Occasion) and record.yearly:
                action, old = merge_occasion(self.stored_occasions.get(owner, []), record.kind, record.when)
                if action in ("same", "kept"):
                    return
                if old is not None:
                    record = dataclasses.replace(old, when=record.when, updated=self.options.now)
            if record != original:
                self.plan.records[(record.table, record.id)] = record
                return
        self.plan.records[(record.table, record.id)] = record
        self.plan.exact.add((record.table, record.id))

    # -- first due dates -----------------------------------------------------

    def spread_first_dues(self) -> None:
        """Spread the first due dates of new people given a rhythm, in one pass."""
        if not self.to_spread:
            return
        waiting = set(self.to_spread)
        touches = self.network.touches + [r for r in self.plan.records.values() if r.table == "touches"]
        known = [c for c in self.index.by_id.values() if c.id not in waiting]
        network = dataclasses.replace(self.network, contacts=known, touches=touches)  # type: ignore[arg-type]
        rhythms = [self.plan.contacts[i].rhythm for i in self.to_spread]
        dues = first_dues_for_new(network, self.options.settings, self.options.today, rhythms)
        for contact_id, due in zip(self.to_spread, dues, strict=True):
            contact = self.plan.contacts[contact_id]
            self.plan.contacts[contact_id] = dataclasses.replace(contact, first_due=due)
