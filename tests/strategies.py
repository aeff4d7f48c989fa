"""Hypothesis strategies for the model's records, shared by every test that needs random data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import strategies as st

from keepintouch.domain.model import (
    DIRECTIONS,
    ENERGY_LEVELS,
    OCCASION_KINDS,
    TOUCH_KINDS,
    Contact,
    Day,
    Occasion,
    PartialDate,
    Pause,
    Promise,
    Touch,
)

#: Any text JSON can carry (lone surrogates cannot be encoded as UTF-8).
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
short_lists = st.lists(texts, max_size=3)
ids = st.text("0123456789abcdef", min_size=12, max_size=12)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
rhythms = st.sampled_from(["none", "weekly", "biweekly", "monthly", "quarterly", "yearly", "6w", "45d"])


@st.composite
def partial_dates(draw: st.DrawFn, with_year: bool | None = None) -> PartialDate:
    day = draw(dates)
    keep_year = draw(st.booleans()) if with_year is None else with_year
    return PartialDate(day.month, day.day, day.year if keep_year else None)


def _stamped(cls: type, **fields: object) -> st.SearchStrategy:
    """Records of `cls` with random id and timestamps besides `fields`."""
    return st.builds(cls, id=ids, created=datetimes, updated=datetimes, **fields)


contacts = _stamped(
    Contact,
    name=texts,
    org=texts,
    role=texts,
    met=texts,
    tags=short_lists,
    emails=short_lists,
    phones=short_lists,
    urls=short_lists,
    handles=st.dictionaries(texts, texts, max_size=3),
    topics=short_lists,
    notes=texts,
    rhythm=rhythms,
    first_due=st.none() | dates,
    snoozed_until=st.none() | dates,
    archived=st.booleans(),
    language=st.sampled_from(["", "en", "de", "pt-br"]),
)
touches = _stamped(
    Touch,
    contact_id=ids,
    date=dates,
    kind=st.sampled_from(TOUCH_KINDS),
    direction=st.sampled_from(DIRECTIONS),
    note=texts,
    asked=st.booleans(),
    gave=st.booleans(),
    awaiting_reply=st.booleans(),
)
promises = _stamped(
    Promise,
    contact_id=ids,
    text=texts,
    due=st.none() | dates,
    done=st.booleans(),
    done_on=st.none() | dates,
)
occasions = st.one_of(
    _stamped(Occasion, contact_id=ids, kind=st.sampled_from(OCCASION_KINDS), when=partial_dates(),
             label=texts, yearly=st.just(True)),
    _stamped(Occasion, contact_id=ids, kind=st.sampled_from(OCCASION_KINDS),
             when=partial_dates(with_year=True), label=texts, yearly=st.just(False)),
)
pauses = _stamped(Pause, start=dates, until=dates)
days = _stamped(Day, date=dates, energy=st.sampled_from(ENERGY_LEVELS), skipped=st.lists(ids, max_size=3))

#: One record of any stored kind.
records = st.one_of(contacts, touches, promises, occasions, pauses, days)
