"""Two versions of one network made into one, record by record and field by field.

Sync tools (Syncthing, Dropbox, Nextcloud, git) keep one version of a file
two devices changed and leave the other beside it. There is no common base
to diff against, so each record carries its own history in small: a change
stamp per field (`stamps.py`). Records are matched by id; a record only one
side has is kept; a record both sides have gets, field by field, the value
changed last. Equal stamps are broken by the values' JSON, so the result
does not depend on which side is "ours". A removal is a tombstone; a record
whose newest change is not later than its removal stays removed, one changed
after it (elsewhere) comes back with everything both sides knew of it.

This makes `merge_documents` a join: idempotent, order-free and associative
(tests/test_sync_merge.py checks all three), so devices that exchange
copies in any order and any number of times end with the same network.
The result is canonical: records ordered by creation, then id, with
document ids counted from 1, so that the file is the same whichever device
wrote it. Pure: documents in, a new document out; the inputs are not changed.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from keepintouch.store.schema import META_TABLE, TABLES, Document, ShapeError, check_tombstones, with_version
from keepintouch.store.stamps import (
    NEVER,
    REMOVED_TABLE,
    STAMPS_KEY,
    Doc,
    moment,
    newest_stamp,
    stamp_of,
    stamped_fields,
)

#: Stamped fields per table.
FIELDS: dict[str, tuple[str, ...]] = {name: stamped_fields(cls) for name, cls in TABLES.items()}
#: Every field per table, in the order `to_dict` writes them.
_ORDER: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    for name, cls in TABLES.items()
}
#: Words for what came in, per table: (one, several).
_WORDS: dict[str, tuple[str, str]] = {
    "contacts": ("person", "people"),
    "touches": ("touch", "touches"),
    "promises": ("promise", "promises"),
    "occasions": ("date", "dates"),
    "pauses": ("pause", "pauses"),
    "days": ("day's note", "days' notes"),
}


@dataclass
class MergeReport:
    """What a merge changed in "our" network, counted per table."""

    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    #: The merged document is not the one we had (stamps or tombstones included).
    differs: bool = False

    @property
    def count(self) -> int:
        return sum(self.added.values()) + sum(self.changed.values()) + sum(self.removed.values())

    def __iadd__(self, other: MergeReport) -> MergeReport:
        self.added += other.added
        self.changed += other.changed
        self.removed += other.removed
        self.differs = self.differs or other.differs
        return self

    def line(self, source: str, *, dry_run: bool = False) -> str:
        """The one line that says what came (or would come) in from `source`."""
        if not self.count:
            return f"Nothing new in {source}; you already have all of it."
        return f"{'Would merge' if dry_run else 'Merged'} {self.summary()} from {source}."

    def summary(self) -> str:
        """'3 touches and 1 person' (what came in, new or changed or removed); '' for nothing."""
        parts = []
        for name in TABLES:
            n = self.added[name] + self.changed[name] + self.removed[name]
            if n:
                one, several = _WORDS.get(name, (name, name))
                parts.append(f"{n} {one if n == 1 else several}")
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return "".join(parts)


def _encoded(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _field_key(doc: Doc, name: str) -> tuple[Any, ...]:
    """How field `name` of `doc` ranks against another version's: later change wins, then JSON."""
    stamp = stamp_of(doc, name)
    return moment(stamp), _encoded(doc.get(name)), stamp


def _time_key(stamp: str) -> tuple[Any, str]:
    return moment(stamp), stamp


def _join(table: str, a: Doc | None, b: Doc) -> Doc:
    """One record from two versions of it: per field the later change, `created` the earliest."""
    if a is None:
        return b
    fields = FIELDS[table]
    values: dict[str, Any] = {}
    stamps: dict[str, str] = {}
    for name in fields:
        present = [doc for doc in (a, b) if name in doc]
        if not present:
            continue
        winner = max(present, key=lambda doc: _field_key(doc, name))
        values[name] = winner[name]
        stamps[name] = stamp_of(winner, name)
    created = min(str(a.get("created", NEVER)), str(b.get("created", NEVER)), key=_time_key)
    updated = max(str(a.get("updated", NEVER)), str(b.get("updated", NEVER)), key=_time_key)
    return _canonical(table, {**values, "id": a["id"], "created": created, "updated": updated}, stamps)


def _canonical(table: str, values: Doc, stamps: dict[str, str]) -> Doc:
    """A record document in `to_dict` order, with the stamps that differ from `created`."""
    doc = {name: values[name] for name in _ORDER[table] if name in values}
    created = str(values.get("created", NEVER))
    kept = {name: stamp for name, stamp in stamps.items() if stamp != created}
    if kept:
        doc[STAMPS_KEY] = kept
    return doc


def _normal(table: str, doc: Doc) -> Doc:
    """One version in the canonical form `_join` produces, so joined and lone records compare alike."""
    stamps = {name: stamp_of(doc, name) for name in FIELDS[table] if name in doc}
    return _canonical(table, doc, stamps)


def _tombstones(data: Document) -> list[Doc]:
    check_tombstones(data)
    return list(data.get(REMOVED_TABLE, {}).values())


def _numbered(docs: list[Doc]) -> dict[str, Doc]:
    return {str(n): doc for n, doc in enumerate(docs, 1)}


def merge_documents(ours: Document, theirs: Document) -> tuple[Document, MergeReport]:
    """The join of two current-version documents, and what it changed in `ours`.

    Raises `ShapeError` for tombstones or stamps we cannot read.
    """
    merged: Document = with_version({})
    unknown = {name for side in (ours, theirs) for name in side} - {*TABLES, REMOVED_TABLE, META_TABLE}
    for name in sorted(unknown):  # tables we do not know travel along; if both differ, one rule picks
        merged[name] = max((side[name] for side in (ours, theirs) if name in side), key=_encoded)
    report = MergeReport()
    tombs_by_table: dict[str, dict[str, list[Doc]]] = {name: {} for name in TABLES}
    our_tombs = _tombstones(ours)
    for tomb in [*our_tombs, *_tombstones(theirs)]:
        tombs_by_table[tomb["table"]].setdefault(tomb["id"], []).append(tomb)
    kept_tombs: list[Doc] = []
    try:
        for name in TABLES:
            live, tombs = _merge_table(name, ours, theirs, tombs_by_table[name], report)
            merged[name] = _numbered(live)
            kept_tombs.extend(tombs)
    except (KeyError, TypeError, ValueError) as error:
        raise ShapeError(f"a record's change stamps cannot be read ({error})") from None
    kept_tombs.sort(key=lambda tomb: (*_time_key(tomb["at"]), tomb["table"], tomb["id"]))
    merged[REMOVED_TABLE] = _numbered(kept_tombs)
    if not report.differs:
        ours_tombs = {(t["table"], t["id"]): t for t in our_tombs}
        report.differs = ours_tombs != {(t["table"], t["id"]): t for t in kept_tombs}
    return merged, report


def _merge_table(
    name: str, ours: Document, theirs: Document, tombs: dict[str, list[Doc]], report: MergeReport
) -> tuple[list[Doc], list[Doc]]:
    """One table merged: (its live records in canonical order, its tombstones)."""
    fields = FIELDS[name]
    our_docs: dict[str, Doc] = {doc["id"]: doc for doc in ours.get(name, {}).values()}
    joined: dict[str, Doc] = {}
    for doc in [*our_docs.values(), *theirs.get(name, {}).values()]:
        joined[doc["id"]] = _join(name, joined.get(doc["id"]), _normal(name, doc))
    kept_tombs: list[Doc] = []
    for id, versions in tombs.items():
        record = None
        for tomb in versions:
            record = _join(name, record, _normal(name, tomb["record"]))
        full = _join(name, record, joined[id]) if id in joined else record
        assert full is not None
        at = max((tomb["at"] for tomb in versions), key=_time_key)
        if newest_stamp(full, fields) > moment(at):
            joined[id] = full  # changed after its removal, elsewhere: it stays
        else:
            joined.pop(id, None)
            kept_tombs.append({"table": name, "id": id, "at": at, "record": full})
    live = sorted(joined.values(), key=lambda doc: (*_time_key(str(doc.get("created", NEVER))), doc["id"]))
    for doc in live:
        old = our_docs.get(doc["id"])
        if old is None:
            report.added[name] += 1
            report.differs = True
        elif old != doc:
            report.differs = True
            if any(old.get(f) != doc.get(f) for f in fields):
                report.changed[name] += 1
    report.removed[name] += len(our_docs.keys() - joined.keys())
    if len(our_docs) != len(joined):
        report.differs = True
    return live, kept_tombs
