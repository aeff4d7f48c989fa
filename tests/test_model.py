"""The model's JSON codec: every record survives to_dict → JSON → from_dict unchanged."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from strategies import partial_dates, records

from keepintouch.domain.model import PartialDate, Record


@given(records)
def test_record_round_trips_through_dict(record: Record) -> None:
    assert type(record).from_dict(record.to_dict()) == record


@given(records)
def test_record_round_trips_through_json(record: Record) -> None:
    data = orjson.loads(orjson.dumps(record.to_dict()))
    assert type(record).from_dict(data) == record


@given(partial_dates())
def test_partial_date_round_trips_through_text(when: PartialDate) -> None:
    assert PartialDate.parse(when.isoformat()) == when


def test_partial_date_without_year_allows_29_february() -> None:
    assert PartialDate.parse("--02-29").in_year(2027).isoformat() == "2027-02-28"


@pytest.mark.parametrize("text", ["2026-02-30", "--13-01", "26-01-01", "yesterday"])
def test_partial_date_rejects_non_dates(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@given(records)
def test_unknown_keys_are_ignored(record: Record) -> None:
    stored = record.to_dict() | {"from_a_newer_version": 1}
    assert type(record).from_dict(stored) == record
