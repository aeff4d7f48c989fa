"""Reading a Google Contacts CSV export ("Google CSV").

Current header: `First Name, Middle Name, Last Name, ..., Organization Name,
Organization Title, Birthday, Notes, Labels, E-mail 1 - Label, E-mail 1 -
Value, Phone 1 - Value, Website 1 - Value, Event 1 - Label, ...`; the older
export (`Name, Given Name, Family Name, Group Membership, E-mail 1 - Type`,
`Organization 1 - Name`) is read too. A cell holding several values joins
them with ` ::: `. Labels become tags, except Google's own `* myContacts` and
`* starred`. Birthdays are `1985-03-15` or, without a year, `--03-15`; an
event labelled "Anniversary" is an anniversary, other events keep their label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import Row, csv_rows
from keepintouch.interchange.person import Person, Skipped, clean, user_tags

_NUMBERED_RE = re.compile(r"^(E-mail|Phone|Website|Event|IM) (\d+) - (Label|Type|Value|Service)$")


def is_google_header(cells: list[str]) -> bool:
    named = "First Name" in cells or "Given Name" in cells
    return named and any(c.startswith("E-mail 1 - ") or c in ("Labels", "Group Membership") for c in cells)


def _values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(":::") if v.strip()]


def _first(row: Row, *columns: str) -> str:
    for column in columns:
        if row.get(column, "").strip():
            return clean(row[column])
    return ""


def _numbered(row: Row) -> dict[str, list[dict[str, str]]]:
    """`Phone 2 - Value` and friends, grouped: {"Phone": [{"Label": .., "Value": ..}, ...]}."""
    groups: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    for column, cell in row.items():
        match = _NUMBERED_RE.match(column)
        if match and cell:
            kind, number, part = match.groups()
            groups[(kind, int(number))]["Label" if part == "Type" else part] = cell
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (kind, _), parts in sorted(groups.items()):
        found[kind].append(parts)
    return found


def read_google_csv(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_google_header, "Google Contacts CSV"):
        numbered = _numbered(row)
        emails = [v for e in numbered["E-mail"] for v in _values(e.get("Value", ""))]
        parts = [_first(row, c) for c in ("Name Prefix", "First Name", "Middle Name", "Last Name", "Name Suffix")]
        old = [_first(row, c) for c in ("Given Name", "Additional Name", "Family Name")]
        org = _first(row, "Organization Name", "Organization 1 - Name")
        name = clean(" ".join(parts)) or _first(row, "Name") or clean(" ".join(old))
        name = name or _first(row, "File As", "Nickname") or org or (emails[0] if emails else "")
        if not name:
            yield Skipped(path, line, "row has no name, organisation or e-mail")
            continue
        person = Person(
            name=name,
            path=path,
            line=line,
            org=org,
            role=_first(row, "Organization Title", "Organization 1 - Title"),
            notes=row.get("Notes", "").replace("\r\n", "\n").strip(),
            tags=user_tags(_values(row.get("Labels", "") or row.get("Group Membership", ""))),
            emails=emails,
            phones=[v for p in numbered["Phone"] for v in _values(p.get("Value", ""))],
            urls=[v for w in numbered["Website"] for v in _values(w.get("Value", ""))],
        )
        for im in numbered["IM"]:
            service = (im.get("Service") or im.get("Label") or "im").removeprefix("* ").casefold()
            for value in _values(im.get("Value", "")):
                person.handles.setdefault(service, value)
        _add_dates(person, row.get("Birthday", ""), numbered["Event"])
        yield person


def _add_dates(person: Person, birthday: str, events: list[dict[str, str]]) -> None:
    dated = [("birthday", "", birthday)] if birthday.strip() else []
    for event in events:
        label = event.get("Label", "").removeprefix("* ").strip()
        kind = "anniversary" if label.casefold() == "anniversary" else "custom"
        dated.append((kind, "" if kind == "anniversary" else label, event.get("Value", "")))
    for kind, label, text in dated:
        person.add_date(kind, label, text)
