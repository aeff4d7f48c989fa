"""The rhythm budget per week or month (keepintouch/engine/budget.py, QueuePlanner).

TODAY (strategies_rhythm) is Wednesday 12 March 2025; its ISO week runs
Monday 10 to Sunday 16 March.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_rhythm import TODAY, birthday, day_record, days, network, networks, news, person, promise, touch

from keepintouch.domain.model import Network, Settings
from keepintouch.engine.budget import PeriodBudget
from keepintouch.engine.due import period_span
from keepintouch.engine.queue import agenda, daily_queue, first_due_for_new, first_dues_for_new, week_queue

WEEK = Settings()  # the default: 2 a week
MONDAY = date(2025, 3, 10)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def due_people(n: int, late_from: int = 1, rhythm: str = "monthly"):
    """`n` monthly people, P0 the most past due (each one day less past than the one before)."""
    people = [person(f"P{i}", rhythm) for i in range(n)]
    return people, [touch(c, MONDAY - days(30 + late_from + n - i)) for i, c in enumerate(people)]


def rhythm_names(queue) -> list[str]:
    return sorted(s.contact.name for s in queue if s.trigger == "rhythm")


def test_periods_are_days_iso_weeks_and_calendar_months() -> None:
    assert period_span(TODAY, "day") == (TODAY, TODAY + days(1))
    assert period_span(TODAY, "week") == (MONDAY, MONDAY + days(7))
    assert period_span(date(2024, 12, 31), "week") == (date(2024, 12, 30), date(2025, 1, 6))
    assert period_span(TODAY, "month") == (date(2025, 3, 1), date(2025, 4, 1))
    assert period_span(date(2024, 12, 5), "month") == (date(2024, 12, 1), date(2025, 1, 1))


def test_two_a_week_offers_the_same_two_people_all_week() -> None:
    people, touches = due_people(10)
    plan = agenda(network(*people, *touches), WEEK, MONDAY, 7)
    assert {tuple(rhythm_names(q)) for _, q in plan} == {("P0", "P1")}
    next_monday = agenda(network(*people, *touches), WEEK, MONDAY + days(7), 1)[0][1]
    assert rhythm_names(next_monday) and "P0" in rhythm_names(next_monday)  # nothing logged: still most due


def test_a_touched_person_is_not_replaced_until_the_period_ends() -> None:
    people, touches = due_people(10)
    p0 = people[0]
    net = network(*people, *touches, touch(p0, TODAY))
    assert rhythm_names(daily_queue(net, WEEK, TODAY)) == ["P1"]
    assert rhythm_names(daily_queue(net, WEEK, TODAY + days(2))) == ["P1"]
    next_week = daily_queue(net, WEEK, MONDAY + days(7))
    assert len(rhythm_names(next_week)) == 2 and "P0" not in rhythm_names(next_week)


def test_a_skipped_person_rests_for_the_period_and_nobody_takes_their_slot() -> None:
    people, touches = due_people(10)
    net = network(*people, *touches, day_record(TODAY - days(1), skipped=[people[1]]))
    assert rhythm_names(daily_queue(net, WEEK, TODAY)) == ["P0"]
    assert rhythm_names(daily_queue(net, WEEK, MONDAY + days(6))) == ["P0"]
    assert "P1" in rhythm_names(daily_queue(net, WEEK, MONDAY + days(7)))


def test_touches_with_people_who_were_due_count_against_the_budget() -> None:
    ada, bea, cy = person("Ada", "monthly"), person("Bea", "monthly"), person("Cy", "monthly")
    # Ada is due on Monday and touched that day; Bea and Cy become due on Wednesday.
    touches = [touch(ada, MONDAY - days(30)), touch(bea, TODAY - days(30)), touch(cy, TODAY - days(31))]
    net = network(ada, bea, cy, *touches, touch(ada, MONDAY))
    week = {name for day in range(2, 7) for name in rhythm_names(daily_queue(net, WEEK, MONDAY + days(day)))}
    assert week == {"Cy"}


def test_a_week_with_few_due_people_gives_slots_as_people_become_due() -> None:
    ada, bea, cy = person("Ada", "monthly"), person("Bea", "monthly"), person("Cy", "monthly")
    touches = [touch(ada, MONDAY - days(30)), touch(bea, TODAY - days(30)), touch(cy, TODAY + days(2) - days(30))]
    net = network(ada, bea, cy, *touches)
    plan = {day: rhythm_names(q) for day, q in agenda(net, WEEK, MONDAY, 7)}
    assert plan[MONDAY] == ["Ada"] and plan[TODAY] == ["Ada", "Bea"]
    assert all("Cy" not in names for names in plan.values())  # two slots, both given


def test_one_a_month_offers_one_person_all_month() -> None:
    people, touches = due_people(6)
    month = Settings(budget=1, budget_period="month")
    plan = agenda(network(*people, *touches), month, date(2025, 3, 1), 31)  # P0 is due from 3 March
    assert {tuple(rhythm_names(q)) for day, q in plan if day >= date(2025, 3, 3)} == {("P0",)}
    assert all(rhythm_names(q) == [] for day, q in plan if day < date(2025, 3, 3))


def test_occasions_still_show_and_take_the_days_room() -> None:
    people, touches = due_people(4)
    friend = person("Friend", "none")
    net = network(*people, *touches, friend, birthday(friend, 3, 12))
    queue = daily_queue(net, WEEK, TODAY)
    assert [s.trigger for s in queue] == ["birthday", "rhythm"]  # one slot person waits for tomorrow
    assert len(rhythm_names(daily_queue(net, WEEK, TODAY + days(2)))) == 2


def test_energy_and_one_more_keep_their_meaning() -> None:
    people, touches = due_people(8)
    net = network(*people, *touches)
    assert len(rhythm_names(daily_queue(net, WEEK, TODAY, energy="high"))) == 4
    assert len(rhythm_names(daily_queue(net, WEEK, TODAY, extra=1))) == 3
    low = daily_queue(net, WEEK, TODAY, energy="low")
    assert len(low) == 1 and low[0].contact.name == "P0"


def test_the_old_daily_budget_still_picks_afresh_each_day() -> None:
    people, touches = due_people(10)
    plan = agenda(network(*people, *touches), Settings(daily_budget=2), MONDAY, 3)
    assert all(len(rhythm_names(q)) == 2 for _, q in plan)


def test_the_oldest_touch_goes_first_whenever_people_were_added() -> None:
    early = person("Early", "monthly", created=date(2024, 1, 1))
    late = person("Late", "monthly", created=TODAY - days(2), first_due=TODAY + days(20))
    net = network(early, late, touch(early, TODAY - days(35)), touch(late, TODAY - days(50)))
    one = Settings(budget=1, budget_period="day")
    assert [s.contact.name for s in daily_queue(net, one, TODAY)] == ["Late"]


def test_new_people_are_spread_at_most_the_budget_a_week() -> None:
    firsts = first_dues_for_new(network(), WEEK, TODAY, ["monthly"] * 4)
    weeks = Counter(period_span(d, "week")[0] for d in firsts if d)
    assert max(weeks.values()) <= 2 and len(weeks) == 2
    assert firsts == [first for first in _one_by_one(["monthly"] * 4)]


def _one_by_one(rhythms: list[str]) -> list[date | None]:
    net, result = network(), []
    for n, spec in enumerate(rhythms):
        first = first_due_for_new(net, WEEK, TODAY, spec)
        result.append(first)
        net = network(*net.contacts, person(f"N{n}", spec, first_due=first))
    return result


@FAST
@given(
    networks(),
    st.integers(0, 3),
    st.sampled_from(("week", "month")),
    st.integers(-20, 20),
)
def test_a_period_never_offers_more_than_its_budget_and_its_slate_only_grows(
    net: Network, budget: int, period: str, offset: int
) -> None:
    prefs = Settings(budget=budget, budget_period=period)
    start, end = period_span(TODAY + days(offset), period)
    offered: set[str] = set()
    for n in range((end - start).days):
        day = start + days(n)  # each day replayed as it was, with what was logged by then
        offered |= {s.contact.id for s in daily_queue(net, prefs, day, energy="normal") if s.trigger == "rhythm"}
    assert len(offered) <= budget
    skips = {d.date: set(d.skipped) for d in net.days}
    period_budget = PeriodBudget(net, prefs, (start, end), end, skips)
    slates = [period_budget.slate(start + days(n)) for n in range((end - start).days)]
    for before, after in zip(slates, slates[1:], strict=False):
        assert after[: len(before)] == before
    assert offered <= set(slates[-1])


def test_months_of_use_with_two_a_week_keep_five_monthly_people_in_rhythm() -> None:
    start, rnd = MONDAY, random.Random(3)
    net = network()
    for n in range(5):
        net.contacts.append(person(f"M{n}", "monthly", created=start, first_due=first_due_for_new(net, WEEK, start, "monthly")))
    touched: dict[str, list[date]] = defaultdict(list)
    per_week: dict[date, set[str]] = defaultdict(set)
    for n in range(180):
        today = start + days(n)
        for s in daily_queue(net, WEEK, today):
            if s.trigger == "rhythm":
                per_week[period_span(today, "week")[0]].add(s.contact.id)
            if rnd.random() < 0.8:  # most days the user acts
                net.touches.append(touch(s.contact, today, s.touch))
                touched[s.contact.id].append(today)
    assert max(len(ids) for ids in per_week.values()) <= 2
    for contact in net.contacts:
        seen = sorted(touched[contact.id])
        gaps = [(b - a).days for a, b in zip([start, *seen], seen, strict=False)]
        assert len(seen) >= 4 and max(gaps) <= 30 + 14, (contact.name, gaps)


def test_the_weekly_window_holds_the_weeks_natural_occasions_and_its_few_people() -> None:
    people, touches = due_people(6)
    sam, ivy, noa, kim, lu = (person(n, "none") for n in ("Sam", "Ivy", "Noa", "Kim", "Lu"))
    net = network(
        *people, *touches, sam, ivy, noa, kim, lu,
        birthday(sam, 3, 15),  # Saturday
        promise(ivy, "send the slides", TODAY + days(5)),
        news(noa, TODAY - days(10), "new job"), news(kim, TODAY - days(2), "gave a talk"), news(lu, TODAY, "a book"),
    )  # fmt: skip
    window = week_queue(net, WEEK, TODAY)
    assert [(s.contact.name, s.trigger) for s in window[:5]] == [
        ("Sam", "birthday"),
        ("Ivy", "promise"),
        ("Lu", "news"),
        ("Kim", "news"),
        ("Noa", "news"),
    ]
    assert window[0].reason == "Birthday on Sat 15 Mar"
    assert rhythm_names(window) == ["P0", "P1"]  # the week's two, no more
    assert len(daily_queue(net, WEEK, TODAY)) == 2  # a day stays small


def test_with_a_budget_per_day_acting_on_a_suggestion_brings_no_other_that_day() -> None:
    people, touches = due_people(6)
    daily = Settings(daily_budget=2)
    assert rhythm_names(daily_queue(network(*people, *touches), daily, TODAY)) == ["P0", "P1"]
    touched = network(*people, *touches, touch(people[0], TODAY))
    assert rhythm_names(daily_queue(touched, daily, TODAY)) == ["P1"]
    assert len(rhythm_names(daily_queue(touched, daily, TODAY + days(1)))) == 2
    skipped = network(*people, *touches, day_record(TODAY, skipped=[people[1]]))
    assert rhythm_names(daily_queue(skipped, daily, TODAY)) == ["P0"]
    not_due = person("Fresh", "monthly")
    early = network(*people, *touches, not_due, touch(not_due, TODAY - days(3)), touch(not_due, TODAY))
    assert rhythm_names(daily_queue(early, daily, TODAY)) == ["P0", "P1"]  # a touch nobody was due for costs nothing
