"""The on-disk schema: its version, its expected shape, and how older files are upgraded.

The database is one TinyDB document (a JSON object of tables; each table maps
a numeric document id, as a string, to one record's `to_dict()`), plus a
`_meta` table holding one document `{"schema_version": N}`:

    {"_meta":    {"1": {"schema_version": 3}},
     "contacts": {"1": {"id": "3f9a…", "name": "Ada Lovelace", …}, …},
     "touches":  {…}, "promises": {…}, "occasions": {…}, "pauses": {…}, "days": {…},
     "removed":  {…}}

Since version 3 a record edited after its creation carries per-field change
stamps, and removed records leave tombstones in `removed` (see `stamps.py`).

Keeping the version in a table of its own keeps the file a plain TinyDB
document. A file without `_meta` but with record tables predates versioning
and counts as version 1. Tables we do not know are carried along untouched.

To change the schema: bump `SCHEMA_VERSION`, add `_vN_to_vN+1` to `MIGRATIONS`
(it edits the raw document in place and must not fail on already-converted
records), and check in a fixture of the old shape.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from datetime import datetime
from itertools import repeat
from typing import Any, TypeVar

import orjson

from keepintouch.domain.model import RECORD_TYPES, Occasion, PartialDate, Record
from keepintouch.store.json_file import parse
from keepintouch.store.stamps import NEVER, REMOVED_TABLE, STAMPS_KEY, stamped_fields

R = TypeVar("R", bound=Record)

SCHEMA_VERSION = 3
META_TABLE = "_meta"
VERSION_KEY = "schema_version"

Document = dict[str, Any]

#: What `keepintouch export json` writes as its `format` and `version`
#: (interchange/native_json.py); restoring reads such a file too.
EXPORT_FORMAT = "keepintouch"
EXPORT_VERSION = 1

#: Record class per table name.
TABLES: dict[str, type[Record]] = {cls.table: cls for cls in RECORD_TYPES}


class ShapeError(ValueError):
    """The document is not a keepintouch database; str() is a short reason."""


def version_of(data: Any) -> int:
    """The schema version recorded in a parsed document."""
    if not isinstance(data, dict):
        raise ShapeError("not a keepintouch database (the top level is not a JSON object)")
    meta = data.get(META_TABLE)
    if meta is None:
        return 1 if any(name in data for name in TABLES) else SCHEMA_VERSION
    versions: list[int] = [
        doc[VERSION_KEY]
        for doc in (meta.values() if isinstance(meta, dict) else ())
        if isinstance(doc, dict) and type(doc.get(VERSION_KEY)) is int
    ]
    if len(versions) != 1 or versions[0] < 1:
        raise ShapeError(f"the schema version in '{META_TABLE}' is missing or invalid")
    return versions[0]


def check_ours(data: Any) -> None:
    """Raise `ShapeError` unless `data` says it is a keepintouch database.

    `version_of` takes a document without a `_meta` table or any table of ours
    as a new, empty database, which is right for the file the store starts;
    a file to restore must say more: an empty object or another program's
    TinyDB file would replace everything with nothing.
    """
    if not isinstance(data, dict):
        raise ShapeError("not a keepintouch database (the top level is not a JSON object)")
    if META_TABLE not in data and not any(name in data for name in TABLES):
        raise ShapeError("not a keepintouch database or JSON export (it has none of our tables)")


def with_version(data: Document) -> Document:
    """`data` with its `_meta` table saying it is of the current schema version."""
    data[META_TABLE] = {"1": {VERSION_KEY: SCHEMA_VERSION}}
    return data


def migrate(data: Document, version: int, now: datetime) -> Document:
    """Upgrade a document of an older `version` to `SCHEMA_VERSION`, in place."""
    for step in range(version, SCHEMA_VERSION):
        try:
            MIGRATIONS[step](data, now)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ShapeError(f"could not be upgraded from schema version {step} ({error})") from None
    return with_version(data)


def _v1_to_v2(data: Document, now: datetime) -> None:
    """One `email` → `emails`; `birthday` on the contact → a yearly occasion; `inbound` → `direction`."""
    occasions = data.setdefault(Occasion.table, {})
    next_doc_id = max(map(int, occasions), default=0) + 1
    for contact in data.get("contacts", {}).values():
        email = contact.pop("email", None)
        contact.setdefault("emails", [email] if email else [])
        birthday = contact.pop("birthday", None)
        if not birthday:
            continue
        try:
            when = PartialDate.parse(birthday)
        except ValueError:  # keep what the user wrote rather than lose it
            contact["notes"] = f"{contact.get('notes', '')}\nBirthday: {birthday}".strip()
            continue
        # The id follows from the person's, so that two devices upgrading copies of one file agree.
        occasion = Occasion(contact["id"], "birthday", when, yearly=True, id=f"{contact['id']}-birthday", created=now, updated=now)
        occasions[str(next_doc_id)] = occasion.to_dict()
        next_doc_id += 1
    for touch in data.get("touches", {}).values():
        inbound = touch.pop("inbound", False)
        touch.setdefault("direction", "in" if inbound else "out")


def _v2_to_v3(data: Document, now: datetime) -> None:
    """Per-field change stamps (see `stamps.py`): every field of a record edited since it was
    created is stamped with its `updated`, the closest the old file knows; unedited records
    need none. Without this a field edited before the upgrade would lose to an older value
    from another device's copy."""
    for name, cls in TABLES.items():
        fields, table = stamped_fields(cls), data.get(name, {})
        for doc in table.values() if isinstance(table, dict) else ():  # a bad shape: `check_shape` says why
            if not isinstance(doc, dict):
                continue
            if STAMPS_KEY not in doc and doc.get("updated", NEVER) != doc.get("created", NEVER):
                doc[STAMPS_KEY] = {field: doc["updated"] for field in fields if field in doc}


#: MIGRATIONS[v] upgrades a version-v document to version v+1.
MIGRATIONS: dict[int, Callable[[Document, datetime], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def _required_fields(cls: type[Record]) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


_REQUIRED = {name: _required_fields(cls) for name, cls in TABLES.items()}
_REQUIRED_SETS = {name: frozenset(fields) for name, fields in _REQUIRED.items()}
_ID = operator.itemgetter("id")


def check_shape(data: Document) -> None:
    """Raise `ShapeError` unless every record table and the tombstones have the shape we write."""
    for name in TABLES:
        check_table(name, data.get(name, {}))
    check_tombstones(data)


def check_tombstones(data: Document) -> None:
    """Raise `ShapeError` unless the tombstones (`stamps.py`) have the shape we write."""
    table = data.get(REMOVED_TABLE, {})
    if not isinstance(table, dict):
        raise ShapeError(f"table '{REMOVED_TABLE}' is not a JSON object")
    for tomb in table.values():
        if not (
            isinstance(tomb, dict)
            and tomb.get("table") in TABLES
            and isinstance(tomb.get("id"), str)
            and isinstance(tomb.get("at"), str)
            and isinstance(tomb.get("record"), dict)
            and tomb["record"].get("id") == tomb["id"]
        ):
            raise ShapeError(f"a tombstone in '{REMOVED_TABLE}' is not of the shape we write")
        try:
            datetime.fromisoformat(tomb["at"])
        except ValueError:
            raise ShapeError(f"tombstone {tomb['id']!r} has an invalid time {tomb['at']!r}") from None


def check_table(name: str, table: Any) -> None:
    """Raise `ShapeError` unless `table` is a record table of the shape we write.

    Cheap structural checks only (objects, numeric document ids, unique string
    record ids, required fields present): values are checked when records are
    decoded, which the store does lazily.
    """
    if not isinstance(table, dict):
        raise ShapeError(f"table '{name}' is not a JSON object")
    if not _looks_right(name, table):
        _find_fault(name, table)


def _looks_right(name: str, table: dict[Any, Any]) -> bool:
    """The same checks over the whole table at once, each a C-level pass (100,000 touches
    take milliseconds); False when any fails, and `_find_fault` says which, in order."""
    docs = table.values()
    try:
        keys = "".join(table)  # TypeError unless every document id is a str
        ids = list(map(_ID, docs))  # KeyError or TypeError unless each is an object with an id
        complete = all(map(operator.ge, map(dict.keys, docs), repeat(_REQUIRED_SETS[name])))
    except (KeyError, TypeError):
        return False
    return (
        complete
        and keys.isascii()
        and keys.isdigit()
        and "" not in table
        and set(map(type, docs)) == {dict}
        and set(map(type, ids)) <= {str}
        and len(set(ids)) == len(ids)
    )


def _find_fault(name: str, table: dict[Any, Any]) -> None:
    """Raise the `ShapeError` for the first record that is not of the shape we write."""
    required = _REQUIRED[name]
    seen: set[str] = set()
    for doc_id, doc in table.items():
        if not (doc_id.isascii() and doc_id.isdigit()):
            raise ShapeError(f"table '{name}' has a non-numeric document id {doc_id!r}")
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
            raise ShapeError(f"document {doc_id} in '{name}' is not a record with an id")
        if doc["id"] in seen:
            raise ShapeError(f"two records in '{name}' share the id {doc['id']!r}")
        seen.add(doc["id"])
        if not all(key in doc for key in required):
            missing = ", ".join(key for key in required if key not in doc)
            raise ShapeError(f"record {doc['id']!r} in '{name}' lacks {missing}")


# --------------------------------------------------------------------------
# A file's content, checked


def parsed(content: bytes) -> Any:
    """A file's JSON value. Empty content raises `ShapeError`: what an empty
    database file means depends on where it is (see `database.py`), so the
    caller decides before."""
    if not content.strip():
        raise ShapeError("the file is empty (0 bytes)" if not content else "the file holds nothing but blank space")
    try:
        return parse(content)
    except orjson.JSONDecodeError as error:
        raise ShapeError(f"not valid JSON ({error})") from None


def parse_document(content: bytes) -> tuple[Document, int]:
    """A database file's content parsed: (document, schema version)."""
    data = parsed(content)
    return data, version_of(data)


def decode_record(cls: type[R], doc: Document) -> R:
    """One stored document as its record; `ShapeError` naming it when it does not decode."""
    try:
        return cls.from_dict(doc)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ShapeError(f"record {doc.get('id')!r} in '{cls.table}' is invalid ({error})") from None


def checked(content: bytes, now: datetime, *, decode: bool) -> Document:
    """A database file's content as a current-version document; `decode` checks every record."""
    return current_document(parsed(content), now, decode=decode)


def current_document(data: Any, now: datetime, *, decode: bool) -> Document:
    """A parsed database file as a current-version document; `decode` checks every record.

    Only a file that says it is a keepintouch database passes (`check_ours`).
    """
    check_ours(data)
    document: Document = data
    version = version_of(document)
    if version > SCHEMA_VERSION:
        raise ShapeError(f"written by a newer keepintouch (data version {version})")
    if version < SCHEMA_VERSION:
        migrate(document, version, now)
    check_shape(document)
    if decode:
        for name, cls in TABLES.items():
            for doc in document.get(name, {}).values():
                decode_record(cls, doc)
    return document
