"""Reading LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy).

The file opens with a "Notes:" preamble, then a blank line, then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`.
E-mails are mostly empty (people must allow it), company names carry quoted
commas. "Connected On" (like `15 Mar 2021`) is kept as how you met:
`Contact.met = "LinkedIn, connected 15 Mar 2021"`. The profile URL is what
finds the same person again on the next import.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import csv_rows
from keepintouch.interchange.person import Person, Skipped, clean


def is_linkedin_header(cells: list[str]) -> bool:
    return {"First Name", "Last Name", "URL", "Connected On"} <= set(cells)


def read_linkedin(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_linkedin_header, "LinkedIn Connections.csv"):
        name = clean(f"{row['First Name']} {row['Last Name']}")
        if not name:
            yield Skipped(path, line, "row has no name (LinkedIn leaves it empty for closed accounts)")
            continue
        connected = row.get("Connected On", "")
        yield Person(
            name=name,
            path=path,
            line=line,
            org=clean(row.get("Company", "")),
            role=clean(row.get("Position", "")),
            met=f"LinkedIn, connected {connected}" if connected else "LinkedIn",
            emails=[e for e in [row.get("Email Address", "")] if e],
            urls=[u for u in [row.get("URL", "")] if u],
        )
