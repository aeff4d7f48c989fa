"""CSV exports as rows of named columns, each with the line it starts on.

LinkedIn puts a notes preamble before its header and Google writes notes over
several lines, so the header is searched for (not assumed on line 1) and a
row's line number is where it starts, not where the csv module stopped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from keepintouch.interchange.person import InterchangeError

Row = dict[str, str]


def legacy_text(text: str) -> str:
    """Text that was not UTF-8 (kept as surrogates) read again as Windows-1252,
    which is what spreadsheet programs write when they re-save a CSV."""
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("cp1252", "replace")


def csv_rows(text: str, is_header: Callable[[list[str]], bool], what: str) -> Iterator[tuple[int, Row]]:
    """(line, row) for each non-blank row after the first row `is_header` accepts."""
    reader = csv.reader(io.StringIO(legacy_text(text), newline=""))
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
