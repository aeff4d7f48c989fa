"""Parsing dates, durations and rhythms as people type them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepintouch.domain.timespec import ago, normalize_rhythm, parse_date, parse_span, rhythm_days, rhythm_label, span_end


@pytest.mark.parametrize(
    ("spec", "days"),
    [("weekly", 7), ("biweekly", 14), ("monthly", 30), ("quarterly", 91), ("twice-a-year", 182), ("yearly", 365), ("45d", 45), ("6w", 42), ("2m", 60), ("1y", 365), ("none", None), ("Twice a year", 182)],
)
def test_rhythm_lengths(spec: str, days: int | None) -> None:
    assert rhythm_days(spec) == days


@pytest.mark.parametrize("bad", ["sometimes", "0d", "6x", "-3w", "", "w6"])
def test_bad_rhythms_and_spans_are_refused_with_a_hint(bad: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        normalize_rhythm(bad) if bad else parse_span(bad)


def test_rhythm_labels_read_naturally() -> None:
    assert rhythm_label("twice-a-year") == "Twice a year"
    assert rhythm_label("6w") == "Every 6 weeks"
    assert rhythm_label("1m") == "Every 1 month"
    assert rhythm_label("none") == "No rhythm"


def test_span_end_follows_the_calendar_for_months() -> None:
    assert span_end(date(2026, 1, 31), "1m") == date(2026, 2, 28)
    assert span_end(date(2026, 11, 23), "2w") == date(2026, 12, 7)
    assert span_end(date(2024, 2, 29), "1y") == date(2025, 2, 28)


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("2026-02-30")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 2000))
def test_ago_never_guilts_and_is_monotonic_in_units(then: date, days: int) -> None:
    from datetime import timedelta

    text = ago(then, then + timedelta(days=days))
    assert "overdue" not in text
    assert text in ("today", "yesterday") or text.endswith(" ago")
