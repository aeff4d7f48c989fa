"""The domain model: plain dataclasses for everything keepintouch remembers.

Every record has a stable id and created/updated timestamps, and converts to
and from a JSON-ready dict without loss (`to_dict` / `from_dict`). Dates are
ISO 8601 strings on disk; a yearly date may lack its year (`--MM-DD`).

No I/O and no Textual here: the store, the rhythm engine, the importers and
the UI all speak in these types.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
import types
import typing
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Self

TOUCH_KINDS: tuple[str, ...] = (
    "react",
    "congrats",
    "share",
    "thanks",
    "comment",
    "message",
    "call",
    "coffee",
    "meeting",
    "intro",
    "other",
)
#: Touches that ask nothing of the other person: fine while awaiting a reply.
NO_ANSWER_KINDS: tuple[str, ...] = ("react", "comment", "share")
#: The lightest gestures, the only ones offered on a low-energy day.
LIGHT_KINDS: tuple[str, ...] = ("react", "congrats", "thanks", "share")

DIRECTIONS: tuple[str, ...] = ("out", "in")
OCCASION_KINDS: tuple[str, ...] = ("birthday", "anniversary", "news", "custom")
ENERGY_LEVELS: tuple[str, ...] = ("low", "normal", "high")


#: A language code: two or three letters, optionally a region ("pt-br").
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


def normalize_language(text: str) -> str:
    """A person's or the config's draft language, lower case ("DE " -> "de").

    Empty stays empty (a person without one uses the config's default).
    Whether drafts exist in that language is the drafting engine's business:
    a user may add a language as templates, so no fixed list here.
    """
    code = text.strip().lower().replace("_", "-")
    if code and not _LANGUAGE_RE.match(code):
        raise ValueError(f"not a language code: {text!r} (use two letters, like en or de)")
    return code


def new_id() -> str:
    """A short random id: unique enough for one person's network, stable forever."""
    return secrets.token_hex(6)


#: The timestamp of a record not stored yet: the store stamps it with its
#: clock on the first `put`, so the model itself never reads the time.
UNSAVED = datetime(1970, 1, 1, tzinfo=UTC)


# --------------------------------------------------------------------------
# Partial dates (a birthday may have no year)


_PARTIAL_RE = re.compile(r"^(?:(\d{4})|-)-(\d{2})-(\d{2})$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A month and day, with the year when it is known.

    Written as `YYYY-MM-DD` or, without a year, `--MM-DD` (as vCard 4 does).
    """

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February without a year is valid.
        date(self.year or 2000, self.month, self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_RE.match(text.strip())
        if not match:
            raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or --MM-DD)")
        year, month, day = match.groups()
        try:
            return cls(int(month), int(day), int(year) if year else None)
        except ValueError:
            raise ValueError(f"not a real date: {text!r}") from None

    def isoformat(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def in_year(self, year: int) -> date:
        """This date in a given year; 29 February falls on the 28th in other years."""
        if self.month == 2 and self.day == 29:
            try:
                return date(year, 2, 29)
            except ValueError:
                return date(year, 2, 28)
        return date(year, self.month, self.day)


# --------------------------------------------------------------------------
# Generic JSON codec driven by the dataclass annotations


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


#: The plain JSON types a field may hold as they are; a value of another type is damage, not data.
_PLAIN = (str, bool, int)


def _plain(tp: Any, value: Any) -> Any:
    if type(value) is not tp:
        raise TypeError(f"{value!r} is {type(value).__name__}, not {tp.__name__}")
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    if tp in _PLAIN:
        return _plain(tp, value)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner[0], value)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in _plain(list, value)]
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: _decode(item, v) for k, v in _plain(dict, value).items()}
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is PartialDate:
        return PartialDate.parse(value)
    return value


class Record:
    """Shared behaviour of stored records: identity, timestamps, JSON."""

    #: The TinyDB table that holds this kind of record.
    table: ClassVar[str]
    # Every record class is a dataclass declaring these fields (annotations only, for the type checker).
    id: str
    created: datetime
    updated: datetime

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from stored JSON; unknown keys are ignored, missing ones defaulted."""
        decoder = _DECODERS.get(cls)
        if decoder is None:
            decoder = _DECODERS[cls] = _compile_decoder(cls)
        return decoder(data)  # type: ignore[no-any-return]

    @classmethod
    def _from_dict_slow(cls, data: dict[str, Any]) -> Self:
        """`from_dict` for records missing some fields: the generic, annotation-driven way."""
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                try:
                    kwargs[f.name] = _decode(hints[f.name], data[f.name])
                except (AttributeError, TypeError, ValueError) as error:
                    raise type(error)(f"{f.name}: {error}") from None
        return cls(**kwargs)

    def touched(self, now: datetime) -> Self:
        """A copy with `updated` set to now, and `created` too if it never was."""
        created = now if self.created == UNSAVED else self.created
        return dataclasses.replace(self, created=created, updated=now)  # type: ignore[type-var]


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


# Decoding is the bulk of opening a big database (100,000 touches), and the
# generic `_decode` walks the annotations again for every value. So each
# record class gets a decoder compiled once from the same annotations: for a
# document holding every field (what we write), one positional constructor
# call, converting only the dates; if that fails in any way (a missing
# field, a bad value), the generic way above decides, so the values and the
# errors are the same: a converter is exactly what `_decode` does for its type.

_DECODERS: dict[type, Callable[[dict[str, Any]], Any]] = {}


def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """What `_decode(tp, value)` does to a value that is not None; None when it keeps it."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _converter([a for a in typing.get_args(tp) if a is not type(None)][0])
    if origin is list:
        (item,) = typing.get_args(tp)
        if item is str:
            return _text_list
        return lambda value: [_decode(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp)
        if item is str:
            return _text_map
        return lambda value: {k: _decode(item, v) for k, v in value.items()}
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if tp is PartialDate:
        return PartialDate.parse
    return None


def _text_list(value: Any) -> list[str]:
    """A copy of a stored list of texts (most are empty: that way is the quickest)."""
    if type(value) is list:
        for v in value:
            if type(v) is not str:
                break
        else:
            return value[:]
    raise TypeError("not a list of texts")


def _text_map(value: Any) -> dict[str, str]:
    if type(value) is dict:
        for v in value.values():
            if type(v) is not str:
                break
        else:
            return value.copy()
    raise TypeError("not a map of texts")


def _compile_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        return cls._from_dict_slow  # type: ignore[attr-defined, no-any-return]
    hints = _hints(cls)
    namespace: dict[str, Any] = {"cls": cls, "slow": cls._from_dict_slow, "plain": _plain}  # type: ignore[attr-defined]
    args = []
    for i, f in enumerate(fields):
        convert = _converter(hints[f.name])
        if hints[f.name] in _PLAIN:  # checked inline: a type comparison, no call
            plain = hints[f.name].__name__
            args.append(f"(v{i} if type(v{i} := data[{f.name!r}]) is {plain} else plain({plain}, v{i}))")
        elif convert is None:
            args.append(f"data[{f.name!r}]")
        else:
            namespace[f"c{i}"] = convert
            args.append(f"(None if (v{i} := data[{f.name!r}]) is None else c{i}(v{i}))")
    source = (
        "def decode(data):\n"
        "    if type(data) is dict:\n"
        "        try:\n"
        f"            return cls({', '.join(args)})\n"
        "        except Exception:  # e.g. a missing field: the generic way decides, and raises\n"
        "            pass\n"
        "    return slow(data)\n"
    )
    exec(source, namespace)  # noqa: S102 - built from our own field names only
    return namespace["decode"]  # type: ignore[no-any-return]


# --------------------------------------------------------------------------
# Records


@dataclass
class Contact(Record):
    """A person in your network.

    `rhythm` is a rhythm spec ("monthly", "6w", "none"; see `timespec.py`).
    `first_due` spreads the first suggestion of people never touched yet.
    `language` is the language drafts are written in ("de", "en"); empty
    means the config's `language`, so changing that default moves everyone
    who never chose one.
    What address books hold beyond that is kept as they hold it: `nickname`,
    `addresses` (postal addresses as multi-line text), `related` (names of
    people they are related to), and `labels`, which gives a phone, e-mail,
    address or related name its label ("work", "mobile", "spouse"): a value
    without a label is simply not a key.
    """

    table: ClassVar[str] = "contacts"

    name: str
    org: str = ""
    role: str = ""
    met: str = ""
    tags: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    notes: str = ""
    #: A short "ask about next time" note: what they told you, to follow up on.
    ask_about: str = ""
    nickname: str = ""
    addresses: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    rhythm: str = "none"
    first_due: date | None = None
    snoozed_until: date | None = None
    archived: bool = False
    language: str = ""
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED

    def is_snoozed(self, today: date) -> bool:
        return self.snoozed_until is not None and today < self.snoozed_until


@dataclass
class Touch(Record):
    """One interaction, in either direction (`out`: you reached out, `in`: they did).

    One coffee with three people is three touches, one in each person's
    history, sharing a `group` id (and the note, typed once).
    """

    table: ClassVar[str] = "touches"

    contact_id: str
    date: date
    kind: str = "message"
    direction: str = "out"
    note: str = ""
    asked: bool = False
    gave: bool = False
    awaiting_reply: bool = False
    group: str = ""
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED

    def __post_init__(self) -> None:
        if self.kind not in TOUCH_KINDS:
            raise ValueError(f"unknown touch kind {self.kind!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")

    @property
    def inbound(self) -> bool:
        return self.direction == "in"


@dataclass
class Promise(Record):
    """Something small you said you would do for someone."""

    table: ClassVar[str] = "promises"

    contact_id: str
    text: str
    due: date | None = None
    done: bool = False
    done_on: date | None = None
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED


@dataclass
class Occasion(Record):
    """A dated reason to get in touch.

    Yearly ones (birthday, anniversary, custom yearly) repeat on `when`'s month
    and day; one-off ones (news) happened on `when`, which then has a year.
    """

    table: ClassVar[str] = "occasions"

    contact_id: str
    kind: str
    when: PartialDate
    label: str = ""
    yearly: bool = True
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED

    def __post_init__(self) -> None:
        if self.kind not in OCCASION_KINDS:
            raise ValueError(f"unknown occasion kind {self.kind!r}")
        if not self.yearly and self.when.year is None:
            raise ValueError("a one-off occasion needs a full date")


@dataclass
class Pause(Record):
    """A global rest: the queue is empty from `start` until (not including) `until`."""

    table: ClassVar[str] = "pauses"

    start: date
    until: date
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED

    def covers(self, day: date) -> bool:
        return self.start <= day < self.until


@dataclass
class Day(Record):
    """What the user said about one day: their energy and whom they skipped."""

    table: ClassVar[str] = "days"

    date: date
    energy: str = "normal"
    skipped: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created: datetime = UNSAVED
    updated: datetime = UNSAVED

    def __post_init__(self) -> None:
        if self.energy not in ENERGY_LEVELS:
            raise ValueError(f"unknown energy level {self.energy!r}")


RECORD_TYPES: tuple[type[Record], ...] = (Contact, Touch, Promise, Occasion, Pause, Day)


#: The periods a rhythm budget can be counted over (`Settings.budget_period`).
BUDGET_PERIODS = ("day", "week", "month")


@dataclass
class Settings:
    """User preferences from the config file (see `store/config.py`).

    `budget` plain rhythm people are offered per `budget_period` (principle
    2: "one or two names a month are enough"). `daily_budget=N` is the
    older way to say `budget=N, budget_period="day"`; it is kept so that
    old config files and callers go on meaning what they meant.
    """

    budget: int = 2
    budget_period: str = "week"
    #: Someone added by hand is added to keep in touch: in the loop from the start (imports stay an address book).
    default_rhythm: str = "monthly"
    backup_count: int = 7
    theme: str = "textual-dark"
    window_day: str = "friday"
    window_minutes: int = 15
    language: str = "en"
    #: A vdir folder (khard, vdirsyncer) kept in step at start and after each change that reaches a card; "" for none.
    vdir: str = ""
    daily_budget: InitVar[int | None] = None

    def __post_init__(self, daily_budget: int | None) -> None:
        if daily_budget is not None:
            self.budget, self.budget_period = daily_budget, "day"
        if self.budget_period not in BUDGET_PERIODS:
            raise ValueError(f"unknown budget period {self.budget_period!r}")


@dataclass
class Network:
    """Everything the rhythm engine needs, as one immutable-ish snapshot."""

    contacts: list[Contact] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    occasions: list[Occasion] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    #: The touches grouped by person (a `history.TouchGroups`), as the store keeps them
    #: between saves; None: the engine groups them itself. Not an init field, so a
    #: `dataclasses.replace` with other touches never carries stale groups along.
    touch_groups: Any = field(default=None, init=False, repr=False, compare=False)
