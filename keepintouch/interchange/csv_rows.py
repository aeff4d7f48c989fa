"""CSV exports as rows of named columns, each with the line it starts on.

LinkedIn puts a notes preamble before its header and Google writes notes over
several lines, so the header is searched for (not assumed on line 1) and a
row's line number is where it starts, not where the csv module stopped.
Excel in a European locale re-saves a CSV with `;` between fields (and in
Windows-1252), so the separator is the first of `,` `;` tab that yields a
header row; quoted fields keep any separator inside them.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator

from keepintouch.interchange.person import InterchangeError, clean

Row = dict[str, str]


def legacy_text(text: str) -> str:
    """Text that was not UTF-8 (kept as surrogates) read again as Windows-1252,
    which is what spreadsheet programs write when they re-save a CSV."""
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("cp1252", "replace")


SEPARATORS = (",", ";", "\t")
#: How far a header is looked for: LinkedIn's preamble is a few lines.
HEAD_ROWS = 50


def head_rows(text: str, separator: str) -> list[list[str]]:
    """The first rows of the text, stripped, read with this separator ([] if it is not CSV)."""
    try:
        rows = itertools.islice(csv.reader(io.StringIO(text[:262144], newline=""), delimiter=separator), HEAD_ROWS)
        return [[c.strip() for c in cells] for cells in rows]
    except csv.Error:
        return []


def separator_of(text: str, is_header: Callable[[list[str]], bool]) -> str | None:
    """The separator with which some early row is a header `is_header` accepts."""
    for separator in SEPARATORS:
        if any(is_header(cells) for cells in head_rows(text, separator)):
            return separator
    return None


def csv_rows(text: str, is_header: Callable[[list[str]], bool], what: str) -> Iterator[tuple[int, Row]]:
    """(line, row) for each non-blank row after the first row `is_header` accepts."""
    text = legacy_text(text)
    separator = separator_of(text, is_header) or ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header: list[str] | None = None
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if header is None:
                if is_header([c.strip() for c in cells]):
                    header = [c.strip() for c in cells]
                continue
            if any(c.strip() for c in cells):
                yield start, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
    except csv.Error as error:
        raise InterchangeError(f"line {reader.line_num}: not valid CSV ({error})") from None
    if header is None:
        raise InterchangeError(f"no {what} header row found")


def first(row: Row, *columns: str) -> str:
    """The first of these columns with something in it, whitespace collapsed."""
    for column in columns:
        if row.get(column, "").strip():
            return clean(row[column])
    return ""
