"""What the app's forms hand back, kept exactly as typed, and how each becomes an intent.

A draft can reopen its form when a save fails. `person_change` compares the
form as it was opened with the form as it is saved, so only what the user
changed reaches `edit_person` (edits are changes, not copies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from keepintouch.actions.people import PersonChange, birthday_of, clean_name
from keepintouch.domain.model import Contact, Network, PartialDate, normalize_language
from keepintouch.domain.timespec import normalize_rhythm, parse_date, span_end


def split_list(text: str) -> list[str]:
    """ "a, b,, c" -> ["a", "b", "c"] """
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_due(text: str, today: date) -> date | None:
    """A promise's due date: blank, a date, or a duration from today (`2w`)."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    try:
        return span_end(today, text)
    except ValueError:
        raise ValueError(f"not a date or duration: {text!r} (use YYYY-MM-DD or e.g. 3d, 2w)") from None


def parse_future_date(text: str, today: date) -> date:
    """A date after today (for snoozing and pausing)."""
    day = parse_date(text)
    if day <= today:
        raise ValueError("pick a date after today")
    return day


def parse_past_date(text: str, today: date) -> date:
    """The date of something that happened: today or before."""
    day = parse_date(text)
    if day > today:
        raise ValueError("that date is still to come")
    return day


def parse_birthday(text: str) -> PartialDate | None:
    """Blank, `YYYY-MM-DD` or `--MM-DD` (no year)."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 5 and text[2] == "-":  # MM-DD, forgiving
        text = "--" + text
    return PartialDate.parse(text)


#: The person form's plain text fields and its comma-separated list fields.
TEXT_FIELDS = ("name", "org", "role", "met", "ask_about")
LIST_FIELDS = ("tags", "emails", "phones", "urls", "topics")


@dataclass
class PersonDraft:
    name: str = ""
    org: str = ""
    role: str = ""
    met: str = ""
    ask_about: str = ""
    language: str = ""
    tags: str = ""
    emails: str = ""
    phones: str = ""
    urls: str = ""
    topics: str = ""
    rhythm: str = "none"
    birthday: str = ""
    archived: bool = False
    contact_id: str | None = None

    @classmethod
    def of(cls, contact: Contact, network: Network) -> PersonDraft:
        birthday = birthday_of(network, contact.id)
        return cls(
            name=contact.name,
            org=contact.org,
            role=contact.role,
            met=contact.met,
            ask_about=contact.ask_about,
            language=contact.language,
            tags=", ".join(contact.tags),
            emails=", ".join(contact.emails),
            phones=", ".join(contact.phones),
            urls=", ".join(contact.urls),
            topics=", ".join(contact.topics),
            rhythm=contact.rhythm,
            birthday=birthday.when.isoformat() if birthday else "",
            archived=contact.archived,
            contact_id=contact.id,
        )


def person_change(opened: PersonDraft, saved: PersonDraft) -> PersonChange:
    """Only what the user changed between opening and saving the form.

    `seen` holds the values the form showed, so `edit_person` can tell when
    one of the fields changed here had also been changed elsewhere meanwhile.
    """
    change = PersonChange()

    def compare(name: str, shown: object, now: object) -> None:
        if now != shown:
            change.set[name] = now
            change.seen[name] = shown

    compare("name", opened.name, clean_name(saved.name))  # a name stored unclean is cleaned by saving
    for name in TEXT_FIELDS[1:]:
        compare(name, getattr(opened, name), getattr(saved, name).strip())
    compare("rhythm", normalize_rhythm(opened.rhythm), normalize_rhythm(saved.rhythm))
    compare("language", normalize_language(opened.language), normalize_language(saved.language))
    compare("birthday", parse_birthday(opened.birthday), parse_birthday(saved.birthday))
    compare("archived", opened.archived, saved.archived)
    for name in LIST_FIELDS:
        before, after = split_list(getattr(opened, name)), split_list(getattr(saved, name))
        before_keys, after_keys = {v.casefold() for v in before}, {v.casefold() for v in after}
        added = [v for v in after if v.casefold() not in before_keys]
        dropped = [v for v in before if v.casefold() not in after_keys]
        if added:
            change.add[name] = added
        if dropped:
            change.drop[name] = dropped
    return change


@dataclass
class NewsDraft:
    contact_id: str
    text: str = ""
    day: date | None = None


@dataclass
class PromiseDraft:
    contact_id: str
    text: str = ""
    due: str = ""
