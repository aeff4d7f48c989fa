"""Counts and dates as the user reads them (keepintouch/domain/phrasing.py) and where they are printed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from tui_harness import CLOCK, TODAY

from keepintouch.actions import rest
from keepintouch.actions.base import Moment
from keepintouch.actions.card import person_card
from keepintouch.actions.promises import make_promise
from keepintouch.cli import main
from keepintouch.cli.output import cell_width, fit
from keepintouch.domain.model import Contact, Network, Settings
from keepintouch.domain.phrasing import day_text, plural
from keepintouch.engine.due import DueDates
from keepintouch.engine.insights import compute
from keepintouch.engine.insights_words import rhythm_sentence

MOMENT = Moment(TODAY, Settings())


def test_plurals_say_one_person_and_many_people() -> None:
    assert [plural(n, "person") for n in (0, 1, 2)] == ["0 people", "1 person", "2 people"]
    assert (plural(1, "touch"), plural(3, "touch"), plural(2, "year")) == ("1 touch", "3 touches", "2 years")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(3100, 12, 31)))
def test_a_date_names_its_year_exactly_when_it_is_not_this_one(day: date) -> None:
    for text in (day_text(day, TODAY), day_text(day, TODAY, long=True), day_text(day, TODAY, weekday=False)):
        assert text.endswith(f" {day.year}") == (day.year != TODAY.year)
        assert str(day.day) in text


def test_dates_far_from_today_keep_their_year_in_messages() -> None:
    ada = Contact("Ada", id="ada")
    network = Network(contacts=[ada])
    assert rest.pause(network, MOMENT, date(3026, 12, 2)).message.startswith("Paused until Saturday 2 December 3026.")
    assert rest.snooze(network, MOMENT, "ada", date(3026, 12, 2)).message == "Ada is snoozed until Sat 2 Dec 3026."
    assert make_promise(network, MOMENT, "ada", "the slides", date(2020, 1, 1)).message.endswith("by Wed 1 Jan 2020.")
    soon = rest.snooze(network, MOMENT, "ada", TODAY + timedelta(days=2)).message
    assert soon == f"Ada is snoozed until {TODAY + timedelta(days=2):%a} {(TODAY + timedelta(days=2)).day} Nov."


def test_the_card_says_no_rhythm_once() -> None:
    ada = Contact("Ada", id="ada")
    network = Network(contacts=[ada])
    card = person_card(ada, today=TODAY, dues=DueDates(network, Settings(), TODAY), touches=[], promises=[], occasions=[])
    assert [row for row in card.rows if row[0] == "Rhythm"] == [("Rhythm", "No rhythm")]


def test_stats_for_a_year_long_gone_say_something_true() -> None:
    ada = Contact("Ada", id="ada", rhythm="monthly", created=CLOCK.now())
    assert rhythm_sentence(compute(Network(contacts=[ada]), Settings(), TODAY, 1999)) == "Nobody here had a rhythm in 1999."
    assert rhythm_sentence(compute(Network(), Settings(), TODAY)).startswith("Nobody has a rhythm yet.")


def test_wide_names_are_padded_by_the_columns_they_take(tmp_path: Path) -> None:
    assert (cell_width("王小明"), cell_width("Zoë"), cell_width("e\u0301")) == (6, 3, 1)
    assert fit("王小明", 8) == "王小明  " and cell_width(fit("王小明王小明", 7)) == 7
    runner, db = CliRunner(), tmp_path / "db.json"
    base = ["--db", str(db), "--config", str(tmp_path / "c.toml"), "--today", TODAY.isoformat()]
    for name, org in (("王小明", "北京大学"), ("Ada Lovelace", "Engines")):
        assert runner.invoke(main, [*base, "add", name, "--org", org, "--rhythm", "none"]).exit_code == 0
    lines = runner.invoke(main, [*base, "list"]).stdout.splitlines()
    hints = [cell_width(line[: line.index("no rhythm")]) for line in lines if "no rhythm" in line]
    assert len(hints) == 2 and len(set(hints)) == 1
