"""Turning a file into text, telling its format, and reading it with the right reader.

Detection looks at the content, never the file name (exports get renamed):
1. JSON starting with `{` whose first 4 KB hold `"format": "keepintouch"`: json.
2. A line `BEGIN:VCARD` (any case) in the first 64 KB: vcard (a CSV cell
   holding those words is still a CSV).
3. A CSV row (within the first 50 rows, separated by `,`, `;` or tabs) with
   First Name, Last Name and Connected On: linkedin (checked first: it also
   has "First Name").
4. A CSV row with First Name (or Given Name) and an `E-mail 1 - ...`,
   `Labels` or `Group Membership` column: google.
5. A CSV row with First Name and E-mail Address: outlook (Outlook's export,
   and what Google offers as "Outlook CSV").
6. A CSV row whose first cells are column names a person would type, one of
   them a name (`name`, `Full Name`, `first name`...): csv.
Anything else is refused with a hint to pass `--format`.

Only regular files of at most `MAX_INPUT_BYTES` are read: a pipe would hang
the import and a device like /dev/zero would fill the memory.

Text: a BOM decides (UTF-8, UTF-16); else UTF-8, with undecodable bytes kept
aside (as surrogates) so that a vCard's CHARSET or the CSV reader's
Windows-1252 fallback can read them properly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from keepintouch.domain.model import Record
from keepintouch.interchange.csv_rows import SEPARATORS, head_rows, legacy_text
from keepintouch.interchange.google_csv import is_google_header, read_google_csv
from keepintouch.interchange.linkedin import is_linkedin_header, read_linkedin
from keepintouch.interchange.native_json import looks_native, read_native
from keepintouch.interchange.outlook_csv import is_outlook_header, read_outlook_csv
from keepintouch.interchange.person import InterchangeError, Person, Skipped, clean_item
from keepintouch.interchange.plain_csv import is_plain_header, read_plain_csv
from keepintouch.interchange.vcard import read_vcards
from keepintouch.store.json_file import FileRefused, read_input

Item = Person | Skipped | Record
Reader = Callable[[str, Path], Iterator[Item]]

READERS: dict[str, Reader] = {
    "vcard": read_vcards,
    "linkedin": read_linkedin,
    "google": read_google_csv,
    "outlook": read_outlook_csv,
    "csv": read_plain_csv,
    "json": read_native,
}
#: BEGIN:VCARD on a line of its own, whatever the line ends (CR, LF, CR CR LF) or a BOM before it.
_VCARD_RE = re.compile(r"(?:\A|[\r\n])[ \t\ufeff]*BEGIN:VCARD[ \t]*(?:[\r\n]|\Z)", re.IGNORECASE)
#: CSV kinds in the order they are told apart (the most specific header first).
_CSV_HEADERS: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("linkedin", is_linkedin_header),
    ("google", is_google_header),
    ("outlook", is_outlook_header),
    ("csv", is_plain_header),
)
FORMATS: tuple[str, ...] = tuple(READERS)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "surrogateescape")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")  # a cut-off last character is no reason to refuse the file
    head = data[:512]
    if len(head) >= 4 and head.count(0) * 4 >= len(head):  # UTF-16 without a BOM (old Outlook)
        odd_zeros = head[1::2].count(0)
        return data.decode("utf-16-le" if odd_zeros >= head[::2].count(0) else "utf-16-be", "replace")
    return data.decode("utf-8", "surrogateescape")


def detect_format(text: str) -> str | None:
    """The format name for this content, or None when it is none we read."""
    if looks_native(text):
        return "json"
    if _VCARD_RE.search(text[:65536]):
        return "vcard"
    if "\x00" in text[:4096]:
        return None
    text = legacy_text(text[:262144])
    tables = [head_rows(text, separator) for separator in SEPARATORS]
    for fmt, is_header in _CSV_HEADERS:
        if any(is_header(cells) for rows in tables for cells in rows):
            return fmt
    return None


def read_items(path: Path, fmt: str | None = None) -> tuple[str, list[Item]]:
    """(format, items) of one file; InterchangeError when it cannot be used at all."""
    try:
        text = decode(read_input(path))
    except FileRefused as error:
        raise InterchangeError(str(error)) from None
    except OSError as error:
        raise InterchangeError(f"cannot read {path}: {error.strerror or error}") from None
    fmt = fmt or detect_format(text)
    if fmt is None:
        choices = ", ".join(FORMATS)
        raise InterchangeError(f"cannot tell what kind of file {path} is; name it with --format ({choices})")
    try:
        return fmt, [clean_item(item) for item in READERS[fmt](text, path)]
    except InterchangeError as error:
        raise InterchangeError(f"{path}: {error}") from None
