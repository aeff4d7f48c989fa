"""Reading a CSV a person made: a header they typed, then one person a row.

The header needs a name column (`name`, `Name`, `full name`, `Full_Name`,
`display name`, or `first name` / `last name`); case, spaces, `-` and `_` do
not matter. Columns we know by their usual names:

- e-mail (`email`, `e-mail`, `work email`...) and phone (`phone`, `tel`,
  `mobile`, `work phone`...), several in one cell separated by `;` or `,`;
  a column named mobile, work or home labels its values so;
- company (`company`, `org`, `organisation`...), role (`title`, `role`,
  `position`), nickname, address, website (`url`, `website`, `linkedin`),
  how you met (`met`), birthday (`1985-03-15`, `--03-15` or `3/15/1985`);
- tags (`tags`, `labels`, `groups`), separated by `,` `;` or `|`;
- notes (`notes`, `note`, `comments`).

A column we do not know is not dropped: its value becomes a note line
("Column: value"), because the person who typed it meant something by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import csv_rows
from keepintouch.interchange.person import Person, Skipped, clean, iso_date, user_tags

#: Our field for each column name people type (after `_key`).
COLUMNS = {
    **dict.fromkeys(("name", "full name", "fullname", "display name", "contact", "contact name", "person"), "name"),
    **dict.fromkeys(("first name", "firstname", "given name", "first"), "first"),
    **dict.fromkeys(("last name", "lastname", "family name", "surname", "last"), "last"),
    **dict.fromkeys(("email", "e mail", "mail", "email address", "e mail address", "emails", "primary email"), "emails"),
    **dict.fromkeys(("work email", "home email", "personal email", "secondary email", "email 2"), "emails"),
    **dict.fromkeys(("phone", "phones", "tel", "telephone", "phone number", "phone 2"), "phones"),
    **dict.fromkeys(("mobile", "cell", "mobile phone", "mobile number", "cell phone", "work phone", "home phone"), "phones"),
    **dict.fromkeys(("company", "org", "organisation", "organization", "employer", "business"), "org"),
    **dict.fromkeys(("title", "job title", "role", "position", "job"), "role"),
    **dict.fromkeys(("tags", "tag", "labels", "label", "groups", "group", "categories"), "tags"),
    **dict.fromkeys(("notes", "note", "comments", "comment"), "notes"),
    **dict.fromkeys(("nickname", "nick"), "nickname"),
    **dict.fromkeys(("address", "postal address", "home address"), "address"),
    **dict.fromkeys(("url", "website", "web", "homepage", "linkedin", "linkedin url", "profile"), "urls"),
    **dict.fromkeys(("met", "how we met", "how met", "context"), "met"),
    **dict.fromkeys(("birthday", "bday", "birth date", "birthdate", "date of birth", "born"), "birthday"),
}


#: The label a column name gives its phone or e-mail ("Work Phone" is work).
_LABELS = {"mobile": "mobile", "cell": "mobile", "work": "work", "home": "home", "personal": "home"}


def _label(column: str) -> str:
    return _LABELS.get(_key(column).split(" ")[0], "")


def _key(column: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", column).casefold().split())


def is_plain_header(cells: list[str]) -> bool:
    """A row of short column names, one of them a name."""
    names = [c for c in cells if c]
    if not names or any(len(c) > 40 or "@" in c for c in names):
        return False
    fields = {COLUMNS.get(_key(c)) for c in names}
    return bool(fields & {"name", "first", "last"})


def _split(cell: str, separators: str) -> list[str]:
    return [clean(v) for v in re.split(f"[{separators}]", cell) if clean(v)]


def read_plain_csv(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_plain_header, "CSV (a header with a name column)"):
        values: dict[str, list[str]] = {}
        labelled: dict[str, list[tuple[str, str]]] = {"emails": [], "phones": []}
        person = Person(name="", path=path, line=line)
        for column, cell in row.items():
            field = COLUMNS.get(_key(column))
            if not cell.strip():
                continue
            if field is None:
                person.add_note(f"{clean(column)}: {cell.strip()}")
            elif field in labelled:
                labelled[field].append((cell, _label(column)))
            else:
                values.setdefault(field, []).append(cell.replace("\r\n", "\n").strip())
        one = {f: clean(" ".join(v)) for f, v in values.items()}
        person.name = one.get("name") or clean(f"{one.get('first', '')} {one.get('last', '')}")
        if not person.name:
            yield Skipped(path, line, "row has no name")
            continue
        person.org, person.role, person.met, person.nickname = (one.get(f, "") for f in ("org", "role", "met", "nickname"))
        for field, separators in (("emails", ",; "), ("phones", ",;")):
            for cell, label in labelled[field]:
                for value in _split(cell, separators):
                    person.add_value(field, value, label)
        person.urls = [u for cell in values.get("urls", []) for u in _split(cell, " ")]
        person.tags = user_tags([t for cell in values.get("tags", []) for t in _split(cell, ",;|")])
        for address in values.get("address", []):
            person.add_value("addresses", address)
        notes = "\n\n".join(values.get("notes", []))
        person.notes = f"{notes}\n\n{person.notes}".strip() if notes else person.notes
        if one.get("birthday"):
            person.add_date("birthday", "", iso_date(one["birthday"]))
        yield person
