"""Invariants of the engine over generated networks (hypothesis)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_rhythm import BANNED_WORDS, ENERGIES, TODAY, networks, settings_st

from keepintouch.domain.model import LIGHT_KINDS, NO_ANSWER_KINDS, TOUCH_KINDS, Network, Pause
from keepintouch.engine.due import DueDates, PauseCalendar, period_span, rhythm_length
from keepintouch.engine.queue import (
    TRIGGERS,
    agenda,
    daily_queue,
    due_dates,
    first_dues_for_new,
    next_due,
    rhythm_state,
    week_queue,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
energies = st.none() | st.sampled_from(ENERGIES)
SPECS = ("weekly", "monthly", "6w", "none")


def _energy_of(net: Network, energy: str | None) -> str:
    record = next((d for d in net.days if d.date == TODAY), None)
    return energy or (record.energy if record else "normal")


def _summary(queue) -> list[tuple]:
    return [(s.contact.id, s.trigger, s.reason, s.touch, s.due) for s in queue]


@FAST
@given(networks(), settings_st, energies, st.integers(0, 3))
def test_rhythm_suggestions_never_exceed_the_budget(net, prefs, energy, extra) -> None:
    queue = daily_queue(net, prefs, TODAY, energy=energy, extra=extra)
    level = _energy_of(net, energy)
    rhythm = [s for s in queue if s.trigger == "rhythm"]
    if level == "low":
        assert len(queue) <= 1 and all(s.touch in LIGHT_KINDS for s in queue)
    else:
        assert len(rhythm) <= prefs.budget + extra + (2 if level == "high" else 0)
        news = [s for s in queue if s.trigger == "news"]
        assert len(news) <= prefs.budget + (2 if level == "high" else 0)


@FAST
@given(networks(), settings_st, energies)
def test_nobody_left_out_ever_appears(net, prefs, energy) -> None:
    skipped = {cid for d in net.days if d.date == TODAY for cid in d.skipped}
    touched = {t.contact_id for t in net.touches if t.date == TODAY}
    queue = daily_queue(net, prefs, TODAY, energy=energy, extra=2)
    for s in queue:
        assert not s.contact.archived
        assert not s.contact.is_snoozed(TODAY)
        assert s.contact.id not in skipped | touched
    assert len({s.contact.id for s in queue}) == len(queue)
    if any(p.covers(TODAY) for p in net.pauses):
        assert queue == []


@FAST
@given(networks(), settings_st, energies)
def test_suggestions_are_well_formed_and_kind(net, prefs, energy) -> None:
    for s in daily_queue(net, prefs, TODAY, energy=energy, extra=3) + week_queue(net, prefs, TODAY):
        assert s.trigger in TRIGGERS and s.touch in TOUCH_KINDS
        assert s.reason and not any(word in s.reason.casefold() for word in BANNED_WORDS)
        if s.trigger == "rhythm":
            assert s.touch in NO_ANSWER_KINDS and s.due <= TODAY + timedelta(days=7)
            assert s.due == next_due(net, s.contact, prefs, TODAY)


@FAST
@given(networks(), settings_st, energies, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_records(net, prefs, energy, rnd: random.Random) -> None:
    shuffled = Network(*(rnd.sample(records, len(records)) for records in (
        net.contacts, net.touches, net.promises, net.occasions, net.pauses, net.days)))
    assert _summary(daily_queue(shuffled, prefs, TODAY, energy=energy, extra=1)) == _summary(
        daily_queue(net, prefs, TODAY, energy=energy, extra=1)
    )
    assert _summary(week_queue(shuffled, prefs, TODAY)) == _summary(week_queue(net, prefs, TODAY))


@FAST
@given(networks(with_pauses=False), settings_st)
def test_people_awaiting_a_reply_get_only_no_answer_touches_and_resting_people_none(net, prefs) -> None:
    dues = DueDates(net, prefs, TODAY)
    for _, queue in agenda(net, prefs, TODAY, 3):
        for s in queue:
            info = dues.info(s.contact)
            if s.trigger == "rhythm":
                assert not info.resting
                if info.waiting_since is not None:
                    assert "needs no answer" in s.reason


@FAST
@given(networks(with_pauses=False), settings_st, st.integers(-20, 20), st.integers(1, 40))
def test_coming_back_from_a_pause_never_piles_up(net, prefs, offset, length) -> None:
    start = TODAY + timedelta(days=offset)
    paused = Pause(start=start, until=start + timedelta(days=length))
    before = DueDates(net, prefs, TODAY).dates
    after = DueDates(replace(net, pauses=[paused]), prefs, TODAY).dates
    load = Counter(period_span(day, prefs.budget_period)[0] for day in after.values())
    budget = max(1, prefs.budget)
    for cid, day in after.items():
        if day != before[cid]:  # moved by the pause
            assert paused.covers(before[cid])
            assert day >= max(paused.until, before[cid] + timedelta(days=length))
            assert load[period_span(day, prefs.budget_period)[0]] <= budget  # it went only where there was room
        assert not paused.covers(day)


@FAST
@given(networks(), settings_st)
def test_the_agenda_begins_with_todays_queue(net, prefs) -> None:
    plan = agenda(net, prefs, TODAY, 4)
    assert [d for d, _ in plan] == [TODAY + timedelta(days=n) for n in range(4)]
    assert _summary(plan[0][1]) == _summary(daily_queue(net, prefs, TODAY))
    calendar = PauseCalendar(net.pauses)
    assert all(q == [] for d, q in plan if calendar.covers(d))


@FAST
@given(networks(max_contacts=10), settings_st, st.lists(st.sampled_from(SPECS), max_size=9))
def test_first_dues_stay_within_one_rhythm_and_outside_pauses(net, prefs, rhythms) -> None:
    calendar = PauseCalendar(net.pauses)
    span = calendar.span_at(TODAY)
    start = span[1] if span else TODAY
    for spec, first in zip(rhythms, first_dues_for_new(net, prefs, TODAY, rhythms), strict=True):
        length = rhythm_length(spec)
        if length is None:
            assert first is None
        else:
            assert first is not None and start <= first < start + timedelta(days=length)
            assert not calendar.covers(first)


@FAST
@given(networks(), settings_st)
def test_one_due_date_index_answers_every_row_like_the_one_person_calls(net, prefs) -> None:
    dues = due_dates(net, prefs, TODAY)
    for contact in net.contacts:
        assert dues.next_due(contact) == next_due(net, contact, prefs, TODAY)
        assert dues.state(contact) == rhythm_state(net, contact, prefs, TODAY)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(networks(), settings_st, st.integers(-40, 40), st.integers(-40, 40))
def test_due_dates_borrowed_from_another_day_are_the_ones_computed_afresh(network: Network, chosen, a: int, b: int) -> None:
    """A period's budget borrows today's answers for the eve of the period; they must be the same."""
    day, other = TODAY + timedelta(days=a), TODAY + timedelta(days=b)
    there = DueDates(network, chosen, other)
    borrowed = DueDates(network, chosen, day, groups=there.groups, other_day=there)
    fresh = DueDates(network, chosen, day, groups=there.groups)
    assert borrowed.dates == fresh.dates

    def plain(due):  # a History is compared by what it holds
        return due._replace(history=None), due.history.touches if due.history else None

    assert [plain(borrowed.info(c)) for c in network.contacts] == [plain(fresh.info(c)) for c in network.contacts]
