"""Due dates: rhythm, first due spread, letting people be silent, pauses (keepintouch/engine/due.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest
from strategies_rhythm import TODAY, days, network, pause, person, stamp, touch

from keepintouch.domain.model import Settings
from keepintouch.engine.due import DueDates
from keepintouch.engine.queue import due_dates, first_due_for_new, first_dues_for_new, next_due, paused_until, rhythm_state

SETTINGS = Settings(daily_budget=2)  # the rules per day; per week and month: test_rhythm_budget.py


def due(net, who, today=TODAY, settings=SETTINGS):
    return next_due(net, who, settings, today)


# -- the rhythm ---------------------------------------------------------------


def test_due_is_the_last_touch_plus_the_rhythm() -> None:
    ada = person("Ada", "monthly")
    net = network(ada, touch(ada, TODAY - days(50)), touch(ada, TODAY - days(10), "coffee"))
    assert due(net, ada) == TODAY + days(20)


def test_an_inbound_touch_counts_like_an_outbound_one() -> None:
    ada = person("Ada", "weekly")
    net = network(ada, touch(ada, TODAY - days(20)), touch(ada, TODAY - days(3), direction="in"))
    assert due(net, ada) == TODAY + days(4)


@pytest.mark.parametrize(("spec", "length"), [("weekly", 7), ("quarterly", 91), ("6w", 42), ("45d", 45)])
def test_named_and_custom_rhythms(spec: str, length: int) -> None:
    ada = person("Ada", spec)
    assert due(network(ada, touch(ada, TODAY)), ada) == TODAY + days(length)


def test_touches_after_today_have_not_happened_yet() -> None:
    ada = person("Ada", "monthly")
    net = network(ada, touch(ada, TODAY - days(40)), touch(ada, TODAY + days(5)))
    assert due(net, ada) == TODAY - days(10)
    assert due(net, ada, today=TODAY + days(5)) == TODAY + days(35)


def test_no_rhythm_archived_or_unreadable_rhythm_means_no_due_date() -> None:
    plain = person("Plain", "none")
    gone = person("Gone", "weekly", archived=True)
    odd = person("Odd", "sometimes")  # stored data the parser cannot read
    net = network(plain, gone, odd, touch(plain, TODAY - days(300)), touch(gone, TODAY - days(300)))
    assert [due(net, c) for c in (plain, gone, odd)] == [None, None, None]
    assert rhythm_state(net, odd, SETTINGS, TODAY) == "no rhythm"


# -- first due ------------------------------------------------------------------


def test_a_never_touched_person_is_due_on_their_stored_first_due() -> None:
    ada = person("Ada", "quarterly", first_due=TODAY + days(17))
    assert due(network(ada), ada) == TODAY + days(17)


def test_without_a_stored_first_due_it_is_spread_from_the_created_date_and_stable() -> None:
    created = date(2025, 3, 1)
    people = [person(f"Imported {n}", "monthly", created=created) for n in range(60)]
    net = network(*people)
    dues = [due(net, c) for c in people]
    assert all(created <= d < created + days(30) for d in dues)
    assert max(Counter(dues).values()) <= 6  # spread over the month, never all on one day
    assert len(set(dues)) >= 20
    assert [due(network(*people), c, today=TODAY + days(100)) for c in people] == dues  # never drifts with today


def test_a_touch_always_wins_over_a_stored_first_due() -> None:
    ada = person("Ada", "monthly", first_due=TODAY + days(9))
    net = network(ada, touch(ada, TODAY - days(200)))
    assert due(net, ada) == TODAY - days(170)
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "due"  # the record is true: not "in rhythm"
    later = network(ada, touch(ada, TODAY))
    assert due(later, ada) == TODAY + days(30)
    assert due(network(ada), ada) == TODAY + days(9)  # untouched: the spreading holds


# -- let people be silent --------------------------------------------------------


def test_awaiting_a_reply_gives_one_and_a_half_rhythms_of_breath() -> None:
    ada = person("Ada", "monthly")
    bob = person("Bob", "weekly")
    net = network(
        ada, bob,
        touch(ada, TODAY - days(10), awaiting_reply=True),
        touch(bob, TODAY - days(2), awaiting_reply=True),
    )
    assert due(net, ada) == TODAY - days(10) + days(45)
    assert due(net, bob) == TODAY - days(2) + days(11)  # 1.5 × 7, rounded up
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "awaiting reply"


def test_a_light_touch_while_waiting_neither_answers_nor_restarts_the_breath() -> None:
    ada = person("Ada", "monthly")
    message = touch(ada, TODAY - days(60), awaiting_reply=True)
    react = touch(ada, TODAY - days(15), "react")
    net = network(ada, message, react)
    assert due(net, ada) == TODAY + days(15)  # the react + a rhythm, past message + 45
    info = DueDates(net, SETTINGS, TODAY).info(ada)
    assert info.waiting_since == message.date and not info.resting


def test_two_unanswered_touches_in_a_row_let_the_person_rest() -> None:
    ada = person("Ada", "monthly")
    net = network(
        ada,
        touch(ada, TODAY - days(200), awaiting_reply=True),
        touch(ada, TODAY - days(150), "react"),  # no answer asked: does not break the row
        touch(ada, TODAY - days(100), awaiting_reply=True),
    )
    assert due(net, ada) is None
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "resting"


def test_any_inbound_touch_clears_the_waiting() -> None:
    ada = person("Ada", "monthly")
    earlier = [touch(ada, TODAY - days(80), awaiting_reply=True), touch(ada, TODAY - days(60), awaiting_reply=True)]
    reply = touch(ada, TODAY - days(5), "comment", direction="in")
    assert due(network(ada, *earlier, reply), ada) == TODAY + days(25)
    old_reply = touch(ada, TODAY - days(90), direction="in")  # before the messages: answers nothing
    assert due(network(ada, old_reply, *earlier), ada) is None


def test_on_one_day_the_order_of_logging_decides_and_a_tied_reply_counts_as_later() -> None:
    ada = person("Ada", "monthly")
    day = TODAY - days(3)
    question = touch(ada, day, awaiting_reply=True)
    reply_same_stamp = touch(ada, day, direction="in")
    assert DueDates(network(ada, question, reply_same_stamp), SETTINGS, TODAY).info(ada).waiting_since is None
    they_wrote_first = touch(ada, day, direction="in", created=stamp(day) - timedelta(hours=2))
    info = DueDates(network(ada, they_wrote_first, question), SETTINGS, TODAY).info(ada)
    assert info.waiting_since == day


# -- pauses -------------------------------------------------------------------------


def test_a_due_date_inside_a_pause_moves_forward_by_the_pause_length() -> None:
    ada = person("Ada", "monthly")
    net = network(ada, touch(ada, date(2025, 2, 3)), pause(date(2025, 3, 1), date(2025, 3, 15)))
    assert due(net, ada) == date(2025, 3, 5) + days(14)


def test_due_dates_before_or_after_a_pause_stay_put() -> None:
    before, after = person("Before", "monthly"), person("After", "monthly")
    net = network(
        before, after,
        touch(before, date(2025, 1, 20)), touch(after, date(2025, 2, 20)),
        pause(date(2025, 3, 1), date(2025, 3, 15)),
    )
    assert due(net, before) == date(2025, 2, 19)
    assert due(net, after) == date(2025, 3, 22)


def test_coming_back_from_a_pause_brings_at_most_the_budget_a_day() -> None:
    start, until = date(2025, 3, 1), date(2025, 3, 15)
    people = [person(f"P{n}", "weekly") for n in range(12)]
    # All twelve fall due on the pause's first three days.
    touches = [touch(c, start - days(7) + days(n % 3)) for n, c in enumerate(people)]
    net = network(*people, *touches, pause(start, until))
    dues = [due(net, c, today=until) for c in people]
    assert min(dues) == until
    assert all(d >= until for d in dues)
    assert max(Counter(dues).values()) == SETTINGS.budget
    assert len(set(dues)) == 6  # twelve people, two a day


def test_moved_people_skip_days_already_full_and_land_outside_every_pause() -> None:
    start, until = date(2025, 3, 1), date(2025, 3, 8)
    regulars = [person(f"R{n}", "monthly") for n in range(2)]
    movers = [person(f"M{n}", "monthly") for n in range(3)]
    second = pause(until + days(1), until + days(4))  # a second, short pause right after
    net = network(
        *regulars, *movers, pause(start, until), second,
        *[touch(c, until - days(30)) for c in regulars],  # due on the return day: already full
        *[touch(c, start - days(30)) for c in movers],  # due on the pause's first day
    )
    dues = {c.name: due(net, c) for c in regulars + movers}
    assert dues["R0"] == dues["R1"] == until
    moved = sorted(dues[c.name] for c in movers)
    assert all(not second.covers(d) and d > until for d in moved)
    assert moved == [second.until, second.until, second.until + days(1)]


def test_overlapping_pauses_merge_and_a_planned_pause_shifts_too() -> None:
    ada = person("Ada", "monthly")
    net = network(
        ada, touch(ada, TODAY - days(20)),
        pause(TODAY + days(5), TODAY + days(12)), pause(TODAY + days(10), TODAY + days(20)),
    )
    assert due(net, ada) == TODAY + days(10) + days(15)
    assert paused_until(net, TODAY + days(6)) == TODAY + days(20)
    assert paused_until(net, TODAY) is None
    assert paused_until(net, TODAY + days(20)) is None


def test_while_paused_the_state_is_paused() -> None:
    ada = person("Ada", "weekly")
    net = network(ada, touch(ada, TODAY - days(30)), pause(TODAY - days(1), TODAY + days(5)))
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "paused"


# -- first due for new people ---------------------------------------------------------


def test_new_people_fill_each_day_up_to_the_budget_in_turn() -> None:
    net = network()
    for n in range(7):
        first = first_due_for_new(net, SETTINGS, TODAY, "weekly")
        net.contacts.append(person(f"New {n}", "weekly", first_due=first))
    assert [c.first_due for c in net.contacts] == [TODAY + days(n // 2) for n in range(7)]


def test_first_due_counts_people_due_and_their_coming_returns() -> None:
    weekly = [person(f"W{n}", "weekly", first_due=TODAY + days(n // 2)) for n in range(8)]  # days 0-3 full
    net = network(*weekly)
    firsts = []
    for n in range(8):
        firsts.append(first_due_for_new(net, SETTINGS, TODAY, "monthly"))
        net = network(*net.contacts, person(f"M{n}", "monthly", first_due=firsts[-1]))
    # Days 4-6 fill up; days 7-10 are taken by the weekly people coming round again.
    assert firsts == [TODAY + days(d) for d in (4, 4, 5, 5, 6, 6, 11, 11)]


def test_when_every_day_of_the_first_rhythm_is_full_the_least_loaded_is_chosen() -> None:
    busy = [person(f"B{n}", "weekly", first_due=TODAY + days(n // 3)) for n in range(20)]  # three a day
    first = first_due_for_new(network(*busy), SETTINGS, TODAY, "weekly")
    assert first == TODAY + days(6)  # two there, three everywhere else
    assert first_due_for_new(network(*busy), SETTINGS, TODAY, "none") is None


def test_first_due_during_a_pause_starts_when_it_ends() -> None:
    net = network(pause(TODAY - days(2), TODAY + days(4)))
    assert first_due_for_new(net, SETTINGS, TODAY, "monthly") == TODAY + days(4)


def test_a_batch_of_first_dues_spreads_like_one_by_one_calls() -> None:
    rhythms = ["weekly", "monthly", "none", "quarterly", "weekly", "biweekly"] * 3
    net = network(person("Old", "weekly", first_due=TODAY))
    batch = first_dues_for_new(net, SETTINGS, TODAY, rhythms)
    one_by_one = []
    for n, spec in enumerate(rhythms):
        first = first_due_for_new(net, SETTINGS, TODAY, spec)
        one_by_one.append(first)
        net = network(*net.contacts, person(f"N{n}", spec, first_due=first))
    assert batch == one_by_one
    assert max(Counter(d for d in batch if d).values()) <= SETTINGS.budget


# -- the People list hint -------------------------------------------------------------


def test_rhythm_states_read_calmly() -> None:
    fresh = person("Fresh", "quarterly")
    soon = person("Soon", "monthly")
    now = person("Now", "monthly")
    snoozed = person("Snoozed", "weekly", snoozed_until=TODAY + days(3))
    plain = person("Plain", "none")
    gone = person("Gone", "weekly", archived=True)
    net = network(
        fresh, soon, now, snoozed, plain, gone,
        touch(fresh, TODAY - days(3)), touch(soon, TODAY - days(25)), touch(now, TODAY - days(30)),
    )
    states = {c.name: rhythm_state(net, c, SETTINGS, TODAY) for c in net.contacts}
    assert states == {
        "Fresh": "in rhythm", "Soon": "due soon", "Now": "due", "Snoozed": "snoozed",
        "Plain": "no rhythm", "Gone": "archived",
    }


def test_hints_follow_a_new_network_snapshot() -> None:
    ada = person("Ada", "monthly")
    net = network(ada, touch(ada, TODAY - days(40)))
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "due"
    after = network(ada, *net.touches, touch(ada, TODAY))
    assert rhythm_state(after, ada, SETTINGS, TODAY) == "in rhythm"
    net.touches.append(touch(ada, TODAY))  # the same snapshot, grown in place, is noticed too
    assert next_due(net, ada, SETTINGS, TODAY) == TODAY + days(30)
    assert next_due(net, ada, replace(SETTINGS, daily_budget=5), TODAY) == TODAY + days(30)


def test_hints_follow_a_record_replaced_in_place() -> None:
    """The engine keeps no answers between calls: a touch swapped within the same list counts at once."""
    ada = person("Ada", "monthly")
    old = touch(ada, TODAY - days(40))
    net = network(ada, old)
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "due"
    net.touches[0] = replace(old, date=TODAY)  # the same list object, the same length
    assert rhythm_state(net, ada, SETTINGS, TODAY) == "in rhythm"
    assert due_dates(net, SETTINGS, TODAY).state(ada) == "in rhythm"
