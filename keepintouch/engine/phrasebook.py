"""The words drafts are made of: templates, time phrases and tone phrases, per language.

They are plain files (`templates/<language>/`, described in its README), so
a language is added as data, not code, and a user changes the wording by
putting files of the same layout in a folder of their own (the `templates`
folder next to their config file). The caller passes that folder in; this
module never looks for it.

A user's `<key>.txt` replaces the built-in file of that name; a user's
`words.toml` replaces single phrases; the lists in a user's `tone.toml` are
added to the built-in ones. A file we cannot use stops with one line naming
it and what to fix, never with a half-read phrasebook.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TypeGuard

#: The language every draft falls back to: it has every template.
BASE_LANGUAGE = "en"
#: What the tone check looks for (the keys of `tone.toml`).
TONE_CATEGORIES: tuple[str, ...] = ("chain", "hidden_ask")
#: The buckets of `words.toml`'s [since] table, shortest first.
SINCE_BUCKETS: tuple[str, ...] = ("days", "weeks", "months", "year", "years")

#: `{name}`: a fact filled in; `[[ … ]]`: words left out when a fact inside is unknown.
SLOT = re.compile(r"\{([a-z_]+)\}")
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_SEPARATOR = re.compile(r"^---\s*$", re.MULTILINE)
_KEY = re.compile(r"^[a-z]+(?:-[a-z]+)?$")
_WORD = re.compile(r"\w")


class PhrasebookError(ValueError):
    """A template file we cannot use, phrased as one line for the user."""


@dataclass
class Phrasebook:
    """Everything drafting and the tone check read, merged from the package and the user."""

    #: language -> template key (a trigger, a touch kind, or "trigger-kind") -> variants
    templates: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: language -> bucket -> phrase for `{since}`
    since: dict[str, dict[str, str]] = field(default_factory=dict)
    #: category -> phrases, all languages together (a German message may quote English)
    tone: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def variants(self, language: str, key: str) -> tuple[str, ...]:
        return self.templates.get(language, {}).get(key, ())


def load_phrasebook(user_dir: Path | None = None) -> Phrasebook:
    """The built-in phrasebook, with the user's files from `user_dir` (if it exists) on top."""
    book = Phrasebook()
    _read_tree(book, resources.files("keepintouch.engine") / "templates", "")
    if user_dir is not None and user_dir.is_dir():
        _read_tree(book, user_dir, f"{user_dir}/")
    book.tone = {name: tuple(dict.fromkeys(phrases)) for name, phrases in book.tone.items()}
    return book


def _read_tree(book: Phrasebook, root: Traversable | Path, shown: str) -> None:
    for folder in sorted(root.iterdir(), key=lambda entry: entry.name):
        if not folder.is_dir() or folder.name.startswith((".", "_")):
            continue
        language = folder.name.lower()
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            where = f"{shown}{folder.name}/{entry.name}"
            if entry.name.endswith(".txt"):
                key = entry.name[: -len(".txt")]
                if not _KEY.match(key):
                    raise PhrasebookError(f"template {where}: name it after a trigger or touch, like share.txt")
                book.templates.setdefault(language, {})[key] = parse_template(_text(entry, where), where)
            elif entry.name == "words.toml":
                since = _toml(entry, where).get("since", {})
                if not isinstance(since, dict) or not all(isinstance(v, str) for v in since.values()):
                    raise PhrasebookError(f"{where}: [since] must hold text phrases, like weeks = \"a few weeks\"")
                book.since.setdefault(language, {}).update(since)
            elif entry.name == "tone.toml":
                for name, phrases in _toml(entry, where).items():
                    if name not in TONE_CATEGORIES or not _strings(phrases):
                        raise PhrasebookError(
                            f"{where}: '{name}' must be one of {', '.join(TONE_CATEGORIES)}, a list of phrases"
                        )
                    words = (p.strip().casefold() for p in phrases if _WORD.search(p))  # "…" alone would match anything
                    book.tone[name] = (*book.tone.get(name, ()), *words)


def parse_template(text: str, where: str) -> tuple[str, ...]:
    """The variants of one template file, checked so that one always fits."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    variants = tuple(v.strip() for v in _SEPARATOR.split("\n".join(lines)) if v.strip())
    for variant in variants:
        bare = SLOT.sub("", OPTIONAL.sub(lambda m: SLOT.sub("", m.group(1)), variant))
        if any(mark in bare for mark in "{}") or "[[" in bare or "]]" in bare:
            raise PhrasebookError(f"template {where}: a brace or [[ ]] is not closed in: {variant[:40]!r}")
    if not any(not SLOT.search(OPTIONAL.sub("", v)) for v in variants):
        raise PhrasebookError(
            f"template {where}: add one variant that needs no facts (put {{placeholders}} inside [[ ]])"
        )
    return variants


def _text(entry: Traversable | Path, where: str) -> str:
    try:
        return entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PhrasebookError(f"cannot read template {where}: {error}") from None


def _toml(entry: Traversable | Path, where: str) -> dict[str, object]:
    try:
        return tomllib.loads(_text(entry, where))
    except tomllib.TOMLDecodeError as error:
        raise PhrasebookError(f"{where} is not valid TOML: {error}") from None


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def since_bucket(days: int) -> str:
    """Which `words.toml` phrase says how long `days` is: roughly, never a count."""
    for bucket, limit in zip(SINCE_BUCKETS, (14, 60, 300, 500), strict=False):
        if days < limit:
            return bucket
    return SINCE_BUCKETS[-1]

