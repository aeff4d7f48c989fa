"""The daily queue, rule by rule (keepintouch/engine/queue.py, keepintouch/engine/occasions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from strategies_rhythm import (
    TODAY,
    birthday,
    day_record,
    days,
    network,
    news,
    pause,
    person,
    promise,
    touch,
)

from keepintouch.domain.model import LIGHT_KINDS, NO_ANSWER_KINDS, Occasion, PartialDate, Settings
from keepintouch.engine.queue import Suggestion, agenda, daily_queue, week_queue

SETTINGS = Settings(daily_budget=2)  # 2 a day: the day rules; per week and month: test_rhythm_budget.py


def queue(net, today=TODAY, settings=SETTINGS, **kw) -> list[Suggestion]:
    return daily_queue(net, settings, today, **kw)


def names(suggestions) -> list[str]:
    return [s.contact.name for s in suggestions]


def due_people(n: int, rhythm: str = "monthly", late: int = 1, prefix: str = "P", **fields):
    """`n` people with a rhythm, each due `late` days ago (by their last touch)."""
    people = [person(f"{prefix}{i}", rhythm, **fields) for i in range(n)]
    length = {"weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}[rhythm]
    return people, [touch(c, TODAY - days(length + late)) for c in people]


# -- birthdays and anniversaries ---------------------------------------------------


def test_birthdays_today_and_tomorrow_are_shown_kindly() -> None:
    ada, bob, cy, dee = person("Ada", "none"), person("Bob", "none"), person("Cy", "none"), person("Dee", "none")
    net = network(
        ada, bob, cy, dee,
        birthday(ada, 3, 12), birthday(bob, 3, 13, 1985), birthday(cy, 3, 14), birthday(dee, 3, 11),
    )
    result = queue(net)
    assert [(s.contact.name, s.trigger, s.reason, s.touch, s.due) for s in result] == [
        ("Ada", "birthday", "Birthday today", "congrats", TODAY),
        ("Bob", "birthday", "Birthday tomorrow (turns 40)", "congrats", TODAY + days(1)),
    ]


@pytest.mark.parametrize(
    ("today", "reason"),
    [(date(2025, 2, 28), "Birthday today"), (date(2025, 2, 27), "Birthday tomorrow"),
     (date(2024, 2, 29), "Birthday today"), (date(2024, 2, 28), "Birthday tomorrow")],
)
def test_a_29_february_birthday_falls_on_28_february_in_other_years(today: date, reason: str) -> None:
    leap = person("Leap", "none")
    assert [s.reason for s in queue(network(leap, birthday(leap, 2, 29)), today=today)] == [reason]


def test_a_birthday_on_new_years_day_is_tomorrow_on_new_years_eve() -> None:
    ada = person("Ada", "none")
    result = queue(network(ada, birthday(ada, 1, 1, 1990)), today=date(2025, 12, 31))
    assert [(s.reason, s.due) for s in result] == [("Birthday tomorrow (turns 36)", date(2026, 1, 1))]


def test_anniversaries_and_custom_yearly_dates() -> None:
    ada, bob, cy = person("Ada", "none"), person("Bob", "none"), person("Cy", "none")
    net = network(
        ada, bob, cy,
        Occasion(contact_id=ada.id, kind="anniversary", when=PartialDate(3, 12, 2020)),
        Occasion(contact_id=bob.id, kind="anniversary", when=PartialDate(3, 13), label="joined Acme"),
        Occasion(contact_id=cy.id, kind="custom", when=PartialDate(3, 12), label="name day"),
    )
    got = {s.contact.name: (s.trigger, s.reason, s.touch) for s in queue(net)}
    assert got == {
        "Ada": ("anniversary", "Work anniversary today (5 years)", "congrats"),
        "Bob": ("anniversary", "Anniversary tomorrow: joined Acme", "congrats"),
        "Cy": ("anniversary", "Name day today", "message"),
    }


def test_a_yearly_date_whose_year_is_still_ahead_has_not_begun() -> None:
    ada = person("Ada", "none")
    assert queue(network(ada, Occasion(contact_id=ada.id, kind="anniversary", when=PartialDate(3, 12, 2026)))) == []


def test_date_bound_occasions_are_shown_even_above_the_budget() -> None:
    people = [person(f"B{n}", "none") for n in range(5)]
    due, touches = due_people(3)
    net = network(*people, *[birthday(c, 3, 12) for c in people], *due, *touches)
    result = queue(net)
    assert len(result) == 5 and {s.trigger for s in result} == {"birthday"}


def test_congratulating_on_the_eve_settles_the_birthday() -> None:
    ada = person("Ada", "none")
    net = network(ada, birthday(ada, 3, 12), touch(ada, TODAY - days(1), "congrats"))
    assert queue(net) == []
    earlier = network(ada, birthday(ada, 3, 12), touch(ada, TODAY - days(2), "congrats"))
    assert names(queue(earlier)) == ["Ada"]
    they_wrote = network(ada, birthday(ada, 3, 12), touch(ada, TODAY - days(1), direction="in"))
    assert names(queue(they_wrote)) == ["Ada"]


# -- promises -------------------------------------------------------------------------


def test_promises_due_today_or_earlier_are_shown_until_done() -> None:
    ada, bob, cy, dee, eve = (person(n, "none") for n in ("Ada", "Bob", "Cy", "Dee", "Eve"))
    net = network(
        ada, bob, cy, dee, eve,
        promise(ada, "send the article", TODAY),
        promise(bob, "book a lunch", TODAY - days(6)),
        promise(cy, "lunch", TODAY + days(1)),
        promise(dee, "lunch", None),
        promise(eve, "lunch", TODAY - days(1), done=True, done_on=TODAY - days(1)),
    )
    got = [(s.contact.name, s.trigger, s.reason, s.touch, s.due) for s in queue(net)]
    assert got == [
        ("Bob", "promise", "You promised: book a lunch (planned for 6 Mar)", "share", TODAY - days(6)),
        ("Ada", "promise", "You promised: send the article (due today)", "share", TODAY),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("send the slides", "share"), ("introduce her to Bob", "intro"), ("thank him properly", "thanks"),
     ("ask about the flat", "other")],
)
def test_a_promise_suggests_the_touch_its_words_call_for(text: str, kind: str) -> None:
    ada = person("Ada", "none")
    assert [s.touch for s in queue(network(ada, promise(ada, text, TODAY)))] == [kind]


# -- news ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "shown"), [(0, True), (3, True), (13, True), (14, False), (-1, False)])
def test_news_is_a_reason_for_fourteen_days(age: int, shown: bool) -> None:
    ada = person("Ada", "none")
    result = queue(network(ada, news(ada, TODAY - days(age), "gave a talk at PyCon")))
    assert bool(result) is shown
    if age == 3:
        assert [(s.trigger, s.reason, s.touch) for s in result] == [
            ("news", "News: gave a talk at PyCon (3 days ago)", "congrats")
        ]


def test_reaching_out_after_the_news_settles_it_but_their_own_message_does_not() -> None:
    ada = person("Ada", "none")
    noted = news(ada, TODAY - days(4), "new job")
    assert queue(network(ada, noted, touch(ada, TODAY - days(2), "congrats"))) == []
    assert names(queue(network(ada, noted, touch(ada, TODAY - days(4), direction="in")))) == ["Ada"]


def test_news_takes_budget_slots_freshest_first_and_never_exceeds_the_budget() -> None:
    people = [person(f"N{n}", "none") for n in range(4)]
    due, touches = due_people(2)
    net = network(*people, *[news(c, TODAY - days(n), "news") for n, c in enumerate(people)], *due, *touches)
    assert names(queue(net)) == ["N0", "N1"]
    ada = person("Ada", "none")
    with_birthday = network(*net.contacts, ada, birthday(ada, 3, 12), *net.occasions, *touches)
    assert names(queue(with_birthday)) == ["Ada", "N0"]


def test_news_outranks_the_rhythm() -> None:
    due, touches = due_people(3, late=20)
    fresh = person("Fresh", "none")
    assert names(queue(network(*due, *touches, fresh, news(fresh, TODAY, "shipped v1"))))[0] == "Fresh"


# -- one reason per person ------------------------------------------------------------------


def test_a_person_appears_once_for_their_best_reason() -> None:
    ada = person("Ada", "weekly")
    net = network(
        ada, touch(ada, TODAY - days(20)), birthday(ada, 3, 12), promise(ada, "send the article", TODAY),
        news(ada, TODAY, "new job"),
    )
    assert [(s.contact.name, s.trigger) for s in queue(net)] == [("Ada", "birthday")]
    without_birthday = network(ada, *net.touches, *net.promises, *[o for o in net.occasions if o.kind == "news"])
    assert [s.trigger for s in queue(without_birthday)] == ["promise"]


# -- the rhythm fills the rest --------------------------------------------------------------


def test_rhythm_suggestions_fill_what_occasions_leave_of_the_budget() -> None:
    due, touches = due_people(5)
    ada = person("Ada", "none")
    assert [s.trigger for s in queue(network(*due, *touches))] == ["rhythm", "rhythm"]
    assert [s.trigger for s in queue(network(*due, *touches, ada, birthday(ada, 3, 13)))] == ["birthday", "rhythm"]
    assert len(queue(network(*due, *touches), settings=Settings(daily_budget=4))) == 4
    assert len(queue(network(*due, *touches), extra=2)) == 4


def test_most_due_first_relative_to_the_rhythm() -> None:
    weekly, monthly, yearly = person("Weekly", "weekly"), person("Monthly", "monthly"), person("Yearly", "yearly")
    net = network(
        weekly, monthly, yearly,
        touch(weekly, TODAY - days(7 + 4)),  # 4/7 of a rhythm past
        touch(monthly, TODAY - days(30 + 10)),  # 1/3
        touch(yearly, TODAY - days(365 + 40)),  # 1/9, yet the most days past
    )
    assert names(queue(net)) == ["Weekly", "Monthly"]


def test_not_yet_due_people_are_not_suggested() -> None:
    ada = person("Ada", "monthly")
    assert queue(network(ada, touch(ada, TODAY - days(29)))) == []
    assert names(queue(network(ada, touch(ada, TODAY - days(30))))) == ["Ada"]


def test_long_past_due_people_take_at_most_half_and_each_gets_a_turn() -> None:
    long_past, old = due_people(6, late=60, prefix="Long")  # two rhythms past
    fresh, recent = due_people(3, late=2, prefix="Fresh")
    plan = agenda(network(*long_past, *fresh, *old, *recent), SETTINGS, TODAY, 6)
    for _, suggestions in plan:
        assert sorted(n[:4] for n in names(suggestions)) == ["Fres", "Long"]
    assert {n for _, s in plan for n in names(s) if n.startswith("Long")} == {c.name for c in long_past}


def test_with_a_budget_of_one_long_past_due_people_get_every_other_day() -> None:
    long_past, old = due_people(2, late=60, prefix="Long")
    fresh, recent = due_people(2, late=2, prefix="Fresh")
    plan = agenda(network(*long_past, *fresh, *old, *recent), Settings(daily_budget=1), TODAY, 4)
    kinds = [names(s)[0][:4] for _, s in plan]
    assert sorted(kinds) == ["Fres", "Fres", "Long", "Long"] and kinds[0] != kinds[1]


def test_long_past_due_people_fill_the_day_when_nobody_else_waits() -> None:
    long_past, old = due_people(5, late=90)
    assert len(queue(network(*long_past, *old))) == 2


def test_tags_are_varied_where_possible() -> None:
    work = [person(f"Work{n}", "monthly", tags=["Work"]) for n in range(3)]
    friend = person("Friend", "monthly", tags=["friends"])
    net = network(*work, friend, *[touch(c, TODAY - days(30 + 10 - n)) for n, c in enumerate(work)],
                  touch(friend, TODAY - days(31)))
    assert names(queue(net)) == ["Work0", "Friend"]
    no_other = network(*work, *net.touches[:3])
    assert names(queue(no_other)) == ["Work0", "Work1"]


# -- who is left out ---------------------------------------------------------------------------


def test_archived_snoozed_touched_and_skipped_people_are_left_out() -> None:
    gone = person("Gone", "weekly", archived=True)
    snoozed = person("Snoozed", "weekly", snoozed_until=TODAY + days(1))
    called = person("Called", "weekly")
    wrote = person("Wrote", "weekly")
    skipped = person("Skipped", "weekly")
    people = [gone, snoozed, called, wrote, skipped]
    net = network(
        *people, *[touch(c, TODAY - days(10)) for c in people], *[birthday(c, 3, 12) for c in people],
        touch(called, TODAY, "call"), touch(wrote, TODAY, direction="in"), day_record(TODAY, skipped=[skipped]),
    )
    assert queue(net, settings=Settings(daily_budget=9)) == []
    tomorrow = queue(net, today=TODAY + days(1), settings=Settings(daily_budget=9))
    assert sorted(names(tomorrow)) == ["Skipped", "Snoozed"]  # the snooze ends, the skip was for one day


def test_an_occasion_is_left_out_on_a_day_the_person_was_touched() -> None:
    ada = person("Ada", "none")
    net = network(ada, birthday(ada, 3, 13), promise(ada, "lunch", TODAY), touch(ada, TODAY, direction="in"))
    assert queue(net) == []
    assert [s.reason for s in queue(net, today=TODAY + days(1))] == ["Birthday today"]


# -- energy -------------------------------------------------------------------------------------


def test_a_low_energy_day_offers_one_light_touch_at_most() -> None:
    due, touches = due_people(4, topics=["jazz"])
    ada, bob = person("Ada", "none"), person("Bob", "none")
    promised = [promise(bob, "ask about the flat", TODAY)]
    low = queue(network(*due, *touches, bob, *promised), energy="low")
    assert len(low) == 1 and low[0].trigger == "rhythm" and low[0].touch in LIGHT_KINDS
    with_birthday = network(*due, *touches, ada, bob, birthday(ada, 3, 12), *promised)
    assert [(s.contact.name, s.touch) for s in queue(with_birthday, energy="low")] == [("Ada", "congrats")]
    assert queue(network(bob, *promised), energy="low") == []


def test_the_days_energy_is_read_from_its_day_record_unless_given() -> None:
    due, touches = due_people(6)
    net = network(*due, *touches, day_record(TODAY, "low"))
    assert len(queue(net)) == 1
    assert len(queue(net, energy="normal")) == 2
    assert len(queue(network(*due, *touches, day_record(TODAY, "high")))) == 4
    assert len(queue(net, extra=3)) == 1


def test_high_energy_is_the_budget_plus_two() -> None:
    due, touches = due_people(9)
    assert len(queue(network(*due, *touches), energy="high", settings=Settings(daily_budget=3))) == 5


# -- let people be silent --------------------------------------------------------------------------


def test_while_awaiting_a_reply_only_a_touch_needing_no_answer_is_offered() -> None:
    people = [person(f"W{n}", "weekly") for n in range(12)]
    net = network(*people, *[touch(c, date(2024, 10, 10), awaiting_reply=True) for c in people])
    plan = agenda(net, Settings(daily_budget=12), TODAY, 1)[0][1]
    assert len(plan) == 12
    assert all(s.touch in NO_ANSWER_KINDS for s in plan)
    assert all(s.reason.startswith("Waiting to hear back since 10 Oct 2024 — ") for s in plan)
    assert all(s.reason.endswith("needs no answer") for s in plan)
    assert {s.touch for s in plan} == set(NO_ANSWER_KINDS)


def test_a_resting_person_gets_no_rhythm_suggestion_but_occasions_still_count() -> None:
    ada = person("Ada", "weekly")
    unanswered = [touch(ada, TODAY - days(90), awaiting_reply=True), touch(ada, TODAY - days(60), awaiting_reply=True)]
    net = network(ada, *unanswered)
    assert queue(net) == []
    assert [s.trigger for s in queue(network(*net.contacts, *net.touches, birthday(ada, 3, 12)))] == ["birthday"]
    replied = network(*net.contacts, *net.touches, touch(ada, TODAY - days(8), direction="in"))
    assert names(queue(replied)) == ["Ada"]


# -- pause ---------------------------------------------------------------------------------------


def test_the_queue_is_empty_while_paused_even_for_birthdays() -> None:
    due, touches = due_people(3)
    ada = person("Ada", "none")
    net = network(*due, *touches, ada, birthday(ada, 3, 13), pause(TODAY - days(3), TODAY + days(1)))
    assert queue(net) == []
    assert [s.reason for s in queue(net, today=TODAY + days(1))] == ["Birthday today"]  # the day it ends is normal


# -- wording ----------------------------------------------------------------------------------------


def test_rhythm_reasons_say_the_rhythm_and_the_last_touch() -> None:
    ada, bob = person("Ada", "monthly"), person("Bob", "6w")
    cy = person("Cy", "quarterly", first_due=TODAY - days(1))
    net = network(ada, bob, cy, touch(ada, TODAY - days(35), "coffee"), touch(bob, TODAY - days(60), direction="in"))
    reasons = {s.contact.name: s.reason for s in queue(net, settings=Settings(daily_budget=3))}
    assert reasons == {
        "Ada": "Monthly rhythm; last touch 5 weeks ago (coffee)",
        "Bob": "Rhythm every 6 weeks; last touch 2 months ago (message from them)",
        "Cy": "Quarterly rhythm; you haven't been in touch yet",
    }


def test_topics_shape_the_light_touch() -> None:
    people = [person(f"T{n}", "monthly", topics=["Rust"]) for n in range(10)]
    net = network(*people, *[touch(c, TODAY - days(31)) for c in people])
    result = queue(net, settings=Settings(daily_budget=10))
    assert {s.touch for s in result} == {"share", "comment"}
    for s in result:
        assert s.reason.endswith({"share": " — share something about Rust",
                                  "comment": " — comment on something about Rust"}[s.touch])


def test_plain_rhythm_touches_vary_but_stay_the_same_while_one_waits() -> None:
    due, touches = due_people(12)
    net = network(*due, *touches)
    first = queue(net, settings=Settings(daily_budget=12))
    assert {s.touch for s in first} == {"react", "share", "comment"}
    again = daily_queue(net, Settings(daily_budget=12), TODAY + days(1))
    assert {s.contact.id: s.touch for s in again} == {s.contact.id: s.touch for s in first}


# -- agenda and the weekly window ----------------------------------------------------------------------


def test_the_agenda_starts_with_today_and_shows_coming_occasions() -> None:
    ada = person("Ada", "none")
    due, touches = due_people(1)
    net = network(ada, birthday(ada, 3, 15), *due, *touches, pause(TODAY + days(5), TODAY + days(7)))
    plan = agenda(net, SETTINGS, TODAY, 8)
    assert [day for day, _ in plan] == [TODAY + days(n) for n in range(8)]
    assert plan[0][1] == queue(net)
    assert [s.reason for s in plan[2][1] if s.trigger == "birthday"] == ["Birthday tomorrow"]
    assert [s.reason for s in plan[3][1] if s.trigger == "birthday"] == ["Birthday today"]
    assert plan[5][1] == plan[6][1] == []
    assert [names(s) for _, s in plan] == [["P0"], ["P0"], ["Ada", "P0"], ["Ada", "P0"], ["P0"], [], [], ["P0"]]


def test_the_weekly_window_adds_the_coming_week_up_to_three_budgets() -> None:
    now, touches_now = due_people(2, late=3, prefix="Now")
    soon = [person(f"Soon{n}", "monthly") for n in range(6)]
    later = person("Later", "monthly")
    net = network(
        *now, *soon, later, *touches_now,
        *[touch(c, TODAY - days(30) + days(n + 1)) for n, c in enumerate(soon)],
        touch(later, TODAY - days(30) + days(8)),
    )
    window = week_queue(net, SETTINGS, TODAY)
    assert names(window) == ["Now0", "Now1", "Soon0", "Soon1", "Soon2", "Soon3"]
    assert window[2].due == TODAY + days(1)
    low_day = network(*net.contacts, *net.touches, day_record(TODAY, "low"))
    assert names(week_queue(low_day, SETTINGS, TODAY)) == ["Now0"]


def test_the_weekly_window_keeps_date_bound_occasions() -> None:
    people = [person(f"B{n}", "none") for n in range(7)]
    net = network(*people, *[birthday(c, 3, 12) for c in people])
    assert len(week_queue(net, SETTINGS, TODAY)) == 7
