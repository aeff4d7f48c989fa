"""Writing the network as vCard 4.0 (RFC 6350), one card per contact.

Every contact is written, archived ones too: an export is a copy of the
address book, not of the queue. Per card: UID `contact-<id>@keepintouch` (so
re-importing finds the same person), FN and a best-guess N (family name = last
word that is not a title or suffix: "Dr. Grace Ito, PhD" is Ito; address
books sort by it), NICKNAME, ORG, TITLE, EMAIL and TEL (a label the standard
knows as TYPE, `mobile` as `cell`; any other label as Apple's grouped
X-ABLabel, which Apple, Google and Nextcloud show), URL, ADR (the address
text as its street, so it reads back exactly), RELATED;VALUE=text, handles as
X-SOCIALPROFILE;TYPE=<service>, tags as CATEGORIES, the draft language as
LANG, NOTE, the first birthday
as BDAY (`--MMDD` without a year), the first anniversary as ANNIVERSARY, other
yearly dates as Apple's labelled X-ABDATE, and how-you-met and topics as
X-KEEPINTOUCH-MET / -TOPICS, which other apps keep but ignore. Lines end in
CRLF and fold at 75 octets. One-off news occasions, touches and promises are
not address-book data: they are in the JSON export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from keepintouch.domain.model import Contact, Network, Occasion, PartialDate
from keepintouch.interchange.person import LABELLED_FIELDS, is_honorific
from keepintouch.interchange.vcard_lines import escape, fold, quote_param


def export_vcards(network: Network) -> str:
    """All contacts as one vCard 4.0 file (sorted by name)."""
    yearly: dict[str, list[Occasion]] = defaultdict(list)
    for occasion in network.occasions:
        if occasion.yearly:
            yearly[occasion.contact_id].append(occasion)
    people = sorted(network.contacts, key=lambda c: (c.name.casefold(), c.id))
    return "".join(vcard(c, yearly.get(c.id, [])) for c in people)


#: Labels vCard 4.0 has a TYPE for, per property (RFC 6350, 6.4.1 and 6.6.6).
_TYPES = {
    "TEL": frozenset({"home", "work", "cell", "fax", "pager", "video", "textphone"}),
    "EMAIL": frozenset({"home", "work"}),
    "ADR": frozenset({"home", "work"}),
    "RELATED": frozenset(
        "contact acquaintance friend met co-worker colleague co-resident neighbor child parent sibling spouse kin"
        " muse crush date sweetheart me agent emergency".split()
    ),
}


def n_value(name: str) -> str:
    """A best-guess structured N: family;given;additional;prefix;suffix.

    Titles before the name are the prefix; after a comma or at the end
    ("Jr.", "PhD"), the suffix; of the rest, the last word is the family name.
    """
    head, comma, tail = name.partition(",")
    words = head.split()
    suffixes = tail.split() if comma else []
    while len(words) > 1 and is_honorific(words[-1]):
        suffixes.insert(0, words.pop())
    prefixes = []
    while len(words) > 1 and is_honorific(words[0]):
        prefixes.append(words.pop(0))
    family = words.pop() if words else ""
    given = words[0] if words else ""
    parts = (family, given, " ".join(words[1:]), " ".join(prefixes), " ".join(suffixes))
    return ";".join(escape(p) for p in parts)


class Groups:
    """Apple's `itemN.` groups, numbered through one card (from `start` when the card has some already)."""

    def __init__(self, start: int = 0) -> None:
        self.count = start

    def labelled(self, name: str, value: str, label: str, params: str = "") -> list[str]:
        """`NAME;TYPE=label:value`, or a grouped line plus X-ABLabel for a label no TYPE says."""
        kind = "cell" if label == "mobile" else label
        if not label:
            return [f"{name}{params}:{value}"]
        if kind in _TYPES[name]:
            return [f"{name}{params};TYPE={kind}:{value}"]
        self.count += 1
        return [f"item{self.count}.{name}{params}:{value}", f"item{self.count}.X-ABLabel:{escape(label)}"]


#: The yearly dates a card holds one of (BDAY, ANNIVERSARY); here they are `Occasion` records.
DATE_FIELDS = ("birthday", "anniversary")
#: The fields `field_lines` writes: the ones an address book and keepintouch share.
CARD_FIELDS = ("name", "nickname", "org", "role", "emails", "phones", "urls", "addresses", "related", "tags", *DATE_FIELDS)


def field_lines(name: str, values: Mapping[str, Any], groups: Groups, version: str = "4.0") -> list[str]:
    """The content lines (not yet folded) that say one field of `CARD_FIELDS`.

    `values` holds the fields as `vdir.synced_fields` gives them: lists of
    text, `labels` by value, dates as `YYYY-MM-DD` or `--MM-DD`. The export
    writes every card with these, and a vdir sync writes a changed field with
    them, in the card's own version: vCard 3.0 has no RELATED or ANNIVERSARY
    (Apple's X-ABRELATEDNAMES and X-ANNIVERSARY stand in), no `--MMDD`
    dates (Apple's X-APPLE-OMIT-YEAR does), and no VALUE=text on TEL.
    """
    value = values.get(name)
    label = dict(values.get("labels") or {}).get
    four = version == "4.0"
    if not value:
        return []
    if name == "name":
        return [f"FN:{escape(value)}", f"N:{n_value(value)}"]
    simple = {"org": "ORG", "role": "TITLE", "nickname": "NICKNAME"}
    if name in simple:
        return [f"{simple[name]}:{escape(value)}"]
    if name == "urls":
        return [f"URL:{escape(v)}" for v in value]
    if name == "tags":
        return [f"CATEGORIES:{','.join(escape(t) for t in value)}"]
    if name in ("birthday", "anniversary"):
        prop = "BDAY" if name == "birthday" else "ANNIVERSARY" if four else "X-ANNIVERSARY"
        return [f"{prop}{date_value(PartialDate.parse(value), version)}"]
    prop, params, shape = {
        "emails": ("EMAIL", "", "{}"),
        "phones": ("TEL", ";VALUE=text" if four else "", "{}"),
        "addresses": ("ADR", "", ";;{};;;;"),
        "related": ("RELATED" if four else "X-ABRELATEDNAMES", ";VALUE=text" if four else "", "{}"),
    }[name]
    lines: list[str] = []
    for v in value:
        if prop == "X-ABRELATEDNAMES":
            lines += _apple_labelled(groups, prop, escape(v), label(v, ""))
        else:
            lines += groups.labelled(prop, shape.format(escape(v)), label(v, ""), params)
    return lines


def _apple_labelled(groups: Groups, prop: str, value: str, label: str) -> list[str]:
    """A vCard 3.0 related name: Apple's grouped X-ABRELATEDNAMES, labelled by X-ABLabel."""
    if not label:
        return [f"{prop}:{value}"]
    groups.count += 1
    return [f"item{groups.count}.{prop}:{value}", f"item{groups.count}.X-ABLabel:{escape(label)}"]


def card_values(contact: Contact) -> dict[str, Any]:
    """A contact's `CARD_FIELDS` (dates aside) and the labels of its labelled values, as `field_lines` takes them."""
    values: dict[str, Any] = {name: getattr(contact, name) for name in CARD_FIELDS if name not in DATE_FIELDS}
    shown = {v for name in LABELLED_FIELDS for v in getattr(contact, name)}
    values["labels"] = {k: v for k, v in contact.labels.items() if k in shown}
    return values


def vcard(contact: Contact, occasions: list[Occasion]) -> str:
    """One contact as a folded vCard 4.0 card."""
    groups = Groups()
    values = card_values(contact)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:contact-{escape(contact.id)}@keepintouch"]
    for name in CARD_FIELDS:
        if name == "tags":
            lines += [f"X-SOCIALPROFILE;TYPE={quote_param(k)}:{escape(v)}" for k, v in contact.handles.items()]
        lines += field_lines(name, values, groups)
    lines += [f"LANG:{escape(contact.language)}"] if contact.language else []
    lines += [f"NOTE:{escape(contact.notes)}"] if contact.notes else []
    lines += [f"X-KEEPINTOUCH-MET:{escape(contact.met)}"] if contact.met else []
    lines += [f"X-KEEPINTOUCH-TOPICS:{','.join(escape(t) for t in contact.topics)}"] if contact.topics else []
    lines += _date_lines(occasions, groups)
    lines += [f"REV:{rev_stamp(contact.updated)}", "END:VCARD"]
    return "".join(fold(line) for line in lines)


def _date_lines(occasions: list[Occasion], groups: Groups) -> list[str]:
    lines: list[str] = []
    wrote: set[str] = set()
    for o in sorted(occasions, key=lambda o: (o.created, o.id)):
        standard = {"birthday": "BDAY", "anniversary": "ANNIVERSARY"}.get(o.kind)
        if standard and o.kind not in wrote:
            wrote.add(o.kind)
            if not o.label:
                lines.append(f"{standard}{date_value(o.when)}")
                continue
            name, value = standard, date_value(o.when)
        elif o.kind == "birthday":
            continue  # a second birthday: nothing sensible to write
        else:
            name, value = "X-ABDATE", _apple(o.when)
        groups.count += 1
        group = groups.count
        label = o.label or ("_$!<Anniversary>!$_" if o.kind == "anniversary" else "_$!<Other>!$_")
        lines += [f"item{group}.{name}{value}", f"item{group}.X-ABLabel:{escape(label)}"]
    return lines


def date_value(when: PartialDate, version: str = "4.0") -> str:
    """A date property's parameters and value: `:19850315` or `:--0315` (RFC 6350);
    in vCard 3.0 `:1985-03-15`, and without a year Apple's `;X-APPLE-OMIT-YEAR=1604:1604-03-15`."""
    if version != "4.0":
        return _apple(when)
    if when.year is None:
        return f":--{when.month:02d}{when.day:02d}"
    return f":{when.year:04d}{when.month:02d}{when.day:02d}"


def _apple(when: PartialDate) -> str:
    """X-ABDATE as Apple writes it: no year is year 1604 with X-APPLE-OMIT-YEAR."""
    if when.year is None:
        return f";X-APPLE-OMIT-YEAR=1604:1604-{when.month:02d}-{when.day:02d}"
    return f":{when.isoformat()}"


def rev_stamp(moment: datetime) -> str:
    """A REV value: the moment in UTC, `20261123T101500Z`."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")
