"""Reading vCards (2.1, 3.0, 4.0) into `Person`s.

The mapping, property by property, and why:
- FN is the name; without FN, N's parts (prefix given additional family
  suffix) make one, then ORG, then the first e-mail. No name at all: skipped.
- ORG parts are joined with ", "; TITLE (else ROLE) is the role.
- EMAIL, TEL, URL are channels (`mailto:` / `tel:` prefixes dropped).
- X-SOCIALPROFILE with a web URL is a URL (LinkedIn profiles then match the
  LinkedIn import); with a plain user name it is a handle keyed by its TYPE.
  IMPP and the old X-SKYPE, X-TWITTER, X-JABBER... are handles too.
- CATEGORIES are tags (Google's system groups dropped); NOTEs are the notes.
- BDAY, ANNIVERSARY, X-ANNIVERSARY and Apple's labelled X-ABDATE become yearly
  occasions; a birthday we cannot read as a date ("circa 1800") is kept as a
  line in the notes rather than lost.
- X-KEEPINTOUCH-MET / -TOPICS and a `contact-<id>@keepintouch` UID come from
  our own export, so it reads back to the same people.
- PHOTO, LOGO, SOUND, KEY, ADR and the rest are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from keepintouch.interchange.person import InterchangeError, Person, Skipped, clean, user_tags
from keepintouch.interchange.vcard_lines import Property, RawCard, raw_cards, split_escaped, unescape

#: Old one-service properties and the handle key they stand for.
_IM_PROPERTIES = {
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-TWITTER": "twitter",
    "X-JABBER": "jabber",
    "X-AIM": "aim",
    "X-ICQ": "icq",
    "X-MSN": "msn",
    "X-YAHOO": "yahoo",
    "X-GOOGLE-TALK": "gtalk",
    "X-GTALK": "gtalk",
    "X-QQ": "qq",
    "X-GADUGADU": "gadugadu",
    "X-MATRIX": "matrix",
}
_ANNIVERSARY_PROPERTIES = frozenset({"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"})
_APPLE_LABEL_RE = re.compile(r"^_\$!<(.*)>!\$_$")
_OUR_UID_RE = re.compile(r"^contact-([A-Za-z0-9_-]+)@keepintouch$")
_WEB_RE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)


def read_vcards(text: str, path: Path) -> Iterator[Person | Skipped]:
    """Every card in a file: a Person, or a Skipped saying where and why."""
    if "BEGIN:VCARD" not in text.upper():
        raise InterchangeError("no vCard in it (no BEGIN:VCARD line)")
    for card in raw_cards(text):
        if card.problem:
            yield Skipped(path, card.line, card.problem)
            continue
        person = _person(card, path)
        if person.name:
            yield person
        else:
            yield Skipped(path, card.line, "card has no name (no FN, N, ORG or EMAIL)")


def _text(prop: Property) -> str:
    return unescape(prop.text()).replace("\r\n", "\n").strip()


def _parts(prop: Property, sep: str = ";") -> list[str]:
    return [clean(unescape(part)) for part in split_escaped(prop.text(), sep)]


def _n_name(prop: Property) -> str:
    """N is family;given;additional;prefix;suffix, each possibly a comma list."""
    parts = [" ".join(map(unescape, split_escaped(p, ","))) for p in split_escaped(prop.text(), ";")]
    family, given, additional, prefix, suffix = (parts + [""] * 5)[:5]
    return clean(" ".join((prefix, given, additional, family, suffix)))


def _labels(card: RawCard) -> dict[str, str]:
    """Apple-style `itemN.X-ABLabel` values by group."""
    return {p.group: _text(p) for p in card.properties if p.name == "X-ABLABEL" and p.group}


def _person(card: RawCard, path: Path) -> Person:
    person = Person(name="", path=path, line=card.line)
    labels = _labels(card)
    n_name = org = ""
    for prop in card.properties:
        name = prop.name
        if name == "FN" and not person.name:
            person.name = clean(_text(prop))
        elif name == "N" and not n_name:
            n_name = _n_name(prop)
        elif name == "ORG" and not org:
            org = ", ".join(p for p in _parts(prop) if p)
        elif name in ("TITLE", "ROLE"):
            person.role = person.role or clean(_text(prop))
        elif name in ("EMAIL", "TEL", "URL"):
            _add_channel(person, name, _text(prop))
        elif name in ("X-SOCIALPROFILE", "IMPP") or name in _IM_PROPERTIES:
            _add_handle(person, prop)
        elif name == "CATEGORIES":
            person.tags = user_tags(person.tags + _parts(prop, ","))
        elif name == "NOTE":
            person.add_note(_text(prop))
        elif name in ("BDAY", "X-ABDATE") or name in _ANNIVERSARY_PROPERTIES:
            _add_date(person, prop, labels.get(prop.group, ""))
        elif name == "X-KEEPINTOUCH-MET":
            person.met = _text(prop)
        elif name == "X-KEEPINTOUCH-TOPICS":
            person.topics = [t for t in _parts(prop, ",") if t]
        elif name == "UID":
            match = _OUR_UID_RE.match(_text(prop))
            person.id = match[1] if match else None
    person.org = org
    person.name = person.name or n_name or org or (person.emails[0] if person.emails else "")
    return person


def _add_channel(person: Person, name: str, value: str) -> None:
    if name == "EMAIL":
        value, target = value.removeprefix("mailto:").strip(), person.emails
    elif name == "TEL":
        value, target = value.removeprefix("tel:").strip(), person.phones
    else:
        target = person.urls
    if value and value not in target:
        target.append(value)


def _add_handle(person: Person, prop: Property) -> None:
    """IMPP is `scheme:address` (the service in X-SERVICE-TYPE or the scheme);
    X-SOCIALPROFILE names its service in TYPE; X-SKYPE and friends in their name."""
    value = _text(prop)
    if not value:
        return
    if prop.name in _IM_PROPERTIES:
        service = _IM_PROPERTIES[prop.name]
    elif prop.name == "IMPP":
        scheme, colon, address = value.partition(":")
        if colon and "/" not in scheme:
            value = address.removeprefix("//")
        service = prop.param("X-SERVICE-TYPE") or (scheme if colon else "im")
    elif _WEB_RE.match(value):
        _add_channel(person, "URL", value)
        return
    else:
        types = sorted(prop.types() - {"pref", "home", "work", "other", "internet"})
        service = types[0] if types else "social"
    person.handles.setdefault(service.casefold(), value)


def _add_date(person: Person, prop: Property, label: str) -> None:
    kind, label = _date_kind(prop.name, label)
    person.add_date(kind, label, _text(prop), omit_year="X-APPLE-OMIT-YEAR" in prop.params)


def _date_kind(name: str, label: str) -> tuple[str, str]:
    """Occasion kind and label; Apple's built-in labels (`_$!<Anniversary>!$_`)
    name a kind, they are not the user's words."""
    apple = _APPLE_LABEL_RE.match(label)
    word, label = (apple[1], "") if apple else (label, label)
    if name == "BDAY":
        return "birthday", label
    if name in _ANNIVERSARY_PROPERTIES or word.casefold() == "anniversary":
        return "anniversary", "" if word.casefold() == "anniversary" else label
    return "custom", label
