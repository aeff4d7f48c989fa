"""When each field of a stored record last changed, and what was removed when.

Two devices that change one database between syncs leave two versions of
it. To merge them field by field (`merge.py`), each stored record carries a
change stamp per field: `"stamps": {field: ISO time}`. To keep files small, a
field missing from `stamps` changed last when the record was `created`, so
a record never edited since it was made carries no stamps at all (most
touches). The store stamps the fields a `put` changes with the transaction's
time (the injected clock), never the fields it leaves as they were.

A removed record leaves a tombstone in the `removed` table: the table and id,
when it was removed, and the record as it was (so a merge can tell whether
a change made elsewhere is newer than the removal, and so nothing the user
wrote is thrown away). Pure functions over documents: no I/O here.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from keepintouch.domain.model import UNSAVED, Record

#: The table of tombstones: {"table", "id", "at", "record"} per removed record.
REMOVED_TABLE = "removed"
STAMPS_KEY = "stamps"
#: Fields about the record rather than of it: never stamped.
_META_FIELDS = frozenset({"id", "created", "updated"})

Doc = dict[str, Any]
#: The `created` of a record document that lacks one (as `Record.from_dict` reads it).
NEVER = UNSAVED.isoformat()


def stamped_fields(cls: type[Record]) -> tuple[str, ...]:
    """The fields of a record type that carry change stamps, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _META_FIELDS)  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def moment(stamp: str) -> datetime:
    """A stamp as a time, for comparing stamps written with different UTC offsets."""
    return datetime.fromisoformat(stamp)


def stamp_of(doc: Doc, name: str) -> str:
    """When `doc`'s field `name` last changed."""
    stamps = doc.get(STAMPS_KEY)
    if stamps and name in stamps:
        return str(stamps[name])
    return str(doc.get("created", NEVER))


def stamp_put(old: Doc | None, new: Doc, fields: tuple[str, ...], at: str) -> Doc:
    """`new` (a record's `to_dict()`) with its stamps: the fields that differ from `old` get `at`.

    A change replaces the value it saw, so its stamp is always later than
    that value's, even within one clock tick (the clock has whole seconds, and
    a fixed `--today` only one time a day): otherwise an edit made right after
    a record's creation would tie with the unedited copy on another device.
    A new record (`old` None) needs none: its fields date from its `created`.
    """
    if old is None:
        return new
    stamps = dict(old.get(STAMPS_KEY) or {})
    when = moment(at)
    for name in fields:
        if new.get(name) != old.get(name):
            seen = moment(stamp_of(old, name))
            stamps[name] = at if when > seen else (seen + timedelta(microseconds=1)).isoformat()
    if stamps:
        new[STAMPS_KEY] = stamps
    return new


def recreated(new: Doc, fields: tuple[str, ...], at: str) -> Doc:
    """A record put again after its removal: every field is as new as the put."""
    new[STAMPS_KEY] = dict.fromkeys(fields, at)
    return new


def tombstone(table: str, old: Doc, at: str) -> Doc:
    """What stays of a record removed at `at`: the record itself, kept beside the removal."""
    return {"table": table, "id": old["id"], "at": at, "record": old}


def newest_stamp(doc: Doc, fields: tuple[str, ...]) -> datetime:
    """The time of the latest change to any field of `doc`."""
    return max((moment(stamp_of(doc, name)) for name in fields), default=moment(str(doc.get("created", NEVER))))
