"""The Insights figures on small hand-made networks, and their invariants on random ones."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_rhythm import (
    BANNED_WORDS,
    TODAY,
    days,
    network,
    networks,
    pause,
    person,
    promise,
    stamp,
    touch,
)

from keepintouch.domain.model import TOUCH_KINDS, Contact, Network, Settings, Touch
from keepintouch.engine import insights_words
from keepintouch.engine.due import DueDates
from keepintouch.engine.insights import LATELY_DAYS, CouldGive, InRhythm, Promises, compute, monthly_touches, period

# TODAY is Wednesday 12 March 2025: the last 12 months run from 1 April 2024.
START = date(2024, 4, 1)
YEARS = st.sampled_from([None, 2024, 2025])


def figures(*records, year: int | None = None, today: date = TODAY):
    return compute(network(*records), Settings(), today, year)


# --------------------------------------------------------------------------
# The period


def test_the_last_12_months_are_this_month_and_the_eleven_before() -> None:
    assert period(TODAY) == (START, TODAY, TODAY)
    assert period(date(2025, 1, 1)) == (date(2024, 2, 1), date(2025, 1, 1), date(2025, 1, 1))
    assert period(date(2025, 12, 31))[0] == date(2025, 1, 1)


def test_a_year_is_the_calendar_year_counted_through_today_at_the_latest() -> None:
    assert period(TODAY, 2024) == (date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31))
    assert period(TODAY, 2025) == (date(2025, 1, 1), TODAY, date(2025, 12, 31))


def test_months_of_the_period_oldest_first() -> None:
    result = figures()
    assert result.months == [date(2024, m, 1) for m in range(4, 13)] + [date(2025, m, 1) for m in range(1, 4)]
    assert len(figures(year=2025).months) == 12 and figures(year=2025).months[-1] == date(2025, 12, 1)


# --------------------------------------------------------------------------
# Touches


def test_touches_are_counted_by_kind_direction_day_and_month() -> None:
    ada, ben = person("Ada"), person("Ben", archived=True)
    result = figures(
        ada,
        ben,
        touch(ada, TODAY, "call"),
        touch(ada, TODAY, "react", "in"),
        touch(ada, date(2024, 4, 1), "share"),
        touch(ben, date(2024, 12, 24), "call", "in"),  # archived people's touches happened too
        touch(ada, date(2024, 3, 31), "call"),  # the day before the period
        touch(ada, TODAY + days(1), "call"),  # after today: not yet
    )
    assert result.touches_total == 4
    assert result.touches_by_kind == {kind: {"call": 2, "react": 1, "share": 1}.get(kind, 0) for kind in TOUCH_KINDS}
    assert list(result.touches_by_kind) == list(TOUCH_KINDS)
    assert (result.inbound, result.outbound) == (2, 2)
    assert result.people_touched == 2
    assert result.heatmap == {date(2024, 4, 1): (0, 1), date(2024, 12, 24): (1, 0), TODAY: (1, 1)}
    assert result.monthly[0] == {"share": 1}
    assert result.monthly[8] == {"call": 1}  # December
    assert result.monthly[-1] == {"call": 1, "react": 1}  # ordered as TOUCH_KINDS
    assert result.monthly_totals == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2]
    assert result.monthly_kind("call") == [0] * 8 + [1, 0, 0, 1]


def test_a_year_counts_only_that_year() -> None:
    ada = person("Ada")
    records = [ada, touch(ada, date(2023, 12, 31)), touch(ada, date(2024, 1, 1)), touch(ada, date(2024, 12, 31))]
    result = figures(*records, year=2024)
    assert result.touches_total == 2
    assert result.monthly_totals == [1] + [0] * 10 + [1]
    assert figures(*records, year=2023).touches_total == 1


def test_an_empty_network_has_calm_zeros() -> None:
    result = figures()
    assert result.touches_total == result.inbound == result.outbound == result.people_touched == 0
    assert result.heatmap == {} and result.could_give == []
    assert result.in_rhythm == InRhythm(0, 0) and result.promises == Promises(0, 0, 0)


def test_monthly_touches_of_one_person_oldest_first() -> None:
    ada = person("Ada")
    touches = [
        touch(ada, TODAY),
        touch(ada, date(2025, 3, 1)),
        touch(ada, date(2024, 4, 1)),
        touch(ada, date(2024, 3, 31)),  # 12 months ago and a day: out
        touch(ada, TODAY + days(3)),  # the future: out
        touch(ada, date(2024, 10, 15), direction="in"),
    ]
    assert monthly_touches(touches, TODAY) == [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2]
    assert monthly_touches([], TODAY) == [0] * 12


# --------------------------------------------------------------------------
# In rhythm


def test_in_rhythm_means_not_due_as_the_engine_sees_it() -> None:
    fresh = person("Fresh", "monthly")  # touched 10 days ago
    past = person("Past", "monthly")  # touched 40 days ago: due
    waiting = person("Waiting", "monthly")  # wrote 40 days ago, awaiting a reply: within the 1.5 x breath
    long_wait = person("Longwait", "monthly")  # wrote 50 days ago: past the breath
    resting = person("Resting", "monthly")  # two unanswered: they rest, you did your part
    snoozed = person("Snoozed", "monthly", snoozed_until=TODAY + days(5))
    new_soon = person("New", "monthly", first_due=TODAY + days(3))  # never touched, not due yet
    new_due = person("Newdue", "monthly", first_due=TODAY - days(3))
    none = person("None", "none")
    archived = person("Archived", "monthly", archived=True)
    result = figures(
        fresh, past, waiting, long_wait, resting, snoozed, new_soon, new_due, none, archived,
        touch(fresh, TODAY - days(10)),
        touch(past, TODAY - days(40)),
        touch(waiting, TODAY - days(40), awaiting_reply=True),
        touch(long_wait, TODAY - days(50), awaiting_reply=True),
        touch(resting, TODAY - days(90), awaiting_reply=True),
        touch(resting, TODAY - days(60), awaiting_reply=True),
        touch(snoozed, TODAY - days(100)),
    )  # fmt: skip
    assert result.in_rhythm == InRhythm(kept=5, with_rhythm=8)


def test_the_due_day_itself_is_due() -> None:
    ada = person("Ada", "weekly")
    assert figures(ada, touch(ada, TODAY - days(6))).in_rhythm == InRhythm(1, 1)
    assert figures(ada, touch(ada, TODAY - days(7))).in_rhythm == InRhythm(0, 1)


def test_everyone_is_in_rhythm_during_a_pause() -> None:
    ada = person("Ada", "weekly")
    records = [ada, touch(ada, TODAY - days(30))]
    assert figures(*records).in_rhythm == InRhythm(0, 1)
    assert figures(*records, pause(TODAY - days(2), TODAY + days(5))).in_rhythm == InRhythm(1, 1)


def test_in_rhythm_per_tag_ignores_case_and_orders_by_size() -> None:
    a = person("A", tags=["Work", "friends"])
    b = person("B", tags=["work"])
    c = person("C", tags=["work"], rhythm="none")
    result = figures(a, b, c, touch(a, TODAY - days(3)))
    assert result.in_rhythm_by_tag == {"Work": InRhythm(1, 2), "friends": InRhythm(1, 1)}
    assert list(result.in_rhythm_by_tag) == ["Work", "friends"]


def test_a_past_year_is_judged_on_its_last_day_with_the_people_there_were() -> None:
    old = person("Old", "monthly", created=date(2023, 1, 1))
    later = person("Later", "monthly", created=date(2025, 1, 5))  # added after 2024
    snoozed_now = person("Snoozed", "monthly", created=date(2023, 1, 1), snoozed_until=TODAY + days(10))
    records = [old, later, snoozed_now, touch(old, date(2024, 12, 20)), touch(later, TODAY)]
    assert figures(*records, year=2024).in_rhythm == InRhythm(1, 2)  # a snooze today says nothing of 2024
    assert figures(*records).in_rhythm == InRhythm(2, 3)  # Old came due in January


def test_given_due_dates_are_used_only_for_the_right_day() -> None:
    ada = person("Ada", "weekly")
    net = network(ada, touch(ada, TODAY - days(3)))
    wrong_day = DueDates(net, Settings(), TODAY - days(30))
    assert compute(net, Settings(), TODAY, dues=wrong_day).in_rhythm == InRhythm(1, 1)
    assert compute(net, Settings(), TODAY, dues=DueDates(net, Settings(), TODAY)).in_rhythm == InRhythm(1, 1)


# --------------------------------------------------------------------------
# Give and ask


def test_balance_counts_the_flags_in_the_period() -> None:
    ada = person("Ada")
    result = figures(
        ada,
        touch(ada, TODAY, gave=True),
        touch(ada, TODAY - days(30), gave=True, asked=True),
        touch(ada, TODAY - days(60), asked=True),
        touch(ada, date(2023, 1, 1), asked=True),  # before the period
    )
    assert (result.balance.gave, result.balance.asked) == (2, 2)


def test_maybe_give_first_lists_who_you_asked_more_than_you_gave_lately() -> None:
    ada, ben, cat, dan, eve = (person(n) for n in ("Ada", "Ben", "Cat", "Dan", "Eve"))
    eve.archived = True
    result = figures(
        ada, ben, cat, dan, eve,
        touch(ada, TODAY - days(100), asked=True),
        touch(ben, TODAY - days(10), asked=True),
        touch(ben, TODAY - days(20), asked=True),
        touch(ben, TODAY - days(30), gave=True),
        touch(cat, TODAY - days(5), asked=True),  # asked once, gave once: balanced
        touch(cat, TODAY - days(6), gave=True),
        touch(dan, TODAY - days(LATELY_DAYS), asked=True),  # just before "lately"
        touch(eve, TODAY - days(1), asked=True),  # archived
    )  # fmt: skip
    assert result.could_give == [
        CouldGive("ben", "Ben", gave=1, asked=2, last_asked=TODAY - days(10)),
        CouldGive("ada", "Ada", gave=0, asked=1, last_asked=TODAY - days(100)),
    ]


# --------------------------------------------------------------------------
# Promises


def test_promises_on_time_late_and_open() -> None:
    ada, gone = person("Ada"), person("Gone", archived=True)
    result = figures(
        ada, gone,
        promise(ada, "on the day", TODAY - days(5), done=True, done_on=TODAY - days(5)),
        promise(ada, "no due date", None, done=True, done_on=TODAY - days(50)),
        promise(ada, "late", TODAY - days(20), done=True, done_on=TODAY - days(2)),
        promise(ada, "open", TODAY + days(3)),
        promise(ada, "open and past its day", TODAY - days(3)),
        promise(gone, "open to someone archived", None),
        promise(ada, "kept long ago", None, done=True, done_on=date(2023, 5, 1)),
        promise(ada, "done without a day", None, done=True, updated=stamp(TODAY - days(9))),
    )  # fmt: skip
    assert result.promises == Promises(on_time=3, late=1, open=2)
    assert result.promises.kept == 4


def test_a_promise_kept_after_a_past_year_was_open_in_it() -> None:
    ada = person("Ada")
    made = stamp(date(2024, 6, 1))
    records = [
        ada,
        promise(ada, "kept in 2025", date(2024, 12, 1), done=True, done_on=date(2025, 1, 10), created=made),
        promise(ada, "made in 2025", None, created=stamp(date(2025, 2, 1))),
    ]
    assert figures(*records, year=2024).promises == Promises(0, 0, 1)
    assert figures(*records, year=2025).promises == Promises(0, 1, 1)


# --------------------------------------------------------------------------
# Words


def test_words_say_what_went_well() -> None:
    ada, ben = person("Ada", tags=["work"]), person("Ben")
    result = figures(ada, ben, touch(ada, TODAY - days(3), asked=True), touch(ben, TODAY - days(300), gave=True))
    assert insights_words.rhythm_sentence(result) == "1 of 2 in rhythm."
    assert insights_words.balance_sentence(result) == "You gave once and asked once."
    assert insights_words.give_sentence(result) == "Maybe give first: Ada."
    assert insights_words.touches_sentence(result) == "2 touches with 2 people: 2 from you, 0 from them."
    assert insights_words.promises_sentence(result) == "No promises in this period."
    assert insights_words.period_title(result) == "The last 12 months (Apr 2024 – Mar 2025)"
    assert insights_words.period_title(figures(year=2025)) == "2025 so far"
    assert insights_words.period_title(figures(year=2024)) == "2024"


def test_words_when_all_is_well_or_nothing_happened() -> None:
    ada = person("Ada")
    happy = figures(ada, touch(ada, TODAY, gave=True))
    assert insights_words.rhythm_sentence(happy) == "Your one person with a rhythm is in rhythm."
    assert insights_words.give_sentence(happy) == "Lately you gave at least as often as you asked, with everyone."
    empty = figures()
    assert "A small hello" in insights_words.touches_sentence(empty)
    assert "Nobody has a rhythm yet" in insights_words.rhythm_sentence(empty)
    assert "No touches marked" in insights_words.balance_sentence(empty)


@given(networks(), YEARS)
@settings(max_examples=60, deadline=None)
def test_sentences_never_guilt(net: Network, year: int | None) -> None:
    result = compute(net, Settings(), TODAY, year)
    words = [
        insights_words.period_title(result),
        insights_words.touches_sentence(result),
        insights_words.rhythm_sentence(result),
        insights_words.balance_sentence(result),
        insights_words.give_sentence(result),
        insights_words.promises_sentence(result),
    ]
    for text in words:
        assert not any(word in text.casefold() for word in BANNED_WORDS), text


# --------------------------------------------------------------------------
# Invariants on random networks


def _open_or_kept_in(net: Network, start: date, end: date) -> int:
    archived = {c.id for c in net.contacts if c.archived}
    count = 0
    for p in net.promises:
        kept_on = (p.done_on or p.updated.date()) if p.done else None
        if kept_on is not None and kept_on <= end:
            count += start <= kept_on
        else:
            count += p.created.date() <= end and p.contact_id not in archived
    return count


@given(networks(), YEARS)
@settings(max_examples=150, deadline=None)
def test_the_figures_add_up(net: Network, year: int | None) -> None:
    result = compute(net, Settings(), TODAY, year)
    in_period = [t for t in net.touches if result.start <= t.date <= result.end]
    assert result.touches_total == len(in_period)
    assert sum(result.touches_by_kind.values()) == result.touches_total
    assert result.inbound + result.outbound == result.touches_total
    assert result.inbound == sum(t.inbound for t in in_period)
    assert sum(result.monthly_totals) == result.touches_total
    assert len(result.monthly) == len(result.months) == 12
    assert sum(i for i, _ in result.heatmap.values()) == result.inbound
    assert sum(o for _, o in result.heatmap.values()) == result.outbound
    assert all(result.start <= day <= result.end for day in result.heatmap)
    assert result.people_touched == len({t.contact_id for t in in_period})
    assert 0 <= result.in_rhythm.kept <= result.in_rhythm.with_rhythm
    assert all(0 <= r.kept <= r.with_rhythm <= result.in_rhythm.with_rhythm for r in result.in_rhythm_by_tag.values())
    assert result.balance.gave == sum(t.gave for t in in_period)
    assert all(g.asked > g.gave for g in result.could_give)
    p = result.promises
    assert p.on_time + p.late + p.open == _open_or_kept_in(net, result.start, result.end)


@given(networks(max_contacts=8))
@settings(max_examples=60, deadline=None)
def test_a_persons_months_add_up_to_their_touches_in_the_period(net: Network) -> None:
    for contact in net.contacts:
        mine = [t for t in net.touches if t.contact_id == contact.id]
        months = monthly_touches(mine, TODAY)
        assert len(months) == 12
        assert sum(months) == sum(START <= t.date <= TODAY for t in mine)


# --------------------------------------------------------------------------
# Size


@pytest.mark.parametrize("year", [None, 2024])
def test_ten_thousand_people_and_a_hundred_thousand_touches_add_up(year: int | None) -> None:
    rng = random.Random(7)
    people = [
        Contact(name=f"P{i}", id=f"c{i}", rhythm=rng.choice(["none", "monthly", "quarterly"]), tags=[rng.choice("abcdef")],
                created=stamp(date(2023, 1, 1)))
        for i in range(10_000)
    ]  # fmt: skip
    touches = [
        Touch(contact_id=f"c{rng.randrange(10_000)}", date=TODAY - timedelta(days=rng.randrange(800)), id=f"t{i}",
              kind=rng.choice(TOUCH_KINDS), direction=rng.choice(["in", "out"]), asked=rng.random() < 0.1,
              gave=rng.random() < 0.1, created=stamp(date(2023, 1, 1)))
        for i in range(100_000)
    ]  # fmt: skip
    net = Network(contacts=people, touches=touches)
    result = compute(net, Settings(), TODAY, year)  # its speed is measured in bench/, not asserted here
    in_period = [t for t in touches if result.start <= t.date <= result.end]
    assert result.touches_total == len(in_period) > 0
    assert result.inbound == sum(t.direction == "in" for t in in_period)
    assert sum(result.touches_by_kind.values()) == result.touches_total
    assert result.in_rhythm.kept <= result.in_rhythm.with_rhythm == sum(c.rhythm != "none" for c in people)


def test_a_spread_first_date_never_hides_an_old_touch() -> None:
    imported = person("Imported", "monthly", first_due=TODAY + days(12))  # spread when imported
    kept = person("Kept", "monthly", first_due=TODAY + days(12))
    result = figures(imported, kept, touch(imported, TODAY - days(200)), touch(kept, TODAY - days(10)))
    assert result.in_rhythm == InRhythm(1, 2)
