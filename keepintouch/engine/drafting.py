"""What to say: a short draft for a suggestion, in the person's language.

The queue says who and why; this module writes the first words, from the
templates in the phrasebook (`phrasebook.py`) and what the app knows: the
news, their topics, the promise, the anniversary, how long since the last
touch. The "ask about next time" note comes as a note beside the text, not
in it: it is written about them, not to them, and a light touch asks
nothing (a user's own template may still use `{ask_about}`). Pure: the
network, the phrasebook and `today` are passed in.

- **Which template**: a draft is for a *trigger* (birthday, anniversary,
  news, promise, rhythm, or `awaiting`: the rhythm touch while you await
  their reply) and a *kind* of touch. The closest file wins:
  `trigger-kind`, then the trigger's, then the kind's (the kind's first for a
  rhythm touch or a kind the user chose), then `rhythm` (a plain hello).
- **Which language**: the person's, else the config's default; a template
  missing in that language comes in English, and the draft says so.
- **Which variant**: see `pick`.
- **Untrusted text**: names, topics, news and promises come from other
  people's files; they are put in as plain one-line text, never read as
  templates, and cut short.
- **Needs no answer**: every light touch and every draft while you await a
  reply. The built-in templates for those hold no question and no ask (the
  tests check), and the tone check says so if a user's own one does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from keepintouch.domain.history import TouchIndex, touch_groups
from keepintouch.domain.model import LIGHT_KINDS, NO_ANSWER_KINDS, Contact, Network, Occasion, Settings
from keepintouch.domain.safe_text import clean_line
from keepintouch.engine.due import stable_hash
from keepintouch.engine.occasions import NEWS_DAYS
from keepintouch.engine.phrasebook import BASE_LANGUAGE, OPTIONAL, SLOT, Phrasebook, since_bucket
from keepintouch.engine.queue import QueuePlanner, Suggestion
from keepintouch.engine.suggestion import TRIGGERS, short_date
from keepintouch.engine.tone import check

#: What a draft can be for: the queue's triggers, and the no-answer touch while awaiting a reply.
DRAFT_TRIGGERS: tuple[str, ...] = (*TRIGGERS, "awaiting")
#: The touches a user can ask a draft for (`draft --kind`): the light ones.
DRAFT_KINDS: tuple[str, ...] = tuple(dict.fromkeys((*LIGHT_KINDS, *NO_ANSWER_KINDS)))
#: Facts longer than this are cut: a draft quotes, it does not copy a whole note.
FACT_CHARS = 80


@dataclass(frozen=True)
class Draft:
    """A draft for one person: what it is for, in which language, the text, and what to know.

    `trigger` is None when the person has no suggestion today (a fitting
    light touch then). `notes` are short sentences about the situation (you
    await their reply; a template came in English), `tone` the tone check's
    findings on the text as drafted: the app checks the text again as the
    user edits it.
    """

    contact: Contact
    trigger: str | None
    kind: str
    language: str
    text: str
    notes: tuple[str, ...] = ()
    tone: tuple[str, ...] = ()

    @property
    def no_answer(self) -> bool:
        return needs_no_answer(self.trigger, self.kind)

    @property
    def light(self) -> bool:
        return self.kind in DRAFT_KINDS

    @property
    def hints(self) -> tuple[str, ...]:
        """Everything to know, situation first."""
        return self.notes + self.tone


def needs_no_answer(trigger: str | None, kind: str) -> bool:
    """Whether a touch is meant to need no answer: every light touch, and anything while awaiting."""
    return trigger == "awaiting" or kind in DRAFT_KINDS


def current_suggestion(
    network: Network, settings: Settings, today: date, contact: Contact, planner: QueuePlanner | None = None
) -> Suggestion | None:
    """The person's suggestion today, as the queue would word it with room for everyone.

    `planner`: one already made for this network, settings and today (the app keeps one).
    """
    planner = planner or QueuePlanner(network, settings, today)
    for suggestion in planner.queue(today, energy="normal", extra=len(network.contacts)):
        if suggestion.contact.id == contact.id:
            return suggestion
    return None


def draft_for(
    network: Network,
    contact: Contact,
    suggestion: Suggestion | None,
    book: Phrasebook,
    *,
    today: date,
    default_language: str = BASE_LANGUAGE,
    kind: str | None = None,
) -> Draft:
    """The draft for `contact`'s `suggestion` (None: a fitting light touch), or of `kind` if given."""
    history = TouchIndex(touch_groups(network), today).get(contact.id)
    unanswered = history.unanswered() if history is not None else []
    hints: list[str] = []
    if unanswered:
        hints.append(
            f"You wrote on {short_date(unanswered[0].date, today)}; "
            "a light touch that needs no answer fits, or let them be quiet."
        )
    trigger = suggestion.trigger if suggestion is not None else None
    if unanswered and trigger in (None, "rhythm"):
        trigger = "awaiting"
    if contact.ask_about.strip() and not unanswered:
        hints.append(f"To ask about next time: {plain(contact.ask_about)}.")
    chosen = kind
    if kind is None:
        if suggestion is not None:
            kind = suggestion.touch
        else:
            kind = "share" if contact.topics else "react"
        if trigger == "awaiting" and kind not in NO_ANSWER_KINDS:
            kind = "share" if contact.topics else "react"
    language = contact.language or default_language
    turn = len(history.touches) if history is not None else 0
    key, used = _template(book, trigger, kind, chosen is not None, language)
    if used != language:
        what = f"No drafts in '{language}'" if language not in book.templates else f"No '{key}' draft in '{language}'"
        hints.append(f"{what} yet, so this one is in English; you can add yours in the templates folder.")
    facts = _facts(network, contact, suggestion, book, used, today, history.last_date if history else None, turn)
    text = pick(book.variants(used, key), facts, seed=stable_hash(contact.id, key), turn=turn)
    tone = check(text, book, no_answer=needs_no_answer(trigger, kind), light=kind in DRAFT_KINDS)
    return Draft(contact, trigger, kind, used, text, tuple(hints), tuple(tone))


def _template(book: Phrasebook, trigger: str | None, kind: str, chosen: bool, language: str) -> tuple[str, str]:
    """(template key, language) of the closest template, in the person's language if there is one."""
    keys = [f"{trigger}-{kind}"] if trigger else []
    if trigger is None or trigger == "rhythm" or chosen:
        keys += [kind, trigger or "rhythm"]
    else:
        keys += [trigger, kind]
    keys.append("rhythm")
    for lang in dict.fromkeys((language, BASE_LANGUAGE)):
        for key in keys:
            if book.variants(lang, key):
                return key, lang
    raise LookupError("the phrasebook has no 'rhythm' template")  # the built-in one always has


def pick(variants: tuple[str, ...], facts: dict[str, str], *, seed: int, turn: int) -> str:
    """One variant, filled in, turning one step with every touch logged.

    Only the variants whose facts are all known take part. Which one comes
    from the person (`seed`) and how many touches you have logged with them
    (`turn`): stable while one suggestion waits, the next one after each
    touch, so the same person does not get the same words twice in a row,
    and no hidden "last used" state has to be stored or synced.
    """
    filled = [text for text in (fill(v, facts) for v in variants) if text is not None]
    return filled[(seed + turn) % len(filled)]


def fill(variant: str, facts: dict[str, str]) -> str | None:
    """The variant with its facts in; None when a fact outside `[[ ]]` is unknown.

    One pass each, so a fact that looks like a placeholder stays text.
    """

    def optional(match: re.Match[str]) -> str:
        part = match.group(1)
        return part if all(facts.get(name) for name in SLOT.findall(part)) else ""

    text = OPTIONAL.sub(optional, variant)
    if not all(facts.get(name) for name in SLOT.findall(text)):
        return None
    return SLOT.sub(lambda match: facts[match.group(1)], text)


def plain(text: str, limit: int = FACT_CHARS) -> str:
    """Untrusted text as one calm line: no control characters, spaces collapsed, cut short."""
    line = " ".join(clean_line(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _facts(
    network: Network,
    contact: Contact,
    suggestion: Suggestion | None,
    book: Phrasebook,
    language: str,
    today: date,
    last: date | None,
    turn: int,
) -> dict[str, str]:
    """What a template may say about this person, each a plain line; unknown ones left out."""
    facts = {
        "name": plain(contact.name).split(" ")[0] if contact.name.strip() else "",
        "org": plain(contact.org),
        "role": plain(contact.role),
        "ask_about": plain(contact.ask_about),
    }
    topics = [plain(t) for t in contact.topics if t.strip()]
    if topics:
        facts["topic"] = topics[(stable_hash(contact.id, "topic") + turn) % len(topics)]
    if last is not None and last <= today:
        facts["since"] = book.since.get(language, {}).get(since_bucket((today - last).days), "")
    mine = [o for o in network.occasions if o.contact_id == contact.id]
    news = [o for o in mine if not o.yearly and 0 <= (today - _day(o)).days < NEWS_DAYS and o.label.strip()]
    if news:
        facts["news"] = plain(max(news, key=_day).label)
    when = suggestion.due if suggestion is not None and suggestion.trigger == "anniversary" else today
    yearly = [o for o in mine if o.yearly and o.kind != "birthday" and o.label.strip() and _falls_on(o, when)]
    if yearly:
        facts["occasion"] = plain(yearly[0].label)
    promises = sorted(
        (p for p in network.promises if p.contact_id == contact.id and not p.done and p.text.strip()),
        key=lambda p: (p.due is None, p.due or today, p.created),
    )
    if promises:
        facts["promise"] = plain(promises[0].text)
    return {name: value for name, value in facts.items() if value}


def _day(occasion: Occasion) -> date:
    return occasion.when.in_year(occasion.when.year or 2000)


def _falls_on(occasion: Occasion, day: date) -> bool:
    return occasion.when.in_year(day.year) == day
