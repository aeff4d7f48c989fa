"""What every reader produces: a `Person` as found in a file, or a `Skipped` note.

Readers (vCard, LinkedIn, Google, Outlook and typed CSV, our JSON) differ wildly in shape, but the
merge step should not care where a person came from. So each reader boils its
records down to this one neutral form, with the file and line it came from so
that problems can be reported where the user can find them.

The normalising helpers live here too, because the readers (to clean values)
and the merge step (to compare them) must agree on what "the same" means.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from keepintouch.domain.model import Contact, PartialDate, Record
from keepintouch.domain.safe_text import clean_line, clean_text


class InterchangeError(Exception):
    """A whole file cannot be used (unreadable, unknown format); one line for the user."""


@dataclass(frozen=True)
class Skipped:
    """A record left out of an import, and why, pointing at its place in the file."""

    path: Path
    line: int | None
    why: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.why}"


#: The Contact fields a Person carries under the same name.
CONTACT_FIELDS = (
    "org", "role", "met", "notes", "tags", "emails", "phones", "urls", "topics", "handles",
    "nickname", "addresses", "related", "labels", "language",
)


@dataclass
class Person:
    """One person as a file describes them, before it is matched to the network.

    `occasions` holds (kind, date, label) for yearly dates. `labels` maps a
    phone, e-mail, address or related name to its label, as on `Contact`.
    `record` is set only by our own JSON format, whose contacts are restored
    as they were.
    """

    name: str
    path: Path
    line: int | None = None
    org: str = ""
    role: str = ""
    met: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)
    nickname: str = ""
    addresses: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    #: The language to write to them in (vCard LANG), as `Contact.language`.
    language: str = ""
    occasions: list[tuple[str, PartialDate, str]] = field(default_factory=list)
    id: str | None = None
    record: Contact | None = None

    @classmethod
    def of_contact(cls, contact: Contact, path: Path) -> Person:
        """A stored contact (from our JSON) as a Person carrying the record itself."""
        copies = {f: copy.copy(getattr(contact, f)) for f in CONTACT_FIELDS}
        return cls(name=contact.name, path=path, id=contact.id, record=contact, **copies)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def add_note(self, text: str) -> None:
        text = text.strip()
        if text:
            self.notes = f"{self.notes}\n\n{text}" if self.notes else text

    def add_value(self, kind: str, value: str, label: str = "") -> None:
        """A phone, e-mail, address or related name (`kind` is the list), with its label."""
        value = value.strip()
        target = getattr(self, kind)
        if not value:
            return
        if value not in target:
            target.append(value)
        label = label_text(label)
        if label:
            self.labels.setdefault(value, label)

    def add_date(self, kind: str, label: str, text: str, omit_year: bool = False) -> None:
        """A yearly occasion; a date we cannot read ("circa 1800") goes to the notes, not away."""
        when = parse_partial_date(text, omit_year)
        if when is None:
            self.add_note(f"{(label or kind).capitalize()}: {text.strip()}")
        else:
            self.occasions.append((kind, when, label))


# --------------------------------------------------------------------------
# Imported text is cleaned before anything else sees it

#: Fields that may span lines; every other text field is one line.
MULTILINE_FIELDS = frozenset({"notes", "met", "note", "addresses"})
#: Fields whose values `labels` is keyed by.
LABELLED_FIELDS = ("emails", "phones", "addresses", "related")


def clean_item(item: Person | Skipped | Record) -> Person | Skipped | Record:
    """An imported record with every text in it cleaned (see `domain.safe_text`).

    Files are other people's text: escape sequences and control characters
    are removed here, once for every reader, so that what gets stored is what
    the user sees. The item is changed in place and returned.
    """
    if isinstance(item, Skipped) or not dataclasses.is_dataclass(item):
        return item  # a Skipped is never stored; it is shown through the terminal's own cleaning
    renamed: dict[str, str] = {}  # a labelled value as read -> as cleaned, so its label follows it
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, Record):
            clean_item(value)
        elif f.name == "labels" and isinstance(value, dict):
            setattr(item, f.name, {renamed.get(k, _cleaned(k)): _cleaned(v) for k, v in value.items()})
        elif isinstance(value, (str, list, tuple, dict)):
            cleaned = _cleaned(value, f.name in MULTILINE_FIELDS)
            if f.name in LABELLED_FIELDS and isinstance(value, list):
                renamed.update(zip(value, cleaned, strict=True))
            setattr(item, f.name, cleaned)
    return item


def _cleaned(value: Any, multiline: bool = False) -> Any:
    if isinstance(value, str):
        return clean_text(value) if multiline else clean_line(value)
    if isinstance(value, list):
        return [_cleaned(v, multiline) for v in value]
    if isinstance(value, tuple):
        return tuple(_cleaned(v, multiline) for v in value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v, multiline) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------
# What "the same" means for names, channels and tags


def clean(text: str) -> str:
    """Whitespace collapsed, ends trimmed: names and orgs compare by this."""
    return " ".join(text.split())


def email_key(email: str) -> str:
    return email.strip().removeprefix("mailto:").casefold()


def phone_key(phone: str) -> str:
    """Digits only (and a leading +), so "+1 (555) 010-0" matches "+15550100"."""
    phone = phone.strip()
    digits = re.sub(r"\D", "", phone)
    return ("+" + digits) if phone.startswith("+") else digits


_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_LINKEDIN_HOST_RE = re.compile(r"^(?:[a-z]{2,3}\.)?linkedin\.com$")


def url_key(url: str) -> str:
    """A URL without scheme, `www.`, fragment, trailing slash or case.

    LinkedIn's country hosts (de.linkedin.com) and its tracking query strings
    are dropped too, because the same profile is exported in all those forms.
    """
    text = unquote(url.strip()).casefold()
    text = _SCHEME_RE.sub("", text).split("#", 1)[0]
    host, _, path = text.partition("/")
    host = host.removeprefix("www.")
    if _LINKEDIN_HOST_RE.match(host):
        host, path = "linkedin.com", path.split("?", 1)[0]
    return f"{host}/{path}".rstrip("/")


def is_profile_url(url: str) -> bool:
    """A URL with a path names one person; a bare domain (a company site) does not."""
    return "/" in url_key(url)


def unite(old: list[str], new: list[str], key=str.casefold) -> list[str]:
    """`old` in its order, then the values of `new` whose key is not there yet."""
    merged = list(old)
    seen = {key(v) for v in old}
    for value in new:
        k = key(value)
        if value and k not in seen:
            seen.add(k)
            merged.append(value)
    return merged


#: Google's built-in groups: they say nothing about the person. Compared
#: without case, spaces or underscores ("My Contacts", "myContacts").
_SYSTEM_LABELS = {"mycontacts", "starred", "friendsandfamilysystem", "systemgroup:mycontacts"}


def user_tags(labels: list[str]) -> list[str]:
    """Tags from exported groups/labels, without the exporter's own system groups."""
    tags = []
    for label in labels:
        label = clean(label)
        squeezed = re.sub(r"[\s_]", "", label).casefold()
        if not label or label.startswith("* ") or squeezed in _SYSTEM_LABELS:
            continue
        tags.append(label)
    return unite([], tags)


#: What exporters call the same few labels; anything else is kept as written.
_LABEL_WORDS = {"cell": "mobile", "voice": "", "internet": "", "pref": "", "x400": "", "text": ""}


_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_")


@functools.lru_cache(maxsize=4096)  # a few labels, repeated on every card
def label_text(label: str) -> str:
    """A phone, e-mail or address label as we keep it: Google's `* ` and
    Apple's `_$!<...>!$_` wrappers gone, one-word labels in lower case
    ("Work" and "WORK" are the same), words that say nothing dropped."""
    label = clean(label).removeprefix("* ")
    apple = _APPLE_LABEL_RE.fullmatch(label)
    label = apple[1] if apple else label
    if " " not in label:
        label = label.casefold()
        label = _LABEL_WORDS.get(label, label)
    return label


#: Words before or after a name that are not the name: "Dr.", "Jr.", "PhD".
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame rev fr hon jr sr ii iii iv phd md dds esq mba msc bsc ba ma cpa".split()
)


def is_honorific(word: str) -> bool:
    return word.strip(" .,").casefold() in HONORIFICS


def is_honorific_only(name: str) -> bool:
    """True for "Dr.", "Jr." or "Dr. Jr.": a name made only of titles names nobody."""
    words = name.replace(",", " ").split()
    for word in words:
        if word.strip(" .,").casefold() not in HONORIFICS:
            return False
    return bool(words)


# --------------------------------------------------------------------------
# Dates as exporters write them


_PLACEHOLDER_YEARS = (0, 1604)
_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})$"),
    re.compile(r"^--(?P<m>\d{2})-?(?P<d>\d{2})$"),
)


def parse_partial_date(text: str, omit_year: bool = False) -> PartialDate | None:
    """A date with or without year, or None when it is not one.

    Accepts ISO extended and basic forms (`1985-03-15`, `19850315`), the yearless
    `--03-15` / `--0315`, and a trailing time (`T000000Z`), which is dropped.
    `omit_year` is Apple's `X-APPLE-OMIT-YEAR`: the year written is a placeholder
    (Apple writes 1604, some phones 0000; both also count as "no year" alone).
    """
    text = text.strip().split("T", 1)[0]
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            year = int(match.groupdict().get("y") or 0)
            if omit_year or year in _PLACEHOLDER_YEARS:
                year = 0
            try:
                return PartialDate(int(match["m"]), int(match["d"]), year or None)
            except ValueError:
                return None
    return None


_SLASHED_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


def slashed_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of an English-locale date like `3/15/1985` or
    `1/8/18, 6:14 PM` (month first, as Outlook and LinkedIn write them; day
    first when the first number cannot be a month). None for anything else,
    and for Outlook's `0/0/00`, which means "no date"."""
    match = _SLASHED_RE.match(text.strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    if month > 12:
        month, day = day, month
    if len(match[3]) == 2:
        year += 2000 if year < 70 else 1900
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def iso_date(text: str) -> str:
    """An exporter's date as ISO 8601 when it is a slashed one; other text as it is
    (so `add_date` reads it, or keeps it in the notes); "" for Outlook's empty `0/0/00`."""
    text = text.strip()
    if re.fullmatch(r"0?0/0?0/(00|0000)", text):
        return ""
    found = slashed_date(text)
    return f"{found[0]:04d}-{found[1]:02d}-{found[2]:02d}" if found else text
