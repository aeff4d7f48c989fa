"""Reading a Google Contacts CSV export ("Google CSV").

Current header: `First Name, Middle Name, Last Name, ..., Organization Name,
Organization Title, Birthday, Notes, Labels, E-mail 1 - Label, E-mail 1 -
Value, Phone 1 - Value, Website 1 - Value, Event 1 - Label, ...`; the older
export (`Name, Given Name, Family Name, Group Membership, E-mail 1 - Type`,
`Organization 1 - Name`) is read too. A cell holding several values joins
them with ` ::: `. Labels become tags, except Google's own `* myContacts` and
`* starred`. Birthdays are `1985-03-15` or, without a year, `--03-15`; an
event labelled "Anniversary" is an anniversary, other events keep their label.

The name is made of the name parts (First/Given, Middle/Additional,
Last/Family, with Name Prefix and Name Suffix around them), else the old
export's `Name`, else File As, Nickname, the organisation or the e-mail: a
prefix or suffix alone ("Dr.", "Jr.") is never a name. Phone and e-mail
labels (`* Work`, `Mobile`), `Address N - Formatted` (labelled),
`Relation N - Value` (related names) and Nickname are kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import Row, csv_rows
from keepintouch.interchange.person import Person, Skipped, clean, is_honorific_only, user_tags

_NAME_PARTS = (("First Name", "Given Name"), ("Middle Name", "Additional Name"), ("Last Name", "Family Name"))
_NUMBERED_RE = re.compile(r"^(E-mail|Phone|Website|Event|IM|Address|Relation) (\d+) - (Label|Type|Value|Service|Formatted)$")


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
            part = {"Type": "Label", "Formatted": "Value"}.get(part, part)
            groups[(kind, int(number))][part] = cell
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (kind, _), parts in sorted(groups.items()):
        found[kind].append(parts)
    return found


def read_google_csv(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_google_header, "Google Contacts CSV"):
        numbered = _numbered(row)
        emails = [v for e in numbered["E-mail"] for v in _values(e.get("Value", ""))]
        company = _first(row, "Organization Name", "Organization 1 - Name")
        org = ", ".join(p for p in (company, _first(row, "Organization Department", "Organization 1 - Department")) if p)
        name = _name(row) or _first(row, "File As", "Nickname") or company or (emails[0] if emails else "")
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
            urls=[v for w in numbered["Website"] for v in _values(w.get("Value", ""))],
            nickname=_first(row, "Nickname"),
        )
        for kind, field in (("E-mail", "emails"), ("Phone", "phones"), ("Address", "addresses"), ("Relation", "related")):
            for found in numbered[kind]:
                cell = found.get("Value", "").replace("\r\n", "\n")
                values = [cell.strip()] if kind == "Address" else _values(cell)
                for value in values:
                    person.add_value(field, value, found.get("Label", ""))
        for im in numbered["IM"]:
            service = (im.get("Service") or im.get("Label") or "im").removeprefix("* ").casefold()
            for value in _values(im.get("Value", "")):
                person.handles.setdefault(service, value)
        _add_dates(person, row.get("Birthday", ""), numbered["Event"])
        yield person


def _name(row: Row) -> str:
    """The name from the name columns; "" when they hold only a prefix or suffix."""
    core = clean(" ".join(_first(row, c, o) for c, o in _NAME_PARTS))
    if not core:
        name = _first(row, "Name")
        return "" if is_honorific_only(name) else name
    return clean(" ".join((_first(row, "Name Prefix"), core, _first(row, "Name Suffix"))))


def _add_dates(person: Person, birthday: str, events: list[dict[str, str]]) -> None:
    dated = [("birthday", "", birthday)] if birthday.strip() else []
    for event in events:
        label = event.get("Label", "").removeprefix("* ").strip()
        kind = "anniversary" if label.casefold() == "anniversary" else "custom"
        dated.append((kind, "" if kind == "anniversary" else label, event.get("Value", "")))
    for kind, label, text in dated:
        person.add_date(kind, label, text)
