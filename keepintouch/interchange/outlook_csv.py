"""Reading Outlook's contacts CSV, and what Google Contacts exports as "Outlook CSV".

Outlook (File → Open & Export → Export to a file) writes every cell quoted,
CRLF line ends and a long fixed English header: `"Title","First Name","Middle
Name","Last Name","Suffix","Company","Department","Job Title","Business
Street",... "Birthday",... "Categories",... "E-mail Address","E-mail Type",
"E-mail Display Name","E-mail 2 Address",... "Notes",... "Web Page"`; Google's
and Outlook.com's variants order the same columns differently and add
`Nickname`, `Home Address` (the whole address in one cell) and `IMAddress`.
Columns are read by name, so the order does not matter.

- The name is Title (Dr.), First, Middle, Last and Suffix; a row with only a
  company is the company (a shop, a practice), with only an e-mail, the
  e-mail; a row with none of these is reported.
- Company and Department make the organisation, Job Title the role.
- Every `... Phone`, `... Fax`, Pager and the like is a phone labelled by its
  column ("Mobile Phone" is mobile, "Business Phone" work); e-mails are the
  three E-mail Address columns (an Exchange `/o=...` address is no e-mail).
- Business, Home and Other addresses are kept as text, labelled work, home
  and other; Spouse, Children, Manager's Name, Assistant's Name and Referred
  By are related names.
- Categories (`;` between them) are tags, without Google's myContacts and
  starred; Birthday and Anniversary (`3/15/1985`; `0/0/00` is empty) are
  yearly occasions; Notes may span lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.csv_rows import Row, csv_rows, first
from keepintouch.interchange.person import Person, Skipped, clean, iso_date, user_tags

_EMAIL_COLUMNS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONE_RE = re.compile(r"(Phone|Fax|Pager|Callback|ISDN|Telex)( \d)?$")
_PHONE_LABELS = {"business": "work", "primary": "", "mobile": "mobile", "company main": "work main"}
_ADDRESS_KINDS = (("Business", "work"), ("Home", "home"), ("Other", "other"))
_RELATED_COLUMNS = {
    "Spouse": "spouse",
    "Children": "child",
    "Manager's Name": "manager",
    "Assistant's Name": "assistant",
    "Referred By": "referred by",
}


def is_outlook_header(cells: list[str]) -> bool:
    return "First Name" in cells and "E-mail Address" in cells


def read_outlook_csv(text: str, path: Path) -> Iterator[Person | Skipped]:
    for line, row in csv_rows(text, is_outlook_header, "Outlook CSV"):
        emails = [e for e in (first(row, c) for c in _EMAIL_COLUMNS) if "@" in e and not e.startswith("/")]
        core = clean(" ".join(first(row, c) for c in ("First Name", "Middle Name", "Last Name")))
        company = first(row, "Company")
        if core:
            name = clean(" ".join((first(row, "Title"), core, first(row, "Suffix"))))
        else:
            name = company or (emails[0] if emails else "")
        if not name:
            yield Skipped(path, line, "row has no name, company or e-mail")
            continue
        person = Person(
            name=name,
            path=path,
            line=line,
            org=", ".join(p for p in (company, first(row, "Department")) if p),
            role=first(row, "Job Title"),
            notes=row.get("Notes", "").replace("\r\n", "\n").strip(),
            tags=user_tags(row.get("Categories", "").split(";")),
            nickname=first(row, "Nickname"),
            emails=emails,
            urls=[u for u in (first(row, "Web Page"), first(row, "Personal Web Page")) if u],
        )
        _add_phones(person, row)
        _add_addresses(person, row)
        for column, label in _RELATED_COLUMNS.items():
            for name_ in re.split(r"[;,]", row.get(column, "")):
                person.add_value("related", clean(name_), label)
        if first(row, "IMAddress"):
            person.handles["im"] = first(row, "IMAddress")
        for kind, column in (("birthday", "Birthday"), ("anniversary", "Anniversary")):
            when = iso_date(row.get(column, ""))
            if when:
                person.add_date(kind, "", when)
        yield person


def _add_phones(person: Person, row: Row) -> None:
    for column, value in row.items():
        match = _PHONE_RE.search(column)
        if not match or not value.strip():
            continue
        kind = column[: match.start()].strip().casefold().removesuffix("'s")
        kind, word = _PHONE_LABELS.get(kind, kind), match[1].casefold()
        label = f"{kind} fax".strip() if word == "fax" else kind if word == "phone" else word
        person.add_value("phones", value, label)


def _add_addresses(person: Person, row: Row) -> None:
    for kind, label in _ADDRESS_KINDS:
        formatted = row.get(f"{kind} Address", "").replace("\r\n", "\n").strip()
        if not formatted:
            street = [line for n in ("", " 2", " 3") for line in row.get(f"{kind} Street{n}", "").splitlines()]
            place = " ".join(first(row, f"{kind} {c}") for c in ("City", "State", "Postal Code"))
            country = first(row, f"{kind} Country/Region", f"{kind} Country")
            box = first(row, f"{kind} Address PO Box")
            formatted = "\n".join(clean(p) for p in (box, *street, place, country) if clean(p))
        person.add_value("addresses", formatted, label)
