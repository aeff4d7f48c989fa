"""Reading LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy).

The file opens with a "Notes:" preamble, then a blank line, then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`.
E-mails are mostly empty (people must allow it), company names carry quoted
commas. "Connected On" (like `15 Mar 2021`) is kept as how you met:
`Contact.met = "LinkedIn, connected 15 Mar 2021"`. The profile URL is what
finds the same person again on the next import.

Exports from before 2020 have no URL column and write "Connected On" as
`1/8/18, 6:14 PM` (month first): the date is written the current way
("8 Jan 2018") and the time dropped. Those people are found again by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import csv_rows
from keepintouch.interchange.person import Person, Skipped, clean, slashed_date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_linkedin_header(cells: list[str]) -> bool:
    return {"First Name", "Last Name", "Connected On"} <= set(cells)


def connected_on(text: str) -> str:
    """LinkedIn's connection date the way current exports write it (`8 Jan 2018`)."""
    found = slashed_date(text)
    if found is None:
        return clean(text)
    year, month, day = found
    return f"{day} {_MONTHS[month - 1]} {year}"  # not strftime: %b follows the user's locale


def read_linkedin(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_linkedin_header, "LinkedIn Connections.csv"):
        name = clean(f"{row['First Name']} {row['Last Name']}")
        if not name:
            yield Skipped(path, line, "row has no name (LinkedIn leaves it empty for closed accounts)")
            continue
        connected = connected_on(row.get("Connected On", ""))
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
