"""Finding the person a record is about, and merging without overwriting.

Matching (first hit wins, in this order):
1. the same keepintouch id (our own JSON and vCard exports carry it);
2. an e-mail address, ignoring case;
3. a profile URL (one with a path, so a shared company homepage does not join
   two people), ignoring scheme, `www.`, case, a trailing slash, and for
   LinkedIn the country host and query string;
4. the same full name and organisation, ignoring case and extra spaces; a
   record without an organisation matches by name alone (the first person
   of that name), whatever organisation they have by now. A name made only
   of titles ("Dr.", "Jr.") matches nobody.
Everything is looked up in dictionaries, so an import costs O(records), and a
record planned earlier in the same import is found like a stored one. The
keys of a contact only grow when it is merged (channels are united, an empty
organisation filled, the name kept), so what matched during one import
matches again when the same files are imported twice.

Merging fills empty fields (org, role, how you met, notes), unites channels,
tags and topics, adds handles for services not there yet, and never changes
what the user already has: their name, their non-empty fields, their rhythm.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from keepintouch.domain.model import Contact, Occasion, PartialDate
from keepintouch.interchange.person import (
    CONTACT_FIELDS,
    Person,
    clean,
    email_key,
    is_honorific_only,
    is_profile_url,
    phone_key,
    unite,
    url_key,
)

_FILLED = ("org", "role", "met", "notes", "nickname", "language")
_UNITED = (
    ("emails", email_key),
    ("phones", phone_key),
    ("urls", url_key),
    ("tags", str.casefold),
    ("topics", str.casefold),
    ("addresses", lambda text: clean(text).casefold()),
    ("related", lambda text: clean(text).casefold()),
)

#: The lists whose values may carry a label (`Contact.labels`).
_LABELLED = ("emails", "phones", "addresses", "related")
_KEYS = dict(_UNITED)


def _keys(name: str, org: str, emails: Iterable[str], urls: Iterable[str], stored: bool = False) -> Iterator[str]:
    """The keys of a contact (`stored`: by name alone and by name and org) or
    of a record to find (by name and org, or by name alone when it has none)."""
    for email in emails:
        yield "email:" + email_key(email)
    for url in urls:
        if is_profile_url(url):
            yield "url:" + url_key(url)
    name = clean(name).casefold()
    if not name or is_honorific_only(name):
        return
    org = clean(org).casefold()
    if stored or not org:
        yield "name:" + name
    if org:
        yield "name:" + name + "\x00" + org


class Index:
    """Contacts by id and by every key that identifies them."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_id: dict[str, Contact] = {}
        self._ids: dict[str, str] = {}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact) -> None:
        """Index a new contact, or the new version of one (old keys keep pointing to it)."""
        self.by_id[contact.id] = contact
        for key in _keys(contact.name, contact.org, contact.emails, contact.urls, stored=True):
            self._ids.setdefault(key, contact.id)

    def find(self, person: Person) -> Contact | None:
        if person.id and person.id in self.by_id:
            return self.by_id[person.id]
        for key in _keys(person.name, person.org, person.emails, person.urls):
            if key in self._ids:
                return self.by_id[self._ids[key]]
        return None


def _copy(value: Any) -> Any:
    """A list or dict copied, text as it is (copy.copy is slow for 10,000 people)."""
    return value.copy() if isinstance(value, list | dict) else value


def fields_of(person: Person, tags: Iterable[str] = ()) -> dict[str, Any]:
    """A new contact's fields from a person: channels, tags and topics without repeats."""
    fields = {f: _copy(getattr(person, f)) for f in CONTACT_FIELDS}
    for name, key in _UNITED:
        values = fields[name] + (list(tags) if name == "tags" else [])
        fields[name] = unite([], values, key) if values else values
    fields["labels"] = _labels_as_stored(person, fields)
    return fields


def merge(contact: Contact, person: Person, tags: Iterable[str] = ()) -> tuple[Contact, list[str]]:
    """The contact with what `person` adds, and the names of the fields that changed."""
    changes: dict[str, Any] = {f: getattr(person, f) for f in _FILLED if not getattr(contact, f) and getattr(person, f)}
    for name, key in _UNITED:
        extra = list(tags) if name == "tags" else []
        united = unite(getattr(contact, name), getattr(person, name) + extra, key)
        if united != getattr(contact, name):
            changes[name] = united
    handles = {**person.handles, **contact.handles}
    if handles != contact.handles:
        changes["handles"] = handles
    lists = {f: changes.get(f, getattr(contact, f)) for f in _LABELLED}
    labels = {**_labels_as_stored(person, lists), **contact.labels}
    if labels != contact.labels:
        changes["labels"] = labels
    return (dataclasses.replace(contact, **changes) if changes else contact), sorted(changes)


def _labels_as_stored(person: Person, lists: dict[str, list[str]]) -> dict[str, str]:
    """The person's labels keyed by the contact's spelling of each value
    ("+1 555 0100" labels the stored "+15550100" when that is the same phone)."""
    labels: dict[str, str] = {}
    for name in _LABELLED:
        stored, by_key = lists[name], None
        for value in getattr(person, name):
            label = person.labels.get(value)
            if not label:
                continue
            if value in stored:  # the same spelling: the usual case, no keys needed
                labels[value] = label
                continue
            key = _KEYS[name]
            by_key = by_key or {key(v): v for v in stored}
            if key(value) in by_key:
                labels[by_key[key(value)]] = label
    return labels


def merge_occasion(existing: list[Occasion], kind: str, when: PartialDate) -> tuple[str, Occasion | None]:
    """What to do with a yearly date for someone who has `existing` occasions.

    ("same", None) when it is there already; ("year", occasion) when it is
    there without the year we now know; ("kept", None) for a second, different
    birthday (the user's one stays); ("new", None) otherwise.
    """
    for occasion in existing:
        if occasion.kind == kind and (occasion.when.month, occasion.when.day) == (when.month, when.day):
            if occasion.when.year is None and when.year is not None:
                return "year", occasion
            return "same", None
    if kind == "birthday" and any(o.kind == "birthday" for o in existing):
        return "kept", None
    return "new", None
