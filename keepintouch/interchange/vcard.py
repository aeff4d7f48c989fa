"""Reading vCards (2.1, 3.0, 4.0) into `Person`s.

The mapping, property by property, and why:
- FN is the name; without FN, N's parts (prefix given additional family
  suffix) make one, then ORG, then the first e-mail; a title alone ("Dr.")
  is no name. No name at all: skipped.
- ORG parts are joined with ", "; TITLE (else ROLE) is the role. A second
  ORG or TITLE (people with two jobs) is a line in the notes ("Also: ...").
- EMAIL, TEL, URL are channels (`mailto:` / `tel:` prefixes dropped); the
  label of an e-mail or phone is Apple's X-ABLabel for its group, else its
  TYPE (`cell` is "mobile"; `pref`, `voice`, `internet` say nothing).
- NICKNAME is the nickname; ADR a postal address, kept as text, one
  component a line, labelled like phones; RELATED, Apple's X-ABRELATEDNAMES
  and the old X-SPOUSE / X-MANAGER / X-ASSISTANT are related names,
  labelled by their TYPE or X-ABLabel ("spouse").
- X-SOCIALPROFILE with a web URL is a URL (LinkedIn profiles then match the
  LinkedIn import); with a plain user name it is a handle keyed by its TYPE.
  IMPP and the old X-SKYPE, X-TWITTER, X-JABBER... are handles too.
- CATEGORIES are tags (Google's system groups dropped); NOTEs are the notes.
- BDAY, ANNIVERSARY, X-ANNIVERSARY and Apple's labelled X-ABDATE become yearly
  occasions; a birthday we cannot read as a date ("circa 1800") is kept as a
  line in the notes rather than lost.
- LANG (the preferred one) is the language drafts for them are written in,
  without its region: drafts are per language.
- X-KEEPINTOUCH-MET / -TOPICS and a `contact-<id>@keepintouch` UID come from
  our own export, so it reads back to the same people.
- A group card (KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND:group) is no
  person: it is skipped, and said.
- PHOTO, LOGO, SOUND, KEY and the rest are ignored; so is a nested 2.1
  AGENT card (see `vcard_lines.raw_cards`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from keepintouch.domain.model import normalize_language
from keepintouch.interchange.person import InterchangeError, Person, Skipped, clean, is_honorific_only, label_text, user_tags
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
#: Old one-relation properties and the label they give the name.
_RELATED_PROPERTIES = {
    "X-SPOUSE": "spouse",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSENAME": "spouse",
    "X-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "X-MS-MANAGER": "manager",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-MS-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}
#: TYPE values that say nothing a person would call a label.
_SILENT_TYPES = frozenset({"pref", "voice", "internet", "x400", "msg", "text", "postal", "parcel", "dom", "intl", "uri"})
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
        if _is_group(card):
            yield Skipped(path, card.line, "a contact group, not a person")
            continue
        person = _person(card, path)
        if person.name:
            yield person
        else:
            yield Skipped(path, card.line, "card has no name (no FN, N, ORG or EMAIL)")


def _is_group(card: RawCard) -> bool:
    """A card for a group of contacts (vCard 4.0 KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND:group),
    which iCloud and Nextcloud keep beside the people: its name is the group's, not a person's."""
    kinds = (p for p in card.properties if p.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"))
    return any(_text(p).casefold() == "group" for p in kinds)


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


def _label(prop: Property, labels: dict[str, str]) -> str:
    """An e-mail's, phone's, address's or relation's label: Apple's X-ABLabel, else its TYPE."""
    if prop.group and labels.get(prop.group):
        return label_text(labels[prop.group])
    if "TYPE" not in prop.params:
        return ""
    types = [t.casefold() for value in prop.params.get("TYPE", []) for t in value.split(",")]
    words = [label_text(t) for t in types if t and t not in _SILENT_TYPES]
    return " ".join(dict.fromkeys(w for w in words if w))


def _address(prop: Property) -> str:
    """ADR (box; extended; street; city; region; code; country) as lines of text."""
    parts = ["\n".join(unescape(v).strip() for v in split_escaped(p, ",")) for p in split_escaped(prop.text(), ";")]
    box, extended, street, city, region, code, country = (parts + [""] * 7)[:7]
    place = " ".join(p for p in (city, region, code) if p)
    lines = [line.strip() for part in (box, extended, street, place, country) for line in part.split("\n")]
    return "\n".join(line for line in lines if line)


def _person(card: RawCard, path: Path) -> Person:
    person = Person(name="", path=path, line=card.line)
    labels = _labels(card)
    n_name = ""
    orgs: list[str] = []
    titles: list[str] = []
    roles: list[str] = []
    for prop in card.properties:
        name = prop.name
        if name == "FN" and not person.name:
            person.name = clean(_text(prop))
        elif name == "N" and not n_name:
            n_name = _n_name(prop)
        elif name == "ORG":
            orgs.append(", ".join(p for p in _parts(prop) if p))
        elif name in ("TITLE", "ROLE"):
            (titles if name == "TITLE" else roles).append(clean(_text(prop)))
        elif name in ("EMAIL", "TEL", "URL"):
            _add_channel(person, name, _text(prop), _label(prop, labels))
        elif name == "NICKNAME" and not person.nickname:
            person.nickname = ", ".join(p for p in _parts(prop, ",") if p)
        elif name == "ADR":
            person.add_value("addresses", _address(prop), _label(prop, labels))
        elif name in ("RELATED", "X-ABRELATEDNAMES") and not _text(prop).casefold().startswith("urn:"):
            person.add_value("related", clean(_text(prop)), _label(prop, labels))  # a urn:uuid names nobody we know
        elif name in _RELATED_PROPERTIES:
            person.add_value("related", clean(_text(prop)), _RELATED_PROPERTIES[name])
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
    person.language = _language([p for p in card.properties if p.name == "LANG"])
    _add_jobs(person, [o for o in orgs if o], [t for t in titles or roles if t])
    names = [person.name, n_name, person.org, *person.emails[:1]]
    person.name = next((n for n in names if n and not is_honorific_only(n)), "")
    return person


def _language(props: list[Property]) -> str:
    """The preferred LANG (lowest PREF, else the first) as a draft language: "de-AT" is "de",
    since drafts are written per language; a value that is no language code is none."""

    def pref(prop: Property) -> int:
        return int(prop.param("PREF")) if prop.param("PREF").isdigit() else 100

    for prop in sorted(props, key=pref):
        try:
            return normalize_language(_text(prop).split("-")[0].split("_")[0])
        except ValueError:
            continue
    return ""


def _add_jobs(person: Person, orgs: list[str], titles: list[str]) -> None:
    """The first ORG and TITLE are the org and role; later ones, paired in
    order, are a note line each: they are real (a second job), just not the
    one we show first."""
    person.org = orgs[0] if orgs else ""
    person.role = titles[0] if titles else ""
    for i in range(1, max(len(orgs), len(titles))):
        also = ", ".join(x[i] for x in (titles, orgs) if i < len(x))
        person.add_note(f"Also: {also}")


def _add_channel(person: Person, name: str, value: str, label: str = "") -> None:
    if name == "EMAIL":
        person.add_value("emails", value.removeprefix("mailto:").strip(), label)
    elif name == "TEL":
        person.add_value("phones", value.removeprefix("tel:").strip(), label)
    elif value and value not in person.urls:
        person.urls.append(value)


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


def line_fields(card: RawCard) -> list[str | None]:
    """Which field each property of a card feeds (see `vcard_export.CARD_FIELDS`), or None.

    A vdir sync rewrites a changed field by replacing exactly the lines
    that say it, so this follows `_person` line for line: the first FN and
    first N make the name; the first ORG, TITLE (else ROLE) and NICKNAME
    with a value are the org, role and nickname (later ones are "Also:"
    notes, kept as they are); a web X-SOCIALPROFILE is a URL; an X-ABDATE
    labelled as an anniversary is the anniversary. Everything else (handles,
    notes, photos, other dates, labels) feeds no shared field.
    """
    labels = _labels(card)
    has_title = any(p.name == "TITLE" and _text(p) for p in card.properties)
    taken: set[str] = set()
    fields: list[str | None] = []
    for prop in card.properties:
        field = _line_field(prop, labels, has_title)
        if field in ("name", "org", "role", "nickname") and _text(prop):
            key = prop.name if field == "name" else field
            field = None if key in taken else field
            taken.add(key)
        fields.append(field)
    return fields


#: Properties that always feed one field (see `line_fields`).
_FIELD_OF = {"FN": "name", "N": "name", "ORG": "org", "NICKNAME": "nickname", "EMAIL": "emails", "TEL": "phones"}
_FIELD_OF |= {"URL": "urls", "ADR": "addresses", "CATEGORIES": "tags", "BDAY": "birthday"}


def _line_field(prop: Property, labels: dict[str, str], has_title: bool) -> str | None:
    name = prop.name
    if name in _FIELD_OF:
        return _FIELD_OF[name]
    if name in ("TITLE", "ROLE"):
        return "role" if (name == "TITLE") == has_title else None
    if name in ("RELATED", "X-ABRELATEDNAMES"):
        return None if _text(prop).casefold().startswith("urn:") else "related"
    if name in _RELATED_PROPERTIES:
        return "related"
    if name == "X-SOCIALPROFILE":
        return "urls" if _WEB_RE.match(_text(prop)) else None
    if name == "X-ABDATE" or name in _ANNIVERSARY_PROPERTIES:
        return "anniversary" if _date_kind(name, labels.get(prop.group, ""))[0] == "anniversary" else None
    return None
