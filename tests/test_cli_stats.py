"""`keepintouch stats`: calm text, the JSON others read, `--year`, and a bad year."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keepintouch.actions.demo import write_demo_db
from keepintouch.cli import main
from keepintouch.domain.clock import Clock
from keepintouch.domain.model import TOUCH_KINDS, Contact, Promise, Touch
from keepintouch.store.database import Store

TODAY = date(2026, 11, 23)
STAMP = datetime(2025, 1, 1, 12, tzinfo=UTC)
KEYS = {
    "period", "touches_total", "touches_by_kind", "inbound", "outbound", "people_touched", "by_month", "days",
    "in_rhythm", "balance", "could_give", "promises",
}  # fmt: skip


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), "--config", str(db.with_suffix(".toml")), "--today", TODAY.isoformat(), "stats", *args])


def stats(db: Path, *args: str) -> dict:
    result = run(db, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Ada (monthly, touched lately), Ben (quarterly, asked lately) and a few promises."""
    db = tmp_path / "db.json"
    ada = Contact(name="Ada Okafor", id="ada", rhythm="monthly", tags=["data"], created=STAMP, updated=STAMP)
    ben = Contact(name="Ben Berg", id="ben", rhythm="quarterly", tags=["data"], created=STAMP, updated=STAMP)
    records = [
        ada,
        ben,
        Touch(contact_id="ada", date=date(2026, 11, 20), kind="coffee", gave=True),
        Touch(contact_id="ada", date=date(2026, 3, 2), kind="share", direction="in"),
        Touch(contact_id="ben", date=date(2026, 6, 1), kind="call", asked=True),
        Touch(contact_id="ben", date=date(2025, 6, 1), kind="message"),  # before the last 12 months
        Promise(contact_id="ada", text="send the article", due=date(2026, 11, 1), done=True, done_on=date(2026, 10, 30)),
        Promise(contact_id="ben", text="intro to Gus", due=date(2026, 5, 1), done=True, done_on=date(2026, 5, 9)),
        Promise(contact_id="ben", text="lunch", due=None),
    ]
    store = Store(db, Clock(TODAY))
    with store.transaction() as tx:
        tx.put_many(records)
    return db


def test_json_has_the_figures_of_the_last_12_months(small: Path) -> None:
    data = stats(small)
    assert KEYS <= data.keys()
    assert data["period"] == {"start": "2025-12-01", "end": "2026-11-23", "year": None}
    assert data["touches_total"] == 3
    assert data["touches_by_kind"] == {kind: int(kind in ("coffee", "share", "call")) for kind in TOUCH_KINDS}
    assert (data["inbound"], data["outbound"]) == (1, 2)
    assert data["in_rhythm"] == {"kept": 1, "with_rhythm": 2, "by_tag": {"data": {"kept": 1, "with_rhythm": 2}}}
    assert data["balance"] == {"gave": 1, "asked": 1}
    assert data["promises"] == {"on_time": 1, "late": 1, "open": 1}
    assert [g["contact"] for g in data["could_give"]] == ["Ben Berg"]
    assert data["could_give"][0] == {"contact": "Ben Berg", "contact_id": "ben", "gave": 0, "asked": 1, "last_asked": "2026-06-01"}
    assert len(data["by_month"]) == 12
    assert data["by_month"][3] == {"month": "2026-03", "total": 1, "by_kind": {"share": 1}}
    assert data["days"] == [
        {"date": "2026-03-02", "in": 1, "out": 0},
        {"date": "2026-06-01", "in": 0, "out": 1},
        {"date": "2026-11-20", "in": 0, "out": 1},
    ]


def test_year_gives_that_calendar_year(small: Path) -> None:
    data = stats(small, "--year", "2025")
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31", "year": 2025}
    assert data["touches_total"] == 1 and data["touches_by_kind"]["message"] == 1
    assert [m["month"] for m in data["by_month"]] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert data["promises"] == {"on_time": 0, "late": 0, "open": 0}  # the store stamped them made in 2026
    this_year = stats(small, "--year", "2026")
    assert this_year["period"]["end"] == "2026-11-23"


def test_text_reads_calmly(small: Path) -> None:
    result = run(small)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The last 12 months (Dec 2025 – Nov 2026)" in out
    assert "3 touches with 2 people: 2 from you, 1 from them." in out
    assert "1 of 2 in rhythm." in out
    assert "By tag: data 1 of 2" in out
    assert "You gave once and asked once." in out
    assert "Maybe give first: Ben Berg." in out
    assert "Promises: 1 kept on time, 1 kept a little later, 1 open." in out
    assert "Mar 2026" in out and "█" in out
    assert "overdue" not in out.casefold() and "!" not in out


def test_text_for_an_empty_database(tmp_path: Path) -> None:
    result = run(tmp_path / "db.json")
    assert result.exit_code == 0, result.output
    assert "No touches logged in this period. A small hello is a fine start." in result.stdout
    assert "Nobody has a rhythm yet" in result.stdout


@pytest.mark.parametrize(
    ("year", "says"),
    [("2027", "2027 has not happened yet"), ("soon", "--year wants a year like 2026"), ("1066", "--year wants a year from 1900")],
)
def test_a_bad_year_is_one_calm_line_and_a_nonzero_exit(small: Path, year: str, says: str) -> None:
    before = small.read_bytes()
    result = run(small, "--year", year)
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and says in lines[0]
    assert small.read_bytes() == before


def test_demo_figures(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    write_demo_db(db, Clock(TODAY))
    data = stats(db)
    assert data["touches_total"] == data["inbound"] + data["outbound"] == sum(data["touches_by_kind"].values())
    assert data["in_rhythm"]["with_rhythm"] == 23  # 26 people, one archived, two without a rhythm
    assert data["promises"]["open"] == 3
    assert "Mateo Silva" in [g["contact"] for g in data["could_give"]]
