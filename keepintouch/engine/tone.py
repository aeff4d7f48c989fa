"""A gentle tone check: names what in a message goes against the principles, never blocks.

Four things, each found at most once and said in one short, kind sentence
that names the principle (PRODUCT.md, principles 5, 6 and 8):

- a **message chain**: a nudge about an unanswered message ("did you see my
  message", "Hallo?", "meld dich");
- a **hidden ask**: an ask wrapped in small talk ("quick question", "kurze
  Frage");
- a **question** in a touch meant to need no answer;
- a **long message** for a light touch.

The phrases are data (`tone.toml` per language, the user's added on top, see
`phrasebook.py`); every language's phrases are looked for in every message,
since people mix them. Pure: no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

from keepintouch.engine.phrasebook import Phrasebook

#: A light touch longer than this many words is more than a light touch.
LIGHT_WORDS = 80

#: What each category says; {phrase} is what was found.
_SAYS = {
    "chain": "Let them be silent: “{phrase}” reads like a nudge about an unanswered message. "
    "A touch that needs no answer fits better, or none at all.",
    "hidden_ask": "Ask openly: “{phrase}” can hide an ask. Say plainly what you would like, or give first.",
}
QUESTION = "This touch is meant to need no answer, yet it asks a question. Ending on a statement lets them simply enjoy it."
LONG = "Light touches work best short: a few lines are plenty."


def check(text: str, book: Phrasebook, *, no_answer: bool = False, light: bool = False) -> list[str]:
    """The hints for `text`, in a fixed order; empty when nothing stands out.

    `no_answer`: the touch is meant to need no answer (a question gets a
    hint). `light`: it is a light touch (a long text gets a hint).
    """
    hints = []
    folded = " ".join(text.casefold().split())
    for category in ("chain", "hidden_ask"):
        found = _pattern(book.tone.get(category, ())).search(folded) if book.tone.get(category) else None
        if found:
            hints.append(_SAYS[category].format(phrase=_shown(text, found.group(0))))
    if no_answer and "?" in text:
        hints.append(QUESTION)
    if light and len(text.split()) > LIGHT_WORDS:
        hints.append(LONG)
    return hints


@lru_cache(maxsize=16)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a list of phrases, longest first.

    A phrase matches as whole words ("bump" is not "bumped"); "…" (or "...")
    in a phrase stands for up to six words ("hast du … gesehen").
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile("|".join(_phrase_pattern(p) for p in ordered))


def _phrase_pattern(phrase: str) -> str:
    parts = [p.strip() for p in re.split(r"…|\.\.\.", phrase) if p.strip()]
    words = [r"\s+".join(map(re.escape, part.split())) for part in parts]
    body = r"(?:\W+\w+){0,6}?\W+".join(words)
    start = r"\b" if parts and parts[0][:1].isalnum() else ""
    end = r"\b" if parts and parts[-1][-1:].isalnum() else ""
    return f"{start}{body}{end}"


def _shown(text: str, found: str) -> str:
    """The found phrase as the user wrote it (case kept), cut short if long."""
    words = found.split()
    match = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE)
    shown = match.group(0) if match else found
    shown = " ".join(shown.split())
    return shown if len(shown) <= 40 else shown[:39] + "…"
