"""Our own JSON format: the whole database, to back up, move or restore.

The shape (format version 1)::

    {
      "format": "keepintouch",          # always this string
      "version": 1,                     # bumped only for incompatible changes
      "exported": "2026-11-23T12:00:00+00:00",
      "contacts":  [Contact.to_dict(), ...],
      "touches":   [Touch.to_dict(), ...],
      "promises":  [Promise.to_dict(), ...],
      "occasions": [Occasion.to_dict(), ...],
      "pauses":    [Pause.to_dict(), ...],
      "days":      [Day.to_dict(), ...]
    }

Each record is its `to_dict()`: the dataclass fields by name, dates as ISO
8601 strings (`YYYY-MM-DD`, a yearless occasion `--MM-DD`), timestamps as ISO
8601 with offset, and an `id` that other records point to (`contact_id`).
Readers ignore keys they do not know and default missing ones, so adding a
field does not need a new version. Settings live in the config file and are
not part of the export.

Importing it into an empty database restores it exactly (same ids and
timestamps; text cleaned of control characters, like any import: see
`person.clean_item`); into a non-empty one, contacts are merged like any import and
the other records are added unless a record with the same id is there.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from keepintouch.domain.model import RECORD_TYPES, Contact, Network, Record
from keepintouch.domain.safe_text import escape_json_controls
from keepintouch.interchange.person import InterchangeError, Person, Skipped

FORMAT = "keepintouch"
VERSION = 1


def export_json(network: Network, now: datetime) -> str:
    """The whole network in the shape above, indented, records in stored order.

    Every control character in the text is escaped (`\\u001b`), so the file is
    safe to show in a terminal and reads back exactly.
    """
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported": now.isoformat()}
    for cls in RECORD_TYPES:
        data[cls.table] = [record.to_dict() for record in getattr(network, cls.table)]
    return escape_json_controls(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"


def looks_native(text: str) -> bool:
    head = text.lstrip()[:4096]
    return head.startswith("{") and '"format"' in head and f'"{FORMAT}"' in head


def read_native(text: str, path: Path) -> Iterator[Person | Skipped | Record]:
    """Contacts as Persons (carrying the record), other records as they are."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InterchangeError(f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError("not a keepintouch JSON export (no \"format\": \"keepintouch\")")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise InterchangeError(f"made by a newer keepintouch (format version {version}); update keepintouch to import it")
    for cls in RECORD_TYPES:
        rows = data.get(cls.table) or []
        if not isinstance(rows, list):
            raise InterchangeError(f'"{cls.table}" should be a list')
        for index, row in enumerate(rows):
            try:
                if not isinstance(row, dict):
                    raise ValueError("not an object")
                if cls is Contact:  # people are merged, so their fields must be what merging expects
                    _check_contact(row)
                record = cls.from_dict(row)
            except (TypeError, ValueError, KeyError, AttributeError) as error:
                yield Skipped(path, None, f"{cls.table}[{index}]: {error}")
                continue
            yield _person(record, path) if isinstance(record, Contact) else record


#: What a JSON value of each plain field type must be; dates and the like are
#: checked by parsing them.
_SHAPES: dict[Any, tuple[Callable[[Any], bool], str]] = {
    str: (lambda v: isinstance(v, str), "text"),
    bool: (lambda v: isinstance(v, bool), "true or false"),
    list[str]: (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of text"),
    dict[str, str]: (
        lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        "an object of text",
    ),
}


@functools.cache
def _contact_checks() -> list[tuple[str, Callable[[Any], bool], str]]:
    """(field, test, what it should be) for Contact's plain fields, worked out on first use."""
    hints = typing.get_type_hints(Contact)
    return [(f.name, *_SHAPES[hints[f.name]]) for f in dataclasses.fields(Contact) if hints[f.name] in _SHAPES]


def _check_contact(row: dict[str, Any]) -> None:
    """ValueError naming the first field whose JSON value is of the wrong kind
    ("tags should be a list of text"): a file edited by hand must not put a
    number where the merge expects text."""
    for name, fits, what in _contact_checks():
        if name in row and not fits(row[name]):
            raise ValueError(f"{name} should be {what}")


def _person(contact: Contact, path: Path) -> Person | Skipped:
    if not isinstance(contact.name, str) or not contact.name.strip():
        return Skipped(path, None, f"contact {contact.id} has no name")
    return Person.of_contact(contact, path)
